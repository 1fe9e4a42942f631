"""Runs a render with its progress bar forced on (or, with --tty, under `script` on a real
terminal) and checks the bar: drawn, and redrawn at most ten times a second of wall time, plus
the final draw."""
import os
import shutil
import subprocess
import sys
import time

args = sys.argv[1:]
tty = args[:1] == ["--tty"]
if tty:
    args = args[1:]
    if not shutil.which("script"):
        print("no script on this machine: the terminal path is not checked")
        sys.exit(0)
    command = ["script", "-qec", " ".join(args), "/dev/null"]
    env = dict(os.environ)
    env.pop("PHONON_FORCE_PROGRESS", None)
else:
    command = args
    env = dict(os.environ, PHONON_FORCE_PROGRESS="1")
start = time.monotonic()
run = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
wall = time.monotonic() - start
text = run.stdout.decode("utf-8", "replace")
if run.returncode != 0:
    sys.exit("render failed: " + text)
draws = text.count("\r[")
if draws == 0 or "100%" not in text:
    sys.exit("no progress bar in: " + repr(text[:400]))
if tty:
    print("bar drawn")
    sys.exit(0)
if draws > 10 * wall + 1:
    sys.exit(f"{draws} redraws in {wall:.2f} s")
print(f"at most 10 redraws a second ({draws} in {wall:.2f} s)")
