# Starts `phonon play` with no end, waits until it plays (its first line), sends it a signal, and
# prints how it ended and what it printed. Usage: interrupt-play.py PHONON PATCH SIGNAL [options...]
import signal
import subprocess
import sys
import time

phonon, patch, signal_name = sys.argv[1:4]
player = subprocess.Popen(
    [phonon, "play", patch] + sys.argv[4:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    # As from an interactive shell: lit's workers ignore SIGINT, and phonon leaves an ignored
    # signal ignored.
    preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
first = player.stdout.readline().decode()
if not first.startswith("playing "):
    player.kill()
    sys.exit("phonon play did not start: " + first + player.stdout.read().decode())
print(first, end="")
time.sleep(0.3)
player.send_signal(getattr(signal, signal_name))
try:
    status = player.wait(timeout=60)
except subprocess.TimeoutExpired:
    player.kill()
    sys.exit("phonon play did not stop on " + signal_name)
print(player.stdout.read().decode(), end="")
if status < 0:
    print("killed by " + signal.Signals(-status).name)
else:
    print("exited with status %d" % status)
