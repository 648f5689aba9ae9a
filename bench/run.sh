#!/bin/sh
# run.sh BIN — the benchmark (`make bench`): generates its inputs under bench/out/ (no downloads)
# and prints each target as a ratio (see bench.py for the shapes and the variables:
# BENCH_RESOURCES, BENCH_RUNS, BENCH_ONLY, BENCH_ACTIONLINT).
set -eu
bin=${1:?usage: bench/run.sh BIN}
cd "$(dirname "$0")/.."
exec python3 bench/bench.py "$bin"
