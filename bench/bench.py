#!/usr/bin/env python3
"""bench.py BIN — time infralint on a generated 50,000-resource plan (see run.sh).

Configurations, each the best of BENCH_RUNS runs (wall clock; peak RSS of that run):
  load only            every rule disabled: reading and indexing the plan
  built-in rules       all of them, --env prod (so prod-scoped rules run too)
  + bench policies     built-ins plus bench/policies/: 10 Lua policies, each over one type
  bench policies only  the 10 policies without the built-ins
  + lua-policies       built-ins plus the shipped packs (lua-policies/)
  lua-policies only    the shipped packs without the built-ins
  naive parse          json_load_file on the same file (DESIGN.md's yardstick)
The target of issue 5: "+ bench policies" costs at most 30% over "built-in rules". On a shared
machine the runs with built-ins vary by seconds; the "own cost" lines (a configuration minus
"load only") show what the policies themselves take.
"""
import os
import subprocess
import sys
import time

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(top, "bench", "out")


def run(argv):
    t = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit("bench: %s exited with %d" % (" ".join(argv), code))
    return wall, ru.ru_maxrss / 1024.0


def best(argv, runs):
    results = [run(argv) for _ in range(runs)]
    return min(results)


def main():
    binary = os.path.abspath(sys.argv[1])
    n = int(os.environ.get("BENCH_RESOURCES", "50000"))
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    os.makedirs(out, exist_ok=True)
    plan = os.path.join(out, "plan-%d.json" % n)
    gen = os.path.join(top, "bench", "gen_plan.py")
    if not os.path.exists(plan) or os.path.getmtime(plan) < os.path.getmtime(gen):
        print("bench: generating %s" % os.path.relpath(plan, top), flush=True)
        subprocess.check_call([sys.executable, gen, "--resources", str(n), "--out", plan])
    naive = os.path.join(out, "naive_parse")
    src = os.path.join(top, "bench", "naive_parse.c")
    if not os.path.exists(naive) or os.path.getmtime(naive) < os.path.getmtime(src):
        flags = subprocess.check_output(["pkg-config", "--cflags", "--libs", "jansson"]).split()
        subprocess.check_call(["cc", "-O2", "-o", naive, src] + [f.decode() for f in flags])
    size = os.path.getsize(plan) / 1e6
    print("bench: %d resources, %.0f MB of plan JSON, best of %d runs" % (n, size, runs))
    base = [binary, "--env", "prod", "-q"]
    configs = [
        ("load only", base + ["--disable", "*", plan]),
        ("built-in rules", base + [plan]),
        ("+ bench policies", base + ["-p", os.path.join(top, "bench", "policies"), plan]),
        ("bench policies only", base + ["--disable", "tf/*", "--disable", "infralint/*", "-p",
                                        os.path.join(top, "bench", "policies"), plan]),
        ("+ lua-policies", base + ["-p", os.path.join(top, "lua-policies"), plan]),
        ("lua-policies only", base + ["--disable", "tf/*", "--disable", "infralint/*", "-p",
                                      os.path.join(top, "lua-policies"), plan]),
        ("naive parse", [naive, plan]),
    ]
    t = {}
    for name, argv in configs:
        wall, rss = best(argv, runs)
        t[name] = wall
        print("  %-20s %7.2f s  %6.0f MB" % (name, wall, rss), flush=True)
    own = {k: t[k] - t["load only"] for k in t}
    print("ratios:")
    print("  + bench policies / built-in rules   %.2f  (target <= 1.30)" %
          (t["+ bench policies"] / t["built-in rules"]))
    print("  + lua-policies / built-in rules     %.2f" %
          (t["+ lua-policies"] / t["built-in rules"]))
    print("  own cost: 10 bench policies %+.2f s, shipped packs %+.2f s, built-in rules %+.2f s" %
          (own["bench policies only"], own["lua-policies only"], own["built-in rules"]))
    print("  built-in rules / naive parse        %.2f  (DESIGN.md: below 1 with the shipped policies)"
          % (t["built-in rules"] / t["naive parse"]))

if __name__ == "__main__":
    main()
