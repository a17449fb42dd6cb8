#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Validate the documents tests/cli/schema.sh collected (tests/cli/schema.sh).

schema-check.py SCHEMADIR DOCDIR: DOCDIR/MANIFEST has one line per document,
"FILE<TAB>SCHEMA<TAB>DESCRIPTION".  A document with an "error" key is checked
against error.json, every other against SCHEMA.json (draft 2020-12; $refs to
defs.json resolve through the schemas' $id).  Prints "FILE<TAB>ok" or
"FILE<TAB>not ok<TAB>WHY..." per document, then "keys ok" or
"keys not ok<TAB>WHY...": one key name must carry one JSON type everywhere
(null is compatible with every type), doc/json.md, "Values".

Works with python3-jsonschema 4.10 (Debian 12: RefResolver) and with the
`referencing` registry of jsonschema >= 4.18.
"""
import json
import os
import sys
import warnings

import jsonschema

# Key names allowed to carry two JSON types, each with the reason
# (doc/json.md, "Deliberate exceptions").
ALLOW = {
    "capabilities": "show iommus: derived capabilities by name (object); alloc hw_info: the IOMMU_HW_CAP_* names GET_HW_INFO gave (array)",
    "driver": "devices[].driver is the bound driver's name; show ivrs .ivrs.driver the driver's view (object)",
    "error": "the error document's object; status .debugfs.error the errno name of a failed read",
    "evidence": "check: a list of {source, value}; show ivrs findings: the values a rule rests on, by name",
    "iommus": "show iommus .iommus is the list; metrics -o .metrics.iommus counts them",
    "ivrs": "status .ivrs says whether the table is there; show ivrs .ivrs is the decoded table",
    "pasid": "show devices .pasid is the PCIe PASID capability (object); a command's pasid its PASID (integer)",
    "raw": "cap.raw is one 32-bit register (a string); raw word arrays (dte, irt, commands) are arrays",
    "summary": "help: a command's one-line summary; check/show events --summary: the summary object",
    "type": "show iommus cap.type is the capability's type field (integer); groups[].type the group type",
    "value": "a status verdict's value: its type is the verdict's (string, boolean, integer)",
}
# Objects whose member names are names (a purpose, a capability, a counted
# thing, a source), not keys: their members are not key names.
MAPS = {"verdicts", "capabilities", "missing", "totals", "sources"}


def load_schemas(sdir):
    schemas = {}
    for name in sorted(os.listdir(sdir)):
        if name.endswith(".json"):
            with open(os.path.join(sdir, name)) as f:
                schemas[name[:-5]] = json.load(f)
    return schemas


def make_validators(schemas):
    cls = jsonschema.Draft202012Validator
    for s in schemas.values():
        cls.check_schema(s)
    try:
        from referencing import Registry, Resource

        reg = Registry().with_resources(
            (s["$id"], Resource.from_contents(s)) for s in schemas.values())
        return {n: cls(s, registry=reg) for n, s in schemas.items()}
    except ImportError:
        store = {s["$id"]: s for s in schemas.values()}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return {n: cls(s, resolver=jsonschema.RefResolver.from_schema(s, store=store))
                    for n, s in schemas.items()}


def jtype(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def walk(v, path, seen, clashes, where, is_map=False):
    if isinstance(v, dict):
        for k, x in v.items():
            p = path + "." + k
            t = jtype(x)
            if t != "null" and k not in ALLOW and not is_map:
                if k not in seen:
                    seen[k] = (t, where + ":" + p)
                elif seen[k][0] != t and k not in clashes:
                    clashes[k] = "key %r: %s at %s, %s at %s" % (
                        k, seen[k][0], seen[k][1], t, where + ":" + p)
            walk(x, p, seen, clashes, where, k in MAPS and t == "object")
    elif isinstance(v, list):
        for x in v:
            walk(x, path + "[]", seen, clashes, where)


def main():
    sdir, ddir = sys.argv[1], sys.argv[2]
    validators = make_validators(load_schemas(sdir))
    seen, clashes = {}, {}
    with open(os.path.join(ddir, "MANIFEST")) as f:
        manifest = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    for fname, schema, desc in manifest:
        try:
            with open(os.path.join(ddir, fname)) as f:
                doc = json.load(f)
        except ValueError as e:
            print("%s\tnot ok\tnot JSON: %s" % (fname, e))
            continue
        if isinstance(doc, dict) and "error" in doc:
            schema = "error"
        v = validators.get(schema)
        if v is None:
            print("%s\tnot ok\tno schema %s.json" % (fname, schema))
            continue
        errs = sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))
        if errs:
            why = ["%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(top)",
                               e.message[:300]) for e in errs[:8]]
            print("%s\tnot ok\t%s" % (fname, "\t".join(why)))
        else:
            print("%s\tok" % fname)
        walk(doc, "", seen, clashes, desc.split(" (rc=")[0])
    if clashes:
        print("keys not ok\t" + "\t".join(clashes[k] for k in sorted(clashes)))
    else:
        print("keys ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
