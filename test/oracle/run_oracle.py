#!/usr/bin/env python3
"""Runs every oracle case through `phonon query --batch` and compares with the expected events.

Cases tagged strudel-only (Phonon follows Tidal there) and the documented conflicts of
conflicts.txt are skipped; both are covered by unit tests of the Tidal rule. Prints compare.py's
summary, `N passed, N failed`, and fails unless nothing failed.
"""
import json
import os
import subprocess
import sys
import tempfile

def main():
    phonon, oracle = sys.argv[1], sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    cases = os.path.join(oracle, "cases.jsonl")
    expected = os.path.join(oracle, "expected.jsonl")
    compare = os.path.join(oracle, "compare.py")
    conflicts = {}
    with open(os.path.join(here, "conflicts.txt")) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                case_id, reason = line.split(None, 1)
                conflicts[case_id] = reason.strip()
    result = subprocess.run([phonon, "query", "--batch", cases], capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        def keep(path, out):
            with open(path) as src, open(out, "w") as dst:
                for line in src:
                    if line.strip() and json.loads(line).get("id") not in conflicts:
                        dst.write(line)
        exp = os.path.join(tmp, "expected.jsonl")
        act = os.path.join(tmp, "actual.jsonl")
        keep(expected, exp)
        with open(os.path.join(tmp, "all.jsonl"), "w") as f:
            f.write(result.stdout)
        keep(os.path.join(tmp, "all.jsonl"), act)
        for case_id, reason in conflicts.items():
            print(f"SKIP {case_id}: {reason}")
        run = subprocess.run([sys.executable, compare, exp, act, "--skip-tag", "strudel-only", "-q"],
                             capture_output=True, text=True)
        print(run.stdout, end="")
        print(run.stderr, end="", file=sys.stderr)
        return run.returncode

if __name__ == "__main__":
    sys.exit(main())
