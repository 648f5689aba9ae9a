#!/usr/bin/env python3
"""check_registry.py — the rule table checked against its documentation and its tests.

Every rule: a unique kebab-case id, a title, an origin, help with a "Fix:" paragraph, and under
testdata/<id>/ at least one golden case that reports it and one near miss that does not.
RULES.md ids (when ../shared/RULES.md is there) are all in the registry, except those listed in
tests/pending-rules; built-in rules beyond the catalogue (added by later issues) are allowed. The README rule list == `infralint rules --format markdown`. Rule sources
never touch a third-party library directly. Prints "registry: N passed, N failed".
"""
import json
import os
import re
import subprocess
import sys

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = os.path.join(top, os.environ.get("BUILD", "build"), "infralint")
passed, failed = 0, 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL registry: " + what)


rules = json.loads(subprocess.check_output([binary, "rules", "--format", "json"]))
ids = [r["id"] for r in rules]
check(len(ids) == len(set(ids)), "duplicate rule ids")
for r in rules:
    rid = r["id"]
    check(re.fullmatch(r"[a-z0-9]+/[a-z0-9]+(-[a-z0-9]+)*", rid) is not None,
          "%s: id is not family/kebab-case" % rid)
    check(r["title"] != "", "%s: no title" % rid)
    check(r["origin"] != "", "%s: no origin" % rid)
    check("Fix:" in r["help"], "%s: help has no 'Fix:' paragraph" % rid)

    case_dir = os.path.join(top, "testdata", rid)
    trigger, miss = [], []
    for d, _, files in os.walk(case_dir):
        if "expected.json" not in files:
            continue
        with open(os.path.join(d, "expected.json")) as f:
            rep = json.load(f)
        hit = any(x["rule"] == rid for x in rep.get("findings", []))
        (trigger if hit else miss).append(d)
    check(trigger, "%s: no golden case under testdata/%s/ reports it" % (rid, rid))
    check(miss, "%s: no near-miss case under testdata/%s/ (one that must not report it)"
          % (rid, rid))

rules_md = os.environ.get("RULES_MD", os.path.join(top, "..", "shared", "RULES.md"))
if os.path.exists(rules_md):
    with open(rules_md) as f:
        documented = set(re.findall(r"^\| ((?:tf|gha|sql|x|infralint)/[a-z0-9-]+) \|", f.read(), re.M))
    pending = set()
    pend_file = os.path.join(top, "tests", "pending-rules")
    if os.path.exists(pend_file):
        with open(pend_file) as f:
            pending = {l.split()[0] for l in f if l.strip() and not l.startswith("#")}
    builtin = {i for i in ids if i.split("/")[0] in ("tf", "gha", "sql", "x", "infralint")}
    for i in sorted(documented - builtin - pending):
        check(False, "%s: in RULES.md but not implemented (nor in tests/pending-rules)" % i)
    for i in sorted(pending & builtin):
        check(False, "%s: implemented but still listed in tests/pending-rules" % i)
    check(True, "RULES.md compared")
else:
    print("registry: RULES.md not found beside the checkout: comparison skipped")

readme = os.path.join(top, "README.md")
with open(readme) as f:
    text = f.read()
m = re.search(r"<!-- rules:begin -->\n(.*?)<!-- rules:end -->", text, re.S)
table = subprocess.check_output([binary, "rules", "--format", "markdown"]).decode()
check(m is not None and m.group(1) == table,
      "README.md rule list differs from `infralint rules --format markdown` (run `make readme`)")

for name in sorted(os.listdir(os.path.join(top, "rules"))):
    if not name.endswith((".c", ".h")):
        continue
    with open(os.path.join(top, "rules", name)) as f:
        src = f.read()
    bad = re.findall(r"#include <(jansson|yaml|pcre2|lua|lauxlib)\.h>|\b(json|yaml|pcre2|lua)_[a-z_]+\(", src)
    check(not bad, "rules/%s uses a third-party library directly" % name)

print("registry: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
