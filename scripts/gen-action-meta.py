#!/usr/bin/env python3
"""gen-action-meta.py — regenerate rules/gha_action_data.c, the offline action metadata.

Not run by the build or the tests: run it by hand when the data should be refreshed, and review
the diff. Input: a directory of the actions' own metadata files, one directory per action
repository and ref that workflows use (the moving major tag `vN`, else the newest `vN.x.y`
tag of that major, and `HEAD` for the default branch):

    DIR/<owner>/<repo>/<ref>/SOURCE                 "<owner>/<repo> <ref> <commit> <YYYY-MM-DD> <release>"
    DIR/<owner>/<repo>/<ref>/action.yml             (or action.yaml) the root action, if any
    DIR/<owner>/<repo>/<ref>/<sub/path>/action.yml  actions inside the repository (owner/repo/sub/path)

<release> is the version tag at that commit (v4.2.2 for the moving tag v4), or "-" when none.
Each file is copied unchanged from the action's git repository at that commit (for example with
`git cat-file blob <commit>:action.yml`). Output (stdout): C source of one sorted table that
infralint compiles in. Needs PyYAML (Debian: python3-yaml).

    scripts/gen-action-meta.py DIR > rules/gha_action_data.c
"""
import datetime
import os
import re
import sys

import yaml


def cstr(s):
    if s is None:
        return "NULL"
    s = str(s)
    out = ['"']
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 0x20:
            out.append("\\%03o" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def flag(v):
    """YAML booleans as GitHub reads them (true/True/'true')."""
    if isinstance(v, bool):
        return v
    return str(v).strip().lower() == "true"


def one_line(s, limit=160):
    s = " ".join(str(s).split())
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def major_of(ref):
    m = re.fullmatch(r"v?(\d+)(\.\d+)*", ref)
    return int(m.group(1)) if m else -1


def load(path):
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    if not isinstance(doc, dict):
        raise ValueError("%s: not a map" % path)
    return doc


def entry(name, ref, commit, date, doc):
    runs = doc.get("runs") or {}
    using = str(runs.get("using", "")).strip().lower() if isinstance(runs, dict) else ""
    inputs = []
    for k, v in (doc.get("inputs") or {}).items():
        v = v if isinstance(v, dict) else {}
        dep = v.get("deprecationMessage")
        inputs.append((str(k).lower(), flag(v.get("required", False)), "default" in v,
                       one_line(dep) if dep else None))
    outputs = sorted(str(k).lower() for k in (doc.get("outputs") or {}))
    uses = []
    if using == "composite" and isinstance(runs, dict):
        for st in runs.get("steps") or []:
            if isinstance(st, dict) and isinstance(st.get("uses"), str):
                uses.append(st["uses"].strip())
    return {"name": name, "ref": ref, "major": major_of(ref) if ref != "HEAD" else -1,
            "commit": commit, "date": date, "using": using, "inputs": sorted(inputs),
            "outputs": outputs, "uses": uses}


def collect(top):
    entries = []
    for owner in sorted(os.listdir(top)):
        for repo in sorted(os.listdir(os.path.join(top, owner))):
            for ref in sorted(os.listdir(os.path.join(top, owner, repo))):
                base = os.path.join(top, owner, repo, ref)
                with open(os.path.join(base, "SOURCE")) as f:
                    fields = f.read().split()
                commit, date = fields[2], fields[3]
                release = fields[4] if len(fields) > 4 and fields[4] != "-" else None
                for d, _, files in os.walk(base):
                    for fn in ("action.yml", "action.yaml"):
                        if fn not in files:
                            continue
                        sub = os.path.relpath(d, base)
                        name = ("%s/%s" % (owner, repo) + ("" if sub == "." else "/" + sub)).lower()
                        try:
                            e = entry(name, ref, commit, date, load(os.path.join(d, fn)))
                            e["release"] = release if release else (ref if ref != "HEAD" else None)
                            entries.append(e)
                        except (ValueError, yaml.YAMLError) as e:
                            print("gen-action-meta: skipped %s: %s" % (os.path.join(d, fn), e),
                                  file=sys.stderr)
                        break
    entries.sort(key=lambda e: (e["name"], e["major"], e["ref"]))
    return entries


def emit(entries, top):
    """C data without a pointer in it: strings in one pool (offsets; 0 is "none"), lists as
    index ranges, so that the table needs no relocation when the program starts."""
    dates = sorted(e["date"] for e in entries)
    today = datetime.date.today().isoformat()
    pool, at = [b"\0"], {None: 0}

    def off(text):
        if text not in at:
            at[text] = sum(len(x) for x in pool)
            pool.append(text.encode("utf-8") + b"\0")
        return at[text]

    inputs, strs, lists = [], [], {}

    def input_range(rows):
        key = ("in", tuple(rows))
        if key not in lists:
            lists[key] = len(inputs)
            inputs.extend((off(a), int(b), int(c), off(d)) for a, b, c, d in rows)
        return lists[key]

    def str_range(kind, items):
        key = (kind, tuple(items))
        if key not in lists:
            lists[key] = len(strs)
            strs.extend(off(x) for x in items)
        return lists[key]

    recs = []
    for e in entries:
        recs.append((off(e["name"]), off(e["ref"]), off(e["release"]), e["major"],
                     off(e["commit"][:12]), off(e["date"]), off(e["using"]),
                     input_range(e["inputs"]), len(e["inputs"]),
                     str_range("out", e["outputs"]), len(e["outputs"]),
                     str_range("uses", e["uses"]), len(e["uses"])))
    w = sys.stdout.write
    w("/* gha_action_data.c — GENERATED by scripts/gen-action-meta.py on %s: do not edit.\n" % today)
    w(" * The metadata (inputs, outputs, runs.using) of %d actions at %d refs, read from each\n"
      % (len({e["name"] for e in entries}), len(entries)))
    w(" * action's own action.yml in its GitHub repository at the commit named per entry (commits\n")
    w(" * dated %s to %s). Regenerate it with the script; see its header for the input.\n"
      % (dates[0], dates[-1]))
    w(" * No pointers: strings are offsets into one pool, lists index ranges (no relocations at\n")
    w(" * start-up). */\n")
    w('#include "gha_action_meta.h"\n\n// clang-format off\n')
    w("const char gha_action_pool[] =\n")
    data = b"".join(pool)
    for i in range(0, len(data), 96):
        chunk = data[i:i + 96]
        lit = "".join(("\\%03o" % ch) if ch < 0x20 or ch in (0x22, 0x5c) or ch >= 0x7f or (ch in b"01234567" and False) else chr(ch)
                      for ch in chunk)
        w('    "%s"\n' % lit)
    w("    ;\n\n")
    w("const struct gha_input_rec gha_action_inputs[] = {\n")
    for r in inputs:
        w("    {%d, %d, %d, %d},\n" % r)
    w("};\n\nconst unsigned gha_action_strs[] = {\n")
    for i in range(0, len(strs), 12):
        w("    %s,\n" % ", ".join(str(x) for x in strs[i:i + 12]))
    w("};\n\nconst struct gha_action_rec gha_action_data[] = {\n")
    for r in recs:
        w("    {%d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d},\n" % r)
    w("};\n\nconst size_t gha_action_data_n = sizeof(gha_action_data) / sizeof(gha_action_data[0]);\n")
    w('const char gha_action_data_made[] = "%s";\n' % today)


def main():
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        print(__doc__, file=sys.stderr)
        return 2
    entries = collect(sys.argv[1])
    if not entries:
        print("gen-action-meta: no action.yml found under %s" % sys.argv[1], file=sys.stderr)
        return 1
    emit(entries, sys.argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
