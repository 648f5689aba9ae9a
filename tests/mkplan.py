#!/usr/bin/env python3
"""mkplan.py — build `terraform show -json` plan documents from compact specs (test data only).

A spec (plan.spec.json) lists resources by address with their action and `after` values; this
script writes the plan.json beside it the way Terraform shapes it: resource_changes with
after_unknown / after_sensitive masks, planned_values, and a `configuration` section whose
expressions mark which attributes the author set (constants from `after`, references from
`refs`, unknown-but-set from `set`). Unknown attributes not in `set`/`refs` are absent from the
configuration, i.e. unset.

  mkplan.py DIR...          regenerate DIR/plan.json from DIR/plan.spec.json
  mkplan.py --check DIR...  exit 1 when a plan.json differs from its spec (used by make test)

Spec keys: terraform_version, format_version, variables {name: value}, sensitive_variables [],
complete, errored, no_configuration, resources [{address, action (create|update|no-op|delete|
replace|replace-cbd|forget|read), before, after, unknown [paths], sensitive [paths], set [paths],
refs {path: [references]}, noconfig [paths], replace_paths [[...]], action_reason, index}],
module_outputs {"module.x": {output: [references]}}, extra {top-level members}.
"""
import copy
import json
import os
import re
import sys

ACTIONS = {
    "create": ["create"], "update": ["update"], "no-op": ["no-op"], "delete": ["delete"],
    "replace": ["delete", "create"], "replace-cbd": ["create", "delete"], "forget": ["forget"],
    "read": ["read"],
}


def split_address(addr):
    """module path (with keys), mode, type, name, index from a full address."""
    parts = re.findall(r'((?:[^.\["]|"(?:[^"\\]|\\.)*"|\[[^\]]*\])+)', addr)
    module, i = [], 0
    while i + 1 < len(parts) and parts[i] == "module":
        module.append("module." + parts[i + 1])
        i += 2
    rest = parts[i:]
    mode = "managed"
    if rest[0] == "data":
        mode, rest = "data", rest[1:]
    rtype, name = rest[0], rest[1]
    index = None
    m = re.match(r'^([^\[]+)\[(.*)\]$', name)
    if m:
        name, raw = m.group(1), m.group(2)
        index = json.loads(raw)
    return ".".join(module), mode, rtype, name, index


def strip_keys(module):
    return re.sub(r'\[[^\]]*\]', '', module)


def get_path(obj, path):
    for p in path.split("."):
        if isinstance(obj, list):
            obj = obj[int(p)] if int(p) < len(obj) else None
        elif isinstance(obj, dict):
            obj = obj.get(p)
        else:
            return None
    return obj


def set_mask(mask, path, value=True):
    parts = path.split(".")
    cur = mask
    for i, p in enumerate(parts):
        last = i == len(parts) - 1
        nxt = parts[i + 1] if not last else None
        if isinstance(cur, list):
            k = int(p)
            while len(cur) <= k:
                cur.append({} if nxt is None or not nxt.isdigit() else [])
            if last:
                cur[k] = value
            else:
                if not isinstance(cur[k], (dict, list)):
                    cur[k] = [] if nxt.isdigit() else {}
                cur = cur[k]
        else:
            if last:
                cur[p] = value
            else:
                if not isinstance(cur.get(p), (dict, list)):
                    cur[p] = [] if nxt.isdigit() else {}
                cur = cur[p]


def del_path(obj, path):
    parts = path.split(".")
    for p in parts[:-1]:
        obj = obj[int(p)] if isinstance(obj, list) else obj.get(p)
        if obj is None:
            return
    last = parts[-1]
    if isinstance(obj, dict):
        obj.pop(last, None)


def mirror_false(v):
    """The after_unknown / sensitive mask shape Terraform writes for known values."""
    if isinstance(v, dict):
        return {k: mirror_false(x) for k, x in v.items() if isinstance(x, (dict, list))}
    if isinstance(v, list):
        return [mirror_false(x) if isinstance(x, (dict, list)) else False for x in v]
    return False


def expressions(after, skip):
    """Configuration expressions for the known values of after (blocks become lists)."""
    out = {}
    for k, v in after.items():
        if k in skip or v is None:
            continue
        if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            out[k] = [expressions(x, set()) for x in v]
        else:
            out[k] = {"constant_value": v}
    return out


def set_expr(expr, path, value):
    parts = path.split(".")
    cur = expr
    for i, p in enumerate(parts[:-1]):
        nxt = parts[i + 1]
        if p.isdigit():
            continue
        if nxt.isdigit():
            lst = cur.setdefault(p, [{}])
            if not isinstance(lst, list):
                lst = cur[p] = [{}]
            while len(lst) <= int(nxt):
                lst.append({})
            cur = lst[int(nxt)]
        else:
            cur = cur.setdefault(p, {})
    cur[parts[-1]] = value


def build(spec):
    rcs, config_mods = [], {"": {"resources": [], "module_calls": {}}}
    planned = {}
    for r in spec.get("resources", []):
        addr = r["address"]
        module, mode, rtype, name, index = split_address(addr)
        action = r.get("action", "create")
        after = copy.deepcopy(r.get("after", {}))
        before = copy.deepcopy(r.get("before"))
        if before is None and action in ("update", "no-op", "delete", "replace", "replace-cbd", "forget"):
            before = copy.deepcopy(after)
        if action in ("delete", "forget"):
            after_v = None
        else:
            after_v = after
        unknown = r.get("unknown", [])
        au = mirror_false(after) if after_v is not None else False
        for p in unknown:
            if after_v is not None:
                del_path(after_v, p)
            set_mask(au, p)
        sens_after = mirror_false(after) if after_v is not None else False
        for p in r.get("sensitive", []):
            if after_v is not None:
                if not sens_after:
                    sens_after = {}
                set_mask(sens_after, p)
        sens_before = mirror_false(before) if before is not None else False
        for p in r.get("sensitive", []):
            if before is not None:
                set_mask(sens_before, p)
        change = {
            "actions": ACTIONS[action],
            "before": before,
            "after": after_v,
            "after_unknown": au,
            "before_sensitive": sens_before,
            "after_sensitive": sens_after,
        }
        if r.get("replace_paths"):
            change["replace_paths"] = r["replace_paths"]
        rc = {"address": addr}
        if module:
            rc["module_address"] = module
        rc.update({"mode": mode, "type": rtype, "name": name})
        if index is not None:
            rc["index"] = index
        rc["provider_name"] = "registry.terraform.io/hashicorp/" + rtype.split("_")[0]
        rc["change"] = change
        if r.get("action_reason"):
            rc["action_reason"] = r["action_reason"]
        rcs.append(rc)
        if after_v is not None:
            pv = {"address": addr, "mode": mode, "type": rtype, "name": name,
                  "provider_name": rc["provider_name"], "schema_version": 0,
                  "values": after_v, "sensitive_values": sens_after or {}}
            if index is not None:
                pv["index"] = index
            planned.setdefault(module, []).append(pv)

        # configuration (one block per resource, whatever its count/for_each index)
        skip = set(p.split(".")[0] for p in r.get("noconfig", []))
        expr = expressions(after if action not in ("delete", "forget") else (before or {}), skip)
        for p in unknown:
            if p not in r.get("set", []) and p not in r.get("refs", {}):
                top = p.split(".")[0]
                if "." not in p:
                    expr.pop(top, None)
        for p in r.get("set", []):
            set_expr(expr, p, {})
        for p, refs in r.get("refs", {}).items():
            set_expr(expr, p, {"references": refs})
        mkey = strip_keys(module)
        mod = config_mods.setdefault(mkey, {"resources": [], "module_calls": {}})
        rel = ("data." if mode == "data" else "") + rtype + "." + name
        if action != "delete" and not any(x["address"] == rel for x in mod["resources"]):
            mod["resources"].append({"address": rel, "mode": mode, "type": rtype, "name": name,
                                     "provider_config_key": rtype.split("_")[0],
                                     "expressions": expr, "schema_version": 0})

    doc = {"format_version": spec.get("format_version", "1.2"),
           "terraform_version": spec.get("terraform_version", "1.6.6")}
    if spec.get("variables"):
        doc["variables"] = {k: {"value": v} for k, v in spec["variables"].items()}
    doc["planned_values"] = {"root_module": planned_module("", planned)}
    doc["resource_changes"] = rcs
    for k in ("complete", "errored"):
        if k in spec:
            doc[k] = spec[k]
    if not spec.get("no_configuration"):
        doc["configuration"] = {"provider_config": {"aws": {"name": "aws"}},
                                "root_module": config_module("", config_mods, spec)}
    doc.update(spec.get("extra", {}))
    return doc


def planned_module(path, planned):
    out = {"resources": planned.get(path, [])}
    children = sorted({m for m in planned if m != path and parent(m) == path})
    if children:
        out["child_modules"] = [dict(address=c, **planned_module(c, planned)) for c in children]
    return out


def parent(m):
    parts = re.findall(r'module\.[^.\[]+(?:\[[^\]]*\])?', m)
    return ".".join(parts[:-1])


def config_module(path, mods, spec):
    mod = mods.get(path, {"resources": [], "module_calls": {}})
    out = {"resources": mod["resources"]}
    if path == "" and (spec.get("variables") or spec.get("sensitive_variables")):
        out["variables"] = {k: ({"sensitive": True} if k in spec.get("sensitive_variables", []) else {})
                            for k in spec.get("variables", {})}
    if path in spec.get("module_outputs", {}):
        out["outputs"] = {k: {"expression": {"references": v}}
                          for k, v in spec["module_outputs"][path].items()}
    calls = {}
    for m in sorted(mods):
        if m and parent(m) == path:
            name = m.split(".")[-1]
            calls[name] = {"source": "./modules/" + name, "module": config_module(m, mods, spec)}
    for m in sorted(spec.get("module_outputs", {})):
        if m and parent(m) == path and m.split(".")[-1] not in calls:
            calls[m.split(".")[-1]] = {"source": "./modules/x", "module": config_module(m, mods, spec)}
    if calls:
        out["module_calls"] = calls
    return out


def main(argv):
    check = "--check" in argv
    dirs = [a for a in argv if a != "--check"]
    bad = 0
    for d in dirs:
        with open(os.path.join(d, "plan.spec.json")) as f:
            spec = json.load(f)
        text = json.dumps(build(spec), indent=2) + "\n"
        out = os.path.join(d, spec.get("output", "plan.json"))
        if check:
            if not os.path.exists(out) or open(out).read() != text:
                print("FAIL mkplan: %s is not what %s/plan.spec.json generates" % (out, d))
                bad += 1
        else:
            with open(out, "w") as f:
                f.write(text)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
