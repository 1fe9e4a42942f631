# Starts a long `phonon render` into an empty folder, waits until the render is under way (its
# temporary file exists), sends it a signal, and prints how it ended and what the folder holds.
# Usage: interrupt-render.py PHONON PATCH FOLDER SIGNAL [render options...]
import os
import signal
import subprocess
import sys
import time

phonon, patch, folder, signal_name = sys.argv[1:5]
options = sys.argv[5:]
os.makedirs(folder, exist_ok=True)
for name in os.listdir(folder):
    os.remove(os.path.join(folder, name))

render = subprocess.Popen(
    [phonon, "render", patch, "-o", os.path.join(folder, "out.wav"), "--duration", "86400"]
    + options, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    # As from an interactive shell: lit's workers ignore SIGINT, and phonon (rightly) leaves an
    # ignored signal ignored.
    preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
deadline = time.monotonic() + 120
while not any(name.startswith(".out.wav.tmp-") for name in os.listdir(folder)):
    if render.poll() is not None:
        sys.exit("the render ended before the signal: " + render.stderr.read().decode())
    if time.monotonic() > deadline:
        render.kill()
        sys.exit("the render did not start within 120 s")
    time.sleep(0.01)
time.sleep(0.3)  # well into the block loop
render.send_signal(getattr(signal, signal_name))
try:
    status = render.wait(timeout=60)
except subprocess.TimeoutExpired:
    render.kill()
    sys.exit("the render did not stop on " + signal_name)
if status < 0:
    print("killed by " + signal.Signals(-status).name)
else:
    print("exited with status %d" % status)
print("left: [%s]" % ", ".join(sorted(os.listdir(folder))))
