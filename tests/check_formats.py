#!/usr/bin/env python3
"""check_formats.py — every output format is valid and escaped, and baselines round-trip.

1. Every golden case under testdata/ runs once with all five formats: the SARIF validates against
   the SARIF 2.1.0 schema (tests/schemas/, checked identical to ../shared/schemas/ when that is
   there) and meets what GitHub code scanning requires; the JSON validates against
   docs/json-report-v1.schema.json; the JUnit is well-formed XML whose counts add up; the github
   format is workflow commands only, within GitHub's limits, escaped as @actions/core escapes.
2. Crafted file names, job ids and SQL identifiers (newline, CR, ESC, bidi, %, ::, ',', <, &,
   ]]>, quotes, non-ASCII) cannot forge lines or commands in any format.
3. Baselines: written, matched across a line shift, a renamed file and reordered files, a new
   finding and a changed subject reported, stale entries under --strict, stable order, and no
   sensitive value in the baseline file or any format.
4. SARIF tool.driver.rules and JUnit test cases list the rules that ran — not those the persona,
   --disable or off-by-default left out — with the persona `rules` shows; Lua policies carry
   their security_severity and tags as built-in rules do.
Prints "formats: N passed, N failed".
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import xml.etree.ElementTree as ET

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(TOP, os.environ.get("BUILD", "build"), "infralint")
FORMATS = ["text", "json", "sarif", "github", "junit"]
passed = failed = 0


def ok(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL formats: " + what)
    return cond


try:
    import jsonschema
except ImportError:  # scripts/setup-deps --test installs python3-jsonschema
    jsonschema = None


def load_schemas():
    sarif = os.path.join(TOP, "tests", "schemas", "sarif-schema-2.1.0.json")
    shared = os.path.join(TOP, "..", "shared", "schemas", "sarif-schema-2.1.0.json")
    if os.path.exists(shared):
        ok(open(shared, "rb").read() == open(sarif, "rb").read(),
           "tests/schemas/sarif-schema-2.1.0.json differs from ../shared/schemas")
    else:
        print("formats: ../shared/schemas absent: comparison with it skipped (the vendored copy validates)")
    with open(sarif) as f:
        s = json.load(f)
    with open(os.path.join(TOP, "docs", "json-report-v1.schema.json")) as f:
        j = json.load(f)
    if not jsonschema:
        print("formats: python3-jsonschema missing: schema validation skipped")
        return None, None
    return jsonschema.Draft4Validator(s), jsonschema.Draft7Validator(j)


SARIF_V, JSON_V = load_schemas()


def run(args, cwd, out_dir):
    """Run with every format to a file; returns (rc, {fmt: text})."""
    cmd = [BIN, "--color", "never"]
    for f in FORMATS:
        cmd += ["-f", "%s=%s" % (f, os.path.join(out_dir, f))]
    env = {k: v for k, v in os.environ.items() if k not in ("TF_WORKSPACE", "NO_COLOR")}
    p = subprocess.run(cmd + args, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True,
                       env=env, timeout=120)
    outs = {}
    for f in FORMATS:
        path = os.path.join(out_dir, f)
        outs[f] = open(path, "rb").read().decode("utf-8", "surrogateescape") if os.path.exists(path) else ""
    return p.returncode, outs, p.stderr.decode("utf-8", "replace")


# ---- per-format checks ----

def check_sarif(text, name, used_rules=None):
    try:
        d = json.loads(text)
    except ValueError as e:
        return ok(False, "%s: SARIF is not JSON: %s" % (name, e))
    if SARIF_V:
        errs = sorted(SARIF_V.iter_errors(d), key=lambda e: list(e.path))
        if not ok(not errs, "%s: SARIF schema: %s at %s" % (name, errs[0].message[:200] if errs else "",
                                                            list(errs[0].path) if errs else "")):
            return False
    good = d.get("$schema") and d.get("version") == "2.1.0" and len(d["runs"]) == 1
    run_ = d["runs"][0]
    drv = run_["tool"]["driver"]
    good = good and drv["name"] == "infralint" and drv.get("semanticVersion")
    rules = drv["rules"]
    for r in rules:
        t = r["properties"]["tags"]
        sev = r["properties"].get("security-severity")
        good = good and r["shortDescription"]["text"] and len(r["shortDescription"]["text"].encode()) <= 1024
        good = good and r["fullDescription"]["text"] and len(r["fullDescription"]["text"].encode()) <= 1024
        good = good and r["help"]["text"] and r["help"]["markdown"] and len(r["name"]) <= 255
        good = good and len(t) <= 20 and r["defaultConfiguration"]["level"] in ("error", "warning", "note")
        good = good and r["properties"]["persona"] in ("regular", "pedantic", "auditor")
        if sev is not None:
            good = good and "security" in t and 0 < float(sev) <= 10
    if not ok(good, "%s: SARIF rule metadata misses what GitHub requires" % name):
        return False
    ids = [r["id"] for r in rules]
    ok(len(set(ids)) == len(ids), "%s: SARIF rule ids repeat" % name)
    res = run_["results"]
    ok(len(res) <= 25000, "%s: more than 25,000 SARIF results" % name)
    bad = None
    for x in res:
        loc = x["locations"][0]
        pl = loc.get("physicalLocation")
        g = x["message"]["text"] and ids[x["ruleIndex"]] == x["ruleId"]
        g = g and re.fullmatch(r"[0-9a-f]{32}", x["partialFingerprints"]["primaryLocationLineHash"])
        g = g and "suppressions" in x and x["level"] in ("error", "warning", "note")
        if pl:
            uri = pl["artifactLocation"]["uri"]
            g = g and (uri.startswith("file://") or (pl["artifactLocation"].get("uriBaseId") == "%SRCROOT%"
                                                    and not uri.startswith("/")))
            g = g and re.fullmatch(r"[A-Za-z0-9._~/%:-]*", uri)
            reg = pl.get("region")
            if reg:
                g = g and reg["startLine"] >= 1 and reg["startColumn"] >= 1 and reg["endLine"] >= reg["startLine"]
        if not g:
            bad = x
            break
    return ok(bad is None, "%s: SARIF result lacks what GitHub requires: %s" % (name, json.dumps(bad)[:300]))


def check_json(text, name):
    try:
        d = json.loads(text)
    except ValueError as e:
        return ok(False, "%s: JSON report is not JSON: %s" % (name, e)), None
    if JSON_V:
        errs = list(JSON_V.iter_errors(d))
        ok(not errs, "%s: JSON report schema: %s at %s" % (name, errs[0].message[:200] if errs else "",
                                                          list(errs[0].path) if errs else ""))
    return True, d


def check_junit(text, name, report):
    try:
        root = ET.fromstring(text.encode("utf-8", "surrogateescape"))
    except ET.ParseError as e:
        return ok(False, "%s: JUnit is not well-formed XML: %s" % (name, e))
    g = root.tag == "testsuites"
    nfail = sum(len(tc.findall("failure")) for tc in root.iter("testcase"))
    nerr = sum(len(tc.findall("error")) for tc in root.iter("testcase"))
    g = g and int(root.get("tests")) == sum(1 for _ in root.iter("testcase"))
    g = g and int(root.get("failures")) == sum(1 for tc in root.iter("testcase") if tc.find("failure") is not None)
    for s in root.findall("testsuite"):
        g = g and int(s.get("tests")) == len(s.findall("testcase"))
    if report:
        g = g and nfail == len(report["findings"]) and nerr == len(report["errors"])
    return ok(g, "%s: JUnit counts do not add up (failures %d, errors %d)" % (name, nfail, nerr))


GH_LINE = re.compile(r"^::(error|warning|notice) ((?:[a-zA-Z]+=[^,:]*,)*(?:[a-zA-Z]+=[^,:]*)?)::(.*)$")


def gh_unescape(s):
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def check_github(text, name, report):
    lines = text.split("\n")
    g = lines[-1] == "" and lines[-2].startswith("infralint: ")
    kinds = {"error": 0, "warning": 0, "notice": 0}
    anns = []
    for ln in lines[:-2]:
        m = GH_LINE.match(ln)
        if m is None or "\r" in ln:
            return ok(False, "%s: github output line is not a workflow command: %r" % (name, ln[:200]))
        kinds[m.group(1)] += 1
        props = dict(p.split("=", 1) for p in m.group(2).split(",") if p)
        anns.append((m.group(1), {k: gh_unescape(v) for k, v in props.items()}, gh_unescape(m.group(3))))
    g = g and all(v <= 10 for v in kinds.values())
    if report:
        want = len(report["findings"]) + len(report["errors"])
        told = [a for a in anns if a[1].get("title") == "infralint" and "not annotated" in a[2]]
        shown = len(anns) - len(told)
        if want > shown:
            g = g and len(told) == 1 and told[0][2].startswith("%d more finding" % (want - shown))
        else:
            g = g and not told and shown == want
        order = [{"error": 3, "warning": 2, "notice": 1}[a[0]] for a in anns if a not in told]
        g = g and order == sorted(order, reverse=True)
    return ok(g, "%s: github annotations: order, limits or the final notice are wrong" % name)


def check_all(outs, name):
    good, report = check_json(outs["json"], name)
    check_sarif(outs["sarif"], name)
    check_junit(outs["junit"], name, report)
    check_github(outs["github"], name, report)
    return report


# ---- 1. every golden case ----

def golden_cases(tmp):
    n = 0
    for dirpath, dirs, files in os.walk(os.path.join(TOP, "testdata")):
        dirs.sort()
        if "expected.rc" not in files or "cmd" in files or "stdin" in files or "env" in files:
            continue
        args = ["."]
        if "args" in files:
            args = subprocess.run(["sh", "-c", 'eval "set -- $(cat args)"; for a; do printf "%s\\0" "$a"; done'],
                                  cwd=dirpath, capture_output=True).stdout.decode().split("\0")[:-1]
        cwd = dirpath
        if "cwd" in files:
            cwd = os.path.join(dirpath, open(os.path.join(dirpath, "cwd")).read().strip())
        out = os.path.join(tmp, "g%d" % n)
        os.mkdir(out)
        rc, outs, _ = run(args, cwd, out)
        n += 1
        if not outs["json"]:
            continue  # a usage error or --list-inputs: no report to check
        check_all(outs, os.path.relpath(dirpath, TOP))
    # the format goldens (run through cmd) and the demo with a policy pack
    for name, args, cwd in (("formats input", ["."], os.path.join(TOP, "testdata/report/formats/input")),
                            ("demo", ["-p", "lua-policies/acme", "testdata/demo"], TOP)):
        out = os.path.join(tmp, "g%d" % n)
        os.mkdir(out)
        n += 1
        rc, outs, _ = run(args, cwd, out)
        rep = check_all(outs, name)
        if name == "formats input":
            sarif = json.loads(outs["sarif"])["runs"][0]
            states = {r.get("baselineState") for r in sarif["results"]}
            ok(states == {"new", "unchanged"}, "formats input: SARIF baselineState is %s" % states)
            # code scanning does not read suppressions: suppressed findings are left out (a
            # notification counts them) unless --sarif-suppressed keeps them, marked
            kinds = [s["kind"] for r in sarif["results"] for s in r["suppressions"]]
            notes = [n["message"]["text"] for n in sarif["invocations"][0]["toolExecutionNotifications"]]
            ok(not kinds and any(t.startswith("2 suppressed findings (inline or config ignores) left out")
                                 for t in notes),
               "formats input: SARIF keeps suppressed findings by default: %s %s" % (kinds, notes[-1:]))
            out = os.path.join(tmp, "g%d" % n)
            os.mkdir(out)
            n += 1
            _, kept, _ = run(["--sarif-suppressed", "."], cwd, out)
            check_sarif(kept["sarif"], "formats input --sarif-suppressed")
            kept = json.loads(kept["sarif"])["runs"][0]
            kinds = sorted(s["kind"] for r in kept["results"] for s in r["suppressions"])
            ok(kinds == ["external", "inSource"] and len(kept["results"]) == len(sarif["results"]) + 2,
               "formats input --sarif-suppressed: SARIF suppressions are %s" % kinds)
            ids = [r["id"] for r in sarif["tool"]["driver"]["rules"]]
            ok("multi/bucket-owner" in ids and "tf/rds-multi-az" in ids and "sql/drop-column" in ids
               and "infralint/unused-ignore" not in ids, "formats input: SARIF rules are not the rules that ran")
            ok(all(r.get("helpUri", "").startswith("https://infralint.example/rules/")
                   for r in sarif["tool"]["driver"]["rules"]), "formats input: helpUri not from docs_url")
            ok(rep and rep["summary"]["baselined"] == 1 and rep["summary"]["suppressed"] == 2,
               "formats input: JSON summary does not count the baselined and suppressed findings")
            for f in FORMATS:
                ok("canary" not in outs[f], "formats input: -f %s prints a sensitive value" % f)
            ok("1 in baseline" in outs["text"], "formats input: text summary misses the baseline count")
            root = ET.fromstring(outs["junit"].encode())
            ok("1 in baseline" in outs["github"] and any("in the baseline" in (so.text or "") for so in root.iter("system-out")),
               "formats input: github / junit miss the baselined finding")


# ---- 2. crafted names ----

CRAFTED = "evil\n::error title=Forged::owned\r\x1b[2J\x1b]8;;http:x\x07 %25 :: , <b>&amp; ]]> \"q\" 'a' é\u202etxt"
FORGED_TEXT = "ci.yml:1:1: error: FORGED finding [gha/forged]"


def crafted_names(tmp):
    d = os.path.join(tmp, "crafted")
    wf = os.path.join(d, ".github", "workflows")
    os.makedirs(wf)
    os.makedirs(os.path.join(d, "migrations"))
    name = CRAFTED + ".yml"
    job = "j\\n" + FORGED_TEXT + "\\e[31m\\u202e%::,<&]]>"
    with open(os.path.join(wf, name), "w") as f:
        f.write('on: push\njobs:\n  "%s":\n    runs-on: ubuntu-latest\n    steps:\n      - uses: x/y@v1\n' % job)
    sqlname = "20250101000000_" + CRAFTED.replace("/", "") + ".sql"
    with open(os.path.join(d, "migrations", sqlname), "w") as f:
        f.write('-- +goose Up\nALTER TABLE t DROP COLUMN "c\x1b[2J\n%s";\n-- +goose Down\nSELECT 2;\n' % FORGED_TEXT)
    out = os.path.join(tmp, "crafted-out")
    os.mkdir(out)
    rc, outs, err = run(["."], d, out)
    rep = check_all(outs, "crafted names")
    ok(rep is not None and any(f["file"].endswith(name) for f in rep["findings"]),
       "crafted names: the JSON report does not keep the file name as it is")
    bad = re.compile("[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f\u202a-\u202e\u2066-\u2069]")
    text = outs["text"]
    ok(not bad.search(text), "crafted names: text output holds raw control or bidi characters")
    ok(not any(ln.startswith(("::", "ci.yml:1:1")) for ln in text.split("\n")),
       "crafted names: text output starts a forged line")
    ok("\\x1b[2J" in text and "\\u202e" in text and "\\n::error title=Forged::owned" in text,
       "crafted names: text output does not show the escapes")
    gh = outs["github"]
    ok(not bad.search(gh) and all(ln.startswith(("::", "infralint: ")) for ln in gh.split("\n")[:-1]),
       "crafted names: github output has a line that is not a command of ours")
    files = {gh_unescape(m.group(1)) for m in re.finditer(r"file=([^,:]*)", gh)}
    want = ".github/workflows/" + name.replace("\x1b", "\\x1b").replace("\x07", "\\x07").replace("\u202e", "\\u202e")
    ok(want in files, "crafted names: github file= does not round-trip through the toolkit's escaping: %r" % files)
    sarif = json.loads(outs["sarif"])["runs"][0]
    uris = {urllib.parse.unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
            for r in sarif["results"] if "physicalLocation" in r["locations"][0]}
    ok(".github/workflows/" + name in uris, "crafted names: SARIF uri does not percent-encode the file name")
    root = ET.fromstring(outs["junit"].encode())
    ok(any(tc.get("file", "").startswith(".github/workflows/evil\n::error") for tc in root.iter("testcase")),
       "crafted names: JUnit attribute does not keep the (escaped) file name")
    ok("]]>" not in outs["junit"], "crafted names: JUnit holds a raw ]]>")
    lst = subprocess.run([BIN, "--list-inputs", "."], cwd=d, capture_output=True).stdout.decode("utf-8", "replace")
    ok(not bad.search(lst) and "evil\\n::error" in lst, "crafted names: --list-inputs prints raw control characters")


# ---- 3. baselines ----

def text_of(d, *args):
    p = subprocess.run([BIN, "--color", "never"] + list(args), cwd=d, capture_output=True, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def json_of(d, *args):
    p = subprocess.run([BIN, "-f", "json"] + list(args), cwd=d, capture_output=True, stdin=subprocess.DEVNULL)
    return p.returncode, json.loads(p.stdout)


def edit(path, fn):
    with open(path) as f:
        s = f.read()
    with open(path, "w") as f:
        f.write(fn(s))


def baselines(tmp):
    d = os.path.join(tmp, "bl")
    shutil.copytree(os.path.join(TOP, "testdata/report/formats/input"), d)
    edit(os.path.join(d, ".infralint.yaml"), lambda s: s.replace("baseline: baseline.json\n", ""))
    os.remove(os.path.join(d, "baseline.json"))
    rc, r = json_of(d, ".")
    n = len([f for f in r["findings"]])  # the unsuppressed findings the baseline records
    ok(n >= 5, "baseline: the formats input has too few findings (%d) to test baselines" % n)
    rc, out, err = text_of(d, "--write-baseline", "base.json", ".")
    ok(rc == 0 and "wrote baseline 'base.json' (%d findings)" % n in err and "(2 suppressed, %d in baseline)" % n in out,
       "baseline: --write-baseline does not record the %d findings: %s %s" % (n, err, out[-200:]))
    base = open(os.path.join(d, "base.json")).read()
    b = json.loads(base)
    ok(b["version"] == 1 and len(b["findings"]) == n and "canary" not in base and "message" not in base,
       "baseline: the file is not version 1 with %d entries and no values" % n)
    # the entries about the bucket renamed below (they become stale; their findings new)
    assets = sorted(e["rule"] for e in b["findings"] if e["location"] == "aws_s3_bucket.assets")
    k = len(assets)
    ok(k >= 1 and "multi/bucket-owner" in assets, "baseline: no entry about aws_s3_bucket.assets: %s" % assets)
    keys = [(e["file"], e["rule"], e["location"] or "", e["fingerprint"]) for e in b["findings"]]
    ok(keys == sorted(keys), "baseline: entries are not in stable order")
    text_of(d, "--write-baseline", "again.json", ".")
    ok(open(os.path.join(d, "again.json")).read() == base, "baseline: writing twice gives different files")
    rc, r = json_of(d, "--baseline", "base.json", ".")
    ok(rc == 0 and not r["findings"] and r["summary"]["baselined"] == n, "baseline: findings reported again")

    # a line shift, reordered and renamed files
    wf = os.path.join(d, ".github", "workflows")
    edit(os.path.join(wf, "ci.yml"), lambda s: "# moved down\n\n\n" + s)
    edit(os.path.join(d, "migrations", "20250601090000_drop_legacy.sql"),
         lambda s: s.replace("-- +goose Up\n", "-- +goose Up\n-- a comment\nSELECT 1;\n"))
    os.rename(os.path.join(wf, "ci.yml"), os.path.join(wf, "build.yml"))
    rc, r = json_of(d, "--baseline", "base.json", ".")
    ok(rc == 0 and not r["findings"] and r["summary"]["baselined"] == n,
       "baseline: a line shift or a renamed file brings findings back: %s" % [f["rule"] for f in r["findings"]])
    # a job moved to another workflow file (the old one stays): still the same debt
    src = open(os.path.join(wf, "build.yml")).read()
    head, rest = src.split('  "reply-', 1)
    with open(os.path.join(wf, "build.yml"), "w") as f:
        f.write(head)
    with open(os.path.join(wf, "reply.yml"), "w") as f:
        f.write('on: issue_comment\npermissions: {contents: read}\njobs:\n  "reply-' + rest)
    rc, r = json_of(d, "--baseline", "base.json", ".")
    ok(rc == 0 and not r["findings"] and r["summary"]["baselined"] == n,
       "baseline: a job moved to another workflow brings findings back: %s" % [(f["rule"], f["file"]) for f in r["findings"]])
    # a version bump of an unpinned action is the same finding
    edit(os.path.join(wf, "reply.yml"), lambda s: s.replace("someone/commenter@v2", "someone/commenter@v3"))
    rc, r = json_of(d, "--baseline", "base.json", ".")
    ok(rc == 0 and not r["findings"], "baseline: a version bump brings the finding back")
    # a new finding, and a changed subject (another job id) is new as well
    edit(os.path.join(wf, "reply.yml"), lambda s: s + "      - uses: other/action@v1\n")
    edit(os.path.join(d, "infra", "plan.json"), lambda s: s.replace('"aws_s3_bucket.assets"', '"aws_s3_bucket.media"'))
    rc, r = json_of(d, "--baseline", "base.json", ".")
    got = sorted((f["rule"], f["location"]) for f in r["findings"])
    want = sorted([("gha/unpinned-action", "reply-%-::-,-<&>-]]>-é")] + [(a, "aws_s3_bucket.media") for a in assets])
    ok(got == want,
       "baseline: new findings are not exactly the new ones: %s" % got)
    p = subprocess.run([BIN, "-f", "sarif", "--baseline", "base.json", "."], cwd=d, capture_output=True)
    states = sorted(x["baselineState"] for x in json.loads(p.stdout)["runs"][0]["results"] if not x["suppressions"])
    ok(states == ["new"] * (1 + k) + ["unchanged"] * (n - k), "baseline: SARIF baselineState is %s" % states)
    # fixed debt: --strict reports the entry, at its line in the baseline file; not without it
    rc, out, _ = text_of(d, "--baseline", "base.json", "--strict", ".")
    stale = [ln for ln in out.split("\n") if "[infralint/unused-ignore]" in ln]
    ok(len(stale) == k and all(re.match(r"base\.json:\d+:1: note: baseline entry for '[^']+' in infra/plan.json at aws_s3_bucket.assets matched no finding", x) for x in stale),
       "baseline: --strict does not report the one stale entry: %s" % stale)
    rc, out, _ = text_of(d, "--baseline", "base.json", ".")
    ok("[infralint/unused-ignore]" not in out, "baseline: stale entries reported without --strict")
    # a run over part of the tree does not call the rest stale
    rc, out, _ = text_of(d, "--baseline", "base.json", "--strict", "migrations")
    ok("baseline entry" not in out and "(2 in baseline)" in out,
       "baseline: a partial run reports entries it did not look at: %s" % out[-300:])
    # the same with the config key, relative to the config file
    os.makedirs(os.path.join(d, "sub"))
    edit(os.path.join(d, ".infralint.yaml"), lambda s: s + "baseline: base.json\n")
    rc, r = json_of(d, ".")
    ok(r["summary"]["baselined"] == n - k, "baseline: config 'baseline:' is not applied")
    # sensitive values never reach a baseline file
    for case in ("testdata/secrets/every-place", "testdata/report/formats/input"):
        path = os.path.join(tmp, "secret-base.json")
        subprocess.run([BIN, "--write-baseline", path, "."], cwd=os.path.join(TOP, case), capture_output=True)
        ok(os.path.exists(path) and "canary" not in open(path).read(), "baseline: %s leaks into the baseline" % case)
    # writing fails cleanly (exit 2, the old file kept)
    rc, out, err = text_of(d, "--write-baseline", "no/such/dir/b.json", ".")
    ok(rc == 2 and "no/such/dir/b.json: error: cannot write baseline" in out, "baseline: unwritable file is not an error: %s" % out[-200:])


# ---- 4. the rules SARIF and JUnit list: those that ran, with their metadata ----

def sarif_junit(tmp, cwd, *args):
    """SARIF driver rules (id -> rule) and the rule ids of JUnit's test cases, of one run."""
    out = os.path.join(tmp, "r%d" % len(os.listdir(tmp)))
    os.mkdir(out)
    rc, outs, _ = run(list(args), cwd, out)
    check_all(outs, "rule lists %s" % " ".join(args))
    rules = {r["id"]: r for r in json.loads(outs["sarif"])["runs"][0]["tool"]["driver"]["rules"]}
    cases = {tc.get("name") for tc in ET.fromstring(outs["junit"].encode()).iter("testcase")
             if tc.get("name") != "input"}
    return rules, cases, json.loads(outs["json"])


def rule_lists(tmp):
    meta = {r["id"]: r for r in json.loads(subprocess.run([BIN, "rules", "--format", "json"],
                                                          capture_output=True).stdout)}
    inp = os.path.join(TOP, "testdata/report/formats/input")
    demo = os.path.join(TOP, "testdata/demo")
    for cwd, persona in ((inp, "regular"), (demo, "regular"), (demo, "pedantic"), (demo, "auditor")):
        rules, cases, rep = sarif_junit(tmp, cwd, "--persona", persona, ".")
        reported = {f["rule"] for f in rep["findings"]}
        order = ("regular", "pedantic", "auditor")
        seen = lambda m: m["default_enabled"] and order.index(m["persona"]) <= order.index(persona)
        extra = [i for i in rules if i in meta and not seen(meta[i]) and i not in reported]
        ok(not extra, "%s --persona %s: SARIF lists rules that did not run: %s" % (cwd, persona, extra[:5]))
        extra = [i for i in cases if i in meta and not seen(meta[i]) and i not in reported]
        ok(not extra, "%s --persona %s: JUnit has cases of rules that did not run: %s" % (cwd, persona, extra[:5]))
        missing = [i for i, m in meta.items() if seen(m) and i not in rules]
        ok(not missing, "%s --persona %s: SARIF leaves out rules that ran: %s" % (cwd, persona, missing[:5]))
        wrong = [i for i, r in rules.items() if i in meta and r["properties"]["persona"] != meta[i]["persona"]]
        ok(not wrong, "%s --persona %s: SARIF persona differs from `rules`: %s" % (cwd, persona, wrong[:5]))
    pedantic = sorted(i for i, m in meta.items() if m["persona"] == "pedantic" and m["default_enabled"])
    rules, cases, _ = sarif_junit(tmp, demo, ".")
    ok(pedantic and not any(i in rules or i in cases for i in pedantic),
       "demo: pedantic rules listed under the default persona")
    rules, cases, _ = sarif_junit(tmp, demo, "--persona", "pedantic", ".")
    ok(all(i in rules for i in pedantic), "demo --persona pedantic: pedantic rules not listed")
    # a rule turned off by --disable or the configuration is not listed, a pedantic one turned on
    # by name is (with its own persona)
    rules, cases, _ = sarif_junit(tmp, inp, "--disable", "tf/rds-multi-az", "--enable", pedantic[0], ".")
    ok("tf/rds-multi-az" not in rules and "tf/rds-multi-az" not in cases,
       "formats input --disable tf/rds-multi-az: still listed in SARIF or JUnit")
    ok(pedantic[0] in rules and rules[pedantic[0]]["properties"]["persona"] == "pedantic",
       "formats input --enable %s: not listed, or without its persona" % pedantic[0])
    # Lua policies: security_severity and tags as for built-ins
    rules, _, _ = sarif_junit(tmp, inp, ".")
    p = rules.get("multi/db-iam-auth", {}).get("properties", {})
    ok(p.get("security-severity") == "5.3" and p.get("tags", [])[:1] == ["security"]
       and {"external/cwe/cwe-287", "rds", "policy"} <= set(p.get("tags", [])),
       "policy security_severity/tags not in SARIF: %s" % p)
    p = rules.get("multi/bucket-owner", {}).get("properties", {})
    ok("security-severity" not in p and "security" not in p.get("tags", []),
       "a policy without security_severity is marked as a security rule: %s" % p)
    rules, _, _ = sarif_junit(tmp, os.path.join(TOP, "testdata/policy/metadata/errors"), "--disable", "*/*",
                              "--enable", "t/sec-*", "-p", "security-good.lua", "../../fixtures/small")
    a, b = rules.get("t/sec-number", {}).get("properties", {}), rules.get("t/sec-string", {}).get("properties", {})
    ok(a.get("security-severity") == "9.0" and "secrets" in a.get("tags", [])
       and b.get("security-severity") == "4.5" and "single" in b.get("tags", []),
       "policy security_severity as a number / string, tags as a list / string: %s %s" % (a, b))


def main():
    tmp = tempfile.mkdtemp()
    try:
        golden_cases(tmp)
        crafted_names(tmp)
        baselines(tmp)
        rule_lists(tmp)
    finally:
        shutil.rmtree(tmp)
    print("formats: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
