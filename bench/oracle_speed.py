#!/usr/bin/env python3
"""Times `phonon query --batch` against the reference CLI (`node query.mjs`) on the oracle cases,
in one run on one machine. Both read the same cases.jsonl; each is run RUNS times and the median
wall time (whole process, start-up included) is reported with the ratio.

Usage: bench/oracle_speed.py [PHONON] [ORACLE_DIR] [RUNS]
Needs node and npm (the reference's packages are installed into a temporary copy with npm ci).
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

def timed(cmd, stdin_path, cwd=None):
    with open(stdin_path) as stdin:
        start = time.perf_counter()
        subprocess.run(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       cwd=cwd, check=True)
        return time.perf_counter() - start

def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    phonon = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build/tools/phonon")
    oracle = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "../shared/oracle")
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    with tempfile.TemporaryDirectory() as tmp:
        ref = os.path.join(tmp, "oracle")
        shutil.copytree(oracle, ref)
        for dirpath, _, files in os.walk(ref):
            for f in files:
                os.chmod(os.path.join(dirpath, f), 0o644)
        subprocess.run(["npm", "ci", "--silent"], cwd=ref, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cases = os.path.join(ref, "cases.jsonl")
        count = sum(1 for line in open(cases) if line.strip())
        reference, ours = [], []
        for _ in range(runs):  # interleaved, so that machine noise hits both alike
            reference.append(timed(["node", "query.mjs"], cases, cwd=ref))
            ours.append(timed([phonon, "query", "--batch", "-"], cases))
    r, p = statistics.median(reference), statistics.median(ours)
    print(f"cases: {count}, runs: {runs}")
    print(f"reference (node query.mjs):  median {r * 1000:8.1f} ms  (min {min(reference) * 1000:.1f})")
    print(f"phonon query --batch:        median {p * 1000:8.1f} ms  (min {min(ours) * 1000:.1f})")
    print(f"speed-up: {r / p:.1f}x")

if __name__ == "__main__":
    main()
