#!/usr/bin/env python3
"""Pass times and compile/render times of wide patches (issue 5).

Usage: bench/compile_speed.py BUILD_DIR [SINES]

Writes a patch of SINES oscillators summed (default 3334: about 10 000 IR instructions) to a
temporary folder, then in one run of this script:
  * `phononc --time-passes -O3 --emit=ir` (the IR passes, per pass, in milliseconds);
  * `phonon render` of 1 s (compile included) and of 0.01 s (almost only the compile) at -O1,
    -O2 and -O3, one and two threads, wall time of the whole process.
Figures from one machine only compare with each other.
"""
import os
import subprocess
import sys
import tempfile
import time


def run(cmd):
    start = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{result.stderr}")
    return elapsed, result


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    sines = int(sys.argv[2]) if len(sys.argv) > 2 else 3334
    phononc = os.path.join(build, "tools", "phononc")
    phonon = os.path.join(build, "tools", "phonon")
    with tempfile.TemporaryDirectory() as tmp:
        patch = os.path.join(tmp, "wide.ph")
        terms = " + ".join(f"sine {100 + i * 0.5:g}" for i in range(sines))
        with open(patch, "w") as f:
            f.write(f"out: ({terms}) * {1.0 / sines:.6g}\n")
        _, result = run([phononc, patch, "--emit=ir", "-O3", "--time-passes"])
        instructions = sum(1 for line in result.stdout.splitlines() if " = " in line or "out " in line)
        print(f"{sines} sines summed: {instructions} IR instructions after -O3")
        print(result.stderr.rstrip())
        wav = os.path.join(tmp, "out.wav")
        print("\nlevel threads  compile(0.01 s render)  1 s render")
        for level in ("-O1", "-O2", "-O3"):
            for threads in ("1", "2"):
                short, _ = run([phonon, "render", patch, "-o", wav, "--duration", "0.01", level,
                                "--threads", threads])
                long, _ = run([phonon, "render", patch, "-o", wav, "--duration", "1", level,
                               "--threads", threads])
                print(f"{level:5} {threads:>7}  {short:19.2f} s  {long:8.2f} s")


if __name__ == "__main__":
    main()
