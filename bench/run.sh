#!/bin/sh
# run.sh BIN — the benchmark (`make bench`): generates its inputs under bench/out/ (no downloads),
# times infralint with and without Lua policies, and prints the ratios. BENCH_RESOURCES (50000)
# and BENCH_RUNS (best of 3) change the size and the repetitions.
set -eu
bin=${1:?usage: bench/run.sh BIN}
cd "$(dirname "$0")/.."
exec python3 bench/bench.py "$bin"
