#!/usr/bin/env python3
"""Realtime factors of two phonon builds on the shared benchmark patches, run alternately.

usage: bench/simd_banks.py BASELINE_PHONON NEW_PHONON [ROUNDS] [--duration S]

Renders ../shared/bench's w4 (2000 summed sines) and w2 (256 saws summed into a filter; `lpf
1200 0.7` stands in for `bq_lp 1200 0.7` where a build lacks bq_lp) with
`phonon render FILE -o OUT --duration 20 --sample-rate 48000 --threads 1`, baseline and new
build alternately, ROUNDS times each, and prints per build and patch the median and minimum
wall time (the whole process: compilation included) and user CPU time, the realtime factors
(seconds of audio per second) and the new/baseline ratios. Also the wall time of a 0.01 s
render, which is nearly all compilation. The machine may be shared: compare medians of
alternate runs, never numbers from different runs.
"""
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED_BENCH = os.path.join(HERE, '..', '..', 'shared', 'bench')


def sources():
    """w2 and w4 exactly as ../shared/bench/gen.py writes them (w2 with lpf for bq_lp)."""
    for candidate in (SHARED_BENCH, '/work/shared/bench'):
        if os.path.exists(os.path.join(candidate, 'gen.py')):
            sys.path.insert(0, candidate)
            break
    import gen  # noqa: E402  (../shared/bench/gen.py)
    texts = gen.phonon_sources()
    return {
        'w4': texts['w4'],
        'w2': texts['w2'].replace('bq_lp 1200 0.7', 'lpf 1200 0.7'),
    }


def run(phonon, patch, out, duration):
    """(wall seconds, user+sys CPU seconds) of one render process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([phonon, 'render', patch, '-o', out, '--duration', str(duration),
                    '--sample-rate', '48000', '--threads', '1'],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    duration = 20.0
    if '--duration' in sys.argv:
        duration = float(sys.argv[sys.argv.index('--duration') + 1])
        args.remove(sys.argv[sys.argv.index('--duration') + 1])
    if len(args) < 2:
        sys.exit(__doc__)
    builds = {'baseline': args[0], 'new': args[1]}
    rounds = int(args[2]) if len(args) > 2 else 5
    with tempfile.TemporaryDirectory() as tmp:
        patches = {}
        for name, text in sources().items():
            patches[name] = os.path.join(tmp, name + '.ph')
            with open(patches[name], 'w') as f:
                f.write(text)
        out = os.path.join(tmp, 'out.wav')
        times = {(b, p, d): [] for b in builds for p in patches for d in (duration, 0.01)}
        for r in range(rounds):
            for p in patches:
                for d in (duration, 0.01):
                    for b in builds:  # alternate: baseline, new, baseline, new …
                        times[(b, p, d)].append(run(builds[b], patches[p], out, d))
            print(f'round {r + 1}/{rounds} done', file=sys.stderr)
    print(f'{rounds} alternate rounds, {duration:g} s of audio at 48 kHz, --threads 1')
    print('| patch | build | wall median (min) | realtime (wall) | CPU median | realtime (CPU) '
          '| 0.01 s render wall |')
    print('| --- | --- | --- | --- | --- | --- | --- |')
    medians = {}
    for p in patches:
        for b in builds:
            walls = [w for w, _ in times[(b, p, duration)]]
            cpus = [c for _, c in times[(b, p, duration)]]
            short = statistics.median(w for w, _ in times[(b, p, 0.01)])
            wall, cpu = statistics.median(walls), statistics.median(cpus)
            medians[(b, p)] = (wall, cpu)
            print(f'| {p} | {b} | {wall:.3f} s ({min(walls):.3f}) | {duration / wall:.1f}x '
                  f'| {cpu:.3f} s | {duration / cpu:.1f}x | {short:.3f} s |')
    for p in patches:
        bw, bc = medians[('baseline', p)]
        nw, nc = medians[('new', p)]
        print(f'{p}: new is {bw / nw:.2f}x faster in wall time, {bc / nc:.2f}x in CPU time')


if __name__ == '__main__':
    main()
