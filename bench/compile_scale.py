#!/usr/bin/env python3
"""Compile time and memory at scale (issue 15): generated patches of N nodes.

Usage: bench/compile_scale.py [--phonon PATH] [--baseline PATH] [--sizes 1000,10000,...]
                              [--kinds sum,chain] [--duration SECONDS] [--rounds N]

For each size N and kind it writes a patch to a temporary folder:
  sum    a stack of N sines (one bank that accumulates into the sum)
  chain  noise through a chain of N `lpf` (fuse cuts it into kernels of bounded cost)
and renders it with `phonon render --time-passes --threads 1` for --duration seconds (default
0.01: almost only the compile), ROUNDS times (default 3), alternating with --baseline when one
is given. Prints the medians of: the compiler's own `; total (source to runnable)` line, the
code generation phases (LLVM's optimisation and machine code, summed over the threads that ran
them), the whole process's wall and CPU time, and its peak memory (max RSS).
The machine may be shared: compare only figures of one run, and CPU time beside wall time.
"""
import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

TIMING = re.compile(r"^;   (.+?) +([0-9]+\.[0-9]+)$")


def write_patch(folder, kind, n):
    path = os.path.join(folder, f"{kind}{n}.ph")
    with open(path, "w") as f:
        if kind == "sum":
            items = [f"sine {100 + 0.5 * i:.1f}" for i in range(n)]
            f.write("out: stack [" + items[0])
            # A line may not pass 1 MiB: continuation lines of 100 items.
            for i in range(1, n):
                f.write((",\n  " if i % 100 == 0 else ", ") + items[i])
            f.write(f"] * {1.0 / n:.8f}\n")
        else:
            f.write("out: noise")
            for i in range(n):
                f.write(("\n  # " if i % 100 == 99 else " # ") + f"lpf {2000 + (i % 50) * 10} 0.7")
            f.write(" * 0.5\n")
    return path


def takes_time_passes(phonon):
    """Whether this build's `phonon render` prints its timings (older ones do not)."""
    usage = subprocess.run([phonon, "render", "--help"], capture_output=True, text=True).stdout
    return "--time-passes" in usage


def render(phonon, patch, duration, folder):
    """One whole process: its timing lines (none from a build without them), wall and CPU
    seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    timed = ["--time-passes"] if takes_time_passes(phonon) else []
    result = subprocess.run(
        [phonon, "render", patch, "-o", os.path.join(folder, "out.wav"), "--duration",
         str(duration), "--threads", "1", "--quiet"] + timed,
        capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{phonon} render {patch} failed:\n{result.stderr[-2000:]}")
    timings = {}
    for line in result.stderr.splitlines():
        m = TIMING.match(line)
        if m:
            timings[m.group(1)] = float(m.group(2))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return timings, wall, cpu


def peak_rss_mb(phonon, patch, duration, folder):
    """Peak RSS of one render: ru_maxrss of a process's children is the largest child's so
    far, so the render runs as the only child of a fresh Python."""
    code = ("import resource,subprocess,sys;"
            "subprocess.run(sys.argv[1:],capture_output=True);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run(
        [sys.executable, "-c", code, phonon, "render", patch, "-o",
         os.path.join(folder, "out.wav"), "--duration", str(duration), "--threads", "1",
         "--quiet"], capture_output=True, text=True).stdout
    return int(out.strip() or 0) / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--phonon", default="build/tools/phonon")
    parser.add_argument("--baseline")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--kinds", default="sum,chain")
    parser.add_argument("--duration", type=float, default=0.01)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    builds = [("new", args.phonon)] + ([("baseline", args.baseline)] if args.baseline else [])
    print(f"{'patch':>12} {'build':>8} {'source→runnable':>15} {'llvm-opt':>9} {'llvm-mc':>9} "
          f"{'wall s':>7} {'cpu s':>7} {'RSS MB':>7}")
    with tempfile.TemporaryDirectory() as folder:
        for n in [int(s) for s in args.sizes.split(",")]:
            for kind in args.kinds.split(","):
                patch = write_patch(folder, kind, n)
                runs = {name: [] for name, _ in builds}
                for _ in range(args.rounds):
                    for name, phonon in builds:
                        runs[name].append(render(phonon, patch, args.duration, folder))
                for name, phonon in builds:
                    med = lambda f: statistics.median(f(r) for r in runs[name])
                    total = med(lambda r: r[0].get("total (source to runnable)", float("nan")))
                    opt = med(lambda r: r[0].get("llvm-optimize", float("nan")))
                    mc = med(lambda r: r[0].get("llvm-codegen", float("nan")))
                    rss = peak_rss_mb(phonon, patch, args.duration, folder)
                    ms = lambda v, w: f"{'-':>{w}}  " if v != v else f"{v:{w}.0f}ms"
                    print(f"{kind + str(n):>12} {name:>8} {ms(total, 13)} {ms(opt, 7)} {ms(mc, 7)} "
                          f"{med(lambda r: r[1]):7.2f} {med(lambda r: r[2]):7.2f} {rss:7.0f}",
                          flush=True)


if __name__ == "__main__":
    main()
