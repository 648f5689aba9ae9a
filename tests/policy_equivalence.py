#!/usr/bin/env python3
"""policy_equivalence.py — the Lua twins of built-in rules report what the built-ins report.

Each directory under testdata/policy/equivalence/<twin>/ is checked twice, once with only the
built-in rule enabled and once with only its Lua twin (lua-policies/examples/), and the two JSON
reports must hold the same findings (file, location, line, column, path, severity, message, fix)
and the same skipped checks. A case's optional `args` file replaces the case directory on the
command line (paths relative to the top of the repository: a config with released_through, a
file named explicitly). When the shared corpus exists beside the checkout
(../shared/corpus/migrations/), each of its migration sets is compared too.
Prints "equivalence: N passed, N failed".
"""
import json
import os
import subprocess
import sys
import tempfile

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = os.path.join(top, os.environ.get("BUILD", "build"), "infralint")

TWINS = {  # directory: (built-in rule, Lua policy id, policy file, extra arguments)
    "rds-multi-az": ("tf/rds-multi-az", "examples/rds-multi-az",
                     "lua-policies/examples/rds_multi_az.lua", ["--env", "prod"]),
    "remote-state-locking": ("tf/backend-locking", "examples/remote-state-locking",
                             "lua-policies/examples/remote_state_locking.lua", []),
    "drop-column": ("sql/drop-column", "examples/no-drop-column",
                    "lua-policies/examples/no_drop_column.lua", []),
}
CORPUS = {"drop-column": os.path.join(top, "..", "shared", "corpus", "migrations")}


def case_args(case):
    args = os.path.join(top, case, "args")
    if os.path.exists(args):
        with open(args) as f:
            return f.read().split()
    return [case]


def report(case, enable, extra):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "r.json")
        subprocess.run([binary, "--verbose", "-f", "json=" + out, "--disable", "*",
                        "--enable", enable] + extra + case_args(case),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=top)
        with open(out) as f:
            rep = json.load(f)
    keys = ("file", "location", "line", "column", "path", "severity", "message", "fix")
    findings = sorted(tuple(x.get(k) for k in keys) for x in rep["findings"])
    skipped = sorted((s["file"], s["what"].split(" on ", 1)[-1], s["reason"])
                     for s in rep["skipped"] if " on " in s["what"])
    return findings, skipped, rep["errors"]


def cases(base, twin):
    for case in sorted(os.listdir(os.path.join(base, twin))):
        yield os.path.relpath(os.path.join(base, twin, case), top), False
    corpus = CORPUS.get(twin)
    if corpus and os.path.isdir(corpus):
        for root, dirs, files in sorted(os.walk(corpus)):
            dirs.sort()
            if any(f.endswith(".sql") for f in files):
                yield os.path.relpath(root, top), True


def main():
    passed = failed = compared = 0
    base = os.path.join(top, "testdata", "policy", "equivalence")
    for twin in sorted(os.listdir(base)):
        rule, policy, file, extra = TWINS[twin]
        for path, shared in cases(base, twin):
            a = report(path, rule, extra)
            b = report(path, policy, extra + ["-p", file])
            if shared and a[2] != b[2]:  # a corpus set may hold input errors: the same ones
                print("FAIL equivalence %s: errors %s / %s" % (path, a[2], b[2]))
                failed += 1
            elif not shared and (a[2] or b[2]):
                print("FAIL equivalence %s: errors %s / %s" % (path, a[2], b[2]))
                failed += 1
            elif a[:2] != b[:2]:
                print("FAIL equivalence %s: %s reports %s, %s reports %s" % (path, rule, a[:2],
                                                                           policy, b[:2]))
                failed += 1
            else:
                passed += 1
                compared += len(a[0])
    if compared == 0:
        print("FAIL equivalence: no finding was compared at all")
        failed += 1
    print("equivalence: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
