#!/usr/bin/env python3
"""Compares two fixture folders of the same layout (e.g. freshly made fixtures against the committed
ones): for every file present in both, the JSON structure must match (same keys, same list
lengths, equal strings, null in the same places) and every number is compared.

Prints, per file, the largest absolute difference and the largest relative difference
|a − b| / max(|b|, 1e-300) over all numbers, the path of the worst number, and at the end the
overall maxima. Exits 1 if a structure differs, a file is missing on one side, or (with --tol T)
a difference exceeds T relative to max(|b|, 1) (i.e. absolute for |b| ≤ 1, relative above).

Usage: python3 scripts/make-fixtures/compare.py NEW_DIR REFERENCE_DIR [--tol T]
"""
import json
import math
import os
import sys


def walk(a, b, path, out):
    if isinstance(b, bool) or isinstance(a, bool):
        if a != b:
            out["errors"].append(f"{path}: {a!r} vs {b!r}")
    elif isinstance(b, (int, float)) and isinstance(a, (int, float)):
        d = abs(a - b)
        rel = d / max(abs(b), 1e-300) if d else 0.0
        scaled = d / max(abs(b), 1.0)
        if d > out["abs"][0]:
            out["abs"] = (d, path)
        if rel > out["rel"][0]:
            out["rel"] = (rel, path)
        if scaled > out["scaled"][0]:
            out["scaled"] = (scaled, path)
    elif isinstance(b, dict) and isinstance(a, dict):
        if sorted(a) != sorted(b):
            out["errors"].append(f"{path}: keys {sorted(a)} vs {sorted(b)}")
        for k in b:
            if k in a:
                walk(a[k], b[k], f"{path}.{k}", out)
    elif isinstance(b, list) and isinstance(a, list):
        if len(a) != len(b):
            out["errors"].append(f"{path}: length {len(a)} vs {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, f"{path}[{i}]", out)
    elif a != b:
        out["errors"].append(f"{path}: {a!r} vs {b!r}")


def main():
    args = sys.argv[1:]
    tol = None
    if "--tol" in args:
        i = args.index("--tol")
        tol = float(args[i + 1])
        del args[i : i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    new_dir, ref_dir = args
    new_files = {f for f in os.listdir(new_dir) if f.endswith(".json")}
    ref_files = {f for f in os.listdir(ref_dir) if f.endswith(".json")}
    bad = False
    for f in sorted(new_files ^ ref_files):
        print(f"{f}: only in {new_dir if f in new_files else ref_dir}")
        bad = True
    worst = {"abs": (0.0, ""), "rel": (0.0, ""), "scaled": (0.0, "")}
    for f in sorted(new_files & ref_files):
        with open(os.path.join(new_dir, f)) as fa, open(os.path.join(ref_dir, f)) as fb:
            out = {"abs": (0.0, ""), "rel": (0.0, ""), "scaled": (0.0, ""), "errors": []}
            walk(json.load(fa), json.load(fb), "", out)
        print(f"{f}: max |Δ| = {out['abs'][0]:.3g} (at {out['abs'][1] or '-'}), "
              f"max relative = {out['rel'][0]:.3g} (at {out['rel'][1] or '-'})")
        for e in out["errors"]:
            print(f"  structure differs: {e}")
            bad = True
        for k in worst:
            if out[k][0] > worst[k][0]:
                worst[k] = (out[k][0], f"{f}{out[k][1]}")
        if tol is not None and out["scaled"][0] > tol:
            print(f"  exceeds --tol {tol}: {out['scaled'][0]:.3g} at {out['scaled'][1]}")
            bad = True
    print(f"overall: max |Δ| = {worst['abs'][0]:.3g} ({worst['abs'][1] or '-'}), "
          f"max relative = {worst['rel'][0]:.3g} ({worst['rel'][1] or '-'}), "
          f"max |Δ|/max(|ref|, 1) = {worst['scaled'][0]:.3g}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
