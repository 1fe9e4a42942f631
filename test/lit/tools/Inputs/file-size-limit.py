# Runs `phonon render` into an empty folder under a file-size limit (ulimit -f) that the output
# passes, and prints how it ended and what the folder holds.
# Usage: file-size-limit.py PHONON PATCH FOLDER LIMIT_BYTES [render options...]
import os
import resource
import signal
import subprocess
import sys

phonon, patch, folder, limit = sys.argv[1:5]
options = sys.argv[5:]
os.makedirs(folder, exist_ok=True)
for name in os.listdir(folder):
    os.remove(os.path.join(folder, name))


def limited():
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(limit), int(limit)))
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)  # its default: the process dies of it


status = subprocess.run(
    [phonon, "render", patch, "-o", os.path.join(folder, "out.wav")] + options,
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=limited).returncode
if status < 0:
    print("killed by " + signal.Signals(-status).name)
else:
    print("exited with status %d" % status)
print("left: [%s]" % ", ".join(sorted(os.listdir(folder))))
