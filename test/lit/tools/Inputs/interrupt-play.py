# Starts `phonon play` with no end, waits until it plays (its first line), sends it a signal, and
# prints how it ended and what it printed. Usage: interrupt-play.py PHONON PATCH SIGNAL [options...],
# or interrupt-play.py --program PROGRAM SIGNAL [options...] for a standalone program's --play.
import signal
import subprocess
import sys
import time

if sys.argv[1] == "--program":
    program, signal_name = sys.argv[2:4]
    command = [program, "--play"]
else:
    phonon, patch, signal_name = sys.argv[1:4]
    command = [phonon, "play", patch]
player = subprocess.Popen(
    command + sys.argv[4:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    # As from an interactive shell: lit's workers ignore SIGINT, and phonon leaves an ignored
    # signal ignored.
    preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
first = player.stdout.readline().decode()
if not first.startswith("playing "):
    player.kill()
    sys.exit(" ".join(command) + " did not start: " + first + player.stdout.read().decode())
print(first, end="")
time.sleep(0.3)
player.send_signal(getattr(signal, signal_name))
try:
    status = player.wait(timeout=60)
except subprocess.TimeoutExpired:
    player.kill()
    sys.exit(" ".join(command) + " did not stop on " + signal_name)
print(player.stdout.read().decode(), end="")
if status < 0:
    print("killed by " + signal.Signals(-status).name)
else:
    print("exited with status %d" % status)
