#!/bin/sh
# run.sh BUILD SECONDS: run every fuzz harness in BUILD for SECONDS each, seeded with the YAML
# inputs of testdata/; new inputs found stay in BUILD/corpus-NAME/ for the next run. Prints each
# harness's last libFuzzer status line (with the number of executions) and fails on a crash.
set -u
build=$1
secs=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
seeds="$build/seeds"
mkdir -p "$seeds"
find "$top/testdata" -name '*.yml' -o -name '*.yaml' | while read -r f; do
    cp "$f" "$seeds/$(printf '%s' "$f" | cksum | cut -d' ' -f1).yml"
done
rc=0
for h in "$build"/fuzz_*; do
    [ -x "$h" ] || continue
    name=$(basename "$h")
    mkdir -p "$build/corpus-$name"
    echo "== $name: ${secs}s"
    "$h" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 "$build/corpus-$name" "$seeds" > "$build/$name.log" 2>&1 || rc=1
    grep -E '^#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|ERROR|SUMMARY' "$build/$name.log" | tail -4
done
exit $rc
