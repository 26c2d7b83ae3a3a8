#!/usr/bin/env python3
"""Run plan-lint over the real-plans corpus (../shared/corpus/real-plans), each plan
against a stand-in of its own repository.

Usage: python3 bench/real_corpus.py [--corpus DIR] [--bin target/release/plan-lint] [--show CODE]

For every plan in MANIFEST.tsv, the repository's file list (trees/*.files.txt, named in
TREES.tsv) is materialised as empty files in a temporary directory, and plan-lint runs
with `--root` pointing there, so the filesystem rules do real work. The script checks
that plan-lint finishes every file without crash (exit codes 0/1 only, no panic) or
hang (10 s timeout each), and prints the number of findings per rule. `--show CODE`
prints every finding of one rule, for false-positive review. Exits 0 with a notice when
the corpus is absent.
"""
import argparse
import collections
import csv
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def materialise(listing, dest):
    with open(listing, encoding="utf-8", errors="replace") as f:
        for line in f:
            rel = line.rstrip("\n")
            if not rel or rel.startswith("/") or ".." in rel.split("/"):
                continue
            path = os.path.join(dest, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if not os.path.exists(path):
                open(path, "w").close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "real-plans"))
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "plan-lint"))
    ap.add_argument("--show", action="append", default=[])
    args = ap.parse_args()
    manifest = os.path.join(args.corpus, "MANIFEST.tsv")
    if not os.path.exists(manifest):
        print(f"corpus not found at {args.corpus}: skipped")
        return 0
    if not os.path.exists(args.bin):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    trees = {}
    with open(os.path.join(args.corpus, "TREES.tsv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            trees[row["repo"]] = row["listing_file"]
    per_rule = collections.Counter()
    per_file = {}
    failures = []
    shown = []
    with open(manifest, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    with tempfile.TemporaryDirectory() as tmp:
        for row in rows:
            plan = os.path.join(args.corpus, row["filename"])
            root = os.path.join(tmp, row["repo"].replace("/", "__"))
            if not os.path.isdir(root):
                os.makedirs(root)
                listing = trees.get(row["repo"])
                if listing:
                    materialise(os.path.join(args.corpus, "trees", listing), root)
            try:
                p = subprocess.run(
                    [args.bin, "--no-config", "--format", "short", "--root", root, plan],
                    capture_output=True, text=True, timeout=10,
                )
            except subprocess.TimeoutExpired:
                failures.append(f"{row['filename']}: timeout")
                continue
            if p.returncode not in (0, 1) or "panicked" in p.stderr:
                failures.append(f"{row['filename']}: exit {p.returncode}: {p.stderr.strip()[:300]}")
            codes = collections.Counter()
            for line in p.stdout.splitlines():
                parts = line.split(": ", 2)
                if len(parts) >= 2:
                    code = parts[1].split(" ")[0]
                    codes[code] += 1
                    if code in args.show:
                        shown.append(line.replace(args.corpus + "/", ""))
            per_rule.update(codes)
            per_file[row["filename"]] = sum(codes.values())
    print(f"plans: {len(rows)}, crashes/hangs: {len(failures)}, findings: {sum(per_rule.values())}")
    for f in failures:
        print("  FAIL", f)
    print("findings per rule:")
    for code, n in sorted(per_rule.items()):
        print(f"  {code} {n}")
    for line in shown:
        print(line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
