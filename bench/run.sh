#!/usr/bin/env bash
# Issue 15's figures in one run (bench/README.md): the five shared workloads rendered by Phonon
# (JIT, object file, interpreter) and by the peers, --threads 2 against 1, and compile time,
# peak memory and render speed of generated patches of 10 to 100 000 nodes; tables on standard
# output and a dated section of bench/RESULTS.md with a pass/fail line per acceptance target.
#
#   bench/run.sh                     everything (about 15-30 minutes on a 2-core machine)
#   QUICK=1 bench/run.sh             one run, short renders, up to 1 000 nodes: to try it
#   ONLY=w2,w4,threads bench/run.sh  parts: w1..w5 workloads threads sizes sum chain mixed recompile
#   RUNS=5 bench/run.sh              runs per figure (default 3; medians, interleaved)
# Other settings: BUILD (Phonon's build folder, default build), PEERS_DIR (../shared/bench),
# PEERS_BUILD (where the peers are built, default /tmp/peers), PEERS (bench.py systems, "all" or
# "none"), SIZES (node counts, e.g. 10,100), TIMEOUT (seconds per generated patch, default 120),
# MEMORY_MB (resident memory at which a generated patch is killed, default 6144),
# WORK (scratch folder, default /tmp/phonon-bench), RESULTS (the file written; - for none).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v python3 >/dev/null || { echo "bench/run.sh: python3 is missing (apt-get install python3)"; exit 1; }
ARGS=(run --build "${BUILD:-build}" --peers-dir "${PEERS_DIR:-../shared/bench}"
      --peers-build "${PEERS_BUILD:-/tmp/peers}" --work "${WORK:-/tmp/phonon-bench}"
      --timeout "${TIMEOUT:-120}" --memory-mb "${MEMORY_MB:-6144}"
      --results "${RESULTS:-bench/RESULTS.md}")
[ -n "${QUICK:-}" ] && [ "${QUICK}" != 0 ] && ARGS+=(--quick)
[ -n "${ONLY:-}" ] && ARGS+=(--only "$ONLY")
[ -n "${RUNS:-}" ] && ARGS+=(--runs "$RUNS")
[ -n "${PEERS:-}" ] && ARGS+=(--peers "$PEERS")
[ -n "${SIZES:-}" ] && ARGS+=(--sizes "$SIZES")
exec python3 bench/perf.py "${ARGS[@]}"
