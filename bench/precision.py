#!/usr/bin/env python3
"""Precision of plan-lint on the real-plans corpus, against hand-made labels.

Usage: python3 bench/precision.py [--corpus DIR] [--bin target/release/plan-lint]
                                  [--labels bench/precision/labels.tsv]
                                  [--misses bench/precision/misses.tsv] [--check MIN]

Each plan of the corpus (../shared/corpus/real-plans, see its README) is linted with
`--no-config --format json --root <stand-in>`, where the stand-in is the plan's
repository file list materialised as empty files (bench/real_corpus.py's approach).
A plan whose repository has no file list is linted without the filesystem rules
(FS_RULES below): against an empty root every path would be "not found", which says
nothing about plan-lint.

Every finding is matched to a label of bench/precision/labels.tsv (TP or FP, with a
reason): first on plan + code + line + key, then, for the findings left over, on
plan + code + key at the nearest line (lines shift when plan-lint's spans change).
The key is a short word from the finding's message (finding_key below). Findings that
match no label are "unlabelled": new findings to review and label.

bench/precision/misses.tsv lists violations found by reading the plans that plan-lint
did not report. A miss counts as caught when a finding of the same plan, with the
miss's code (when it names a PL code; any code for a descriptive rule name) and key,
starts within one line of it.

Prints a table per rule (findings, TP, FP, unlabelled, precision = TP / (TP + FP),
misses caught / listed), then the false positives still reported, the misses still
missed and the unlabelled findings. Exits 0; with `--check MIN` (a fraction such as
0.9, or a percentage such as 90) exits 1 when a content rule (PL1xx-PL5xx) with at
least 5 findings has a precision below MIN. Exits 2 when plan-lint crashes, hangs or
cannot be run. Exits 0 with a notice when the corpus is absent.
"""
import argparse
import collections
import csv
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.dont_write_bytecode = True  # importing real_corpus must not leave bench/__pycache__
sys.path.insert(0, HERE)
from real_corpus import materialise  # noqa: E402

# Rules that read the repository: skipped for plans whose repository has no file list.
FS_RULES = ["PL203", "PL204", "PL205", "PL206", "PL306", "PL307", "PL308", "PL309", "PL312", "PL313", "PL314", "PL402"]
# Rules that read file contents: the stand-in files are empty, so every symbol would be
# "not found". Not measured by this harness (tests/symbols.rs measures them on fixtures).
CONTENT_RULES = ["PL307", "PL308", "PL309", "PL312", "PL313", "PL314"]


def finding_key(code, message):
    """A short key word from a finding's message, stable across span changes."""
    if code == "PL302":
        m = re.match(r"(step \S+)", message)
        if m:
            return m.group(1)
    if code == "PL501":
        return "None" if message.startswith("`None`") else "unmarked"
    if code == "PL403":
        return "no-task-item" if "no task item" in message else "no-checkbox"
    if code == "PL010":
        return message.rsplit("found ", 1)[-1].replace("a ", "").replace(" ", "-")
    if code == "PL001":
        return "no-h1-title" if "start with its title" in message else "Plan:"
    if code == "PL003":
        return "EXPORT" if "EXPORT" in message else "plan_<feat_name>.md"
    m = re.search(r"`([^`]+)`", message)
    # Keys live in a TSV file: a phrase wrapped over two lines is one key.
    return re.sub(r"\s+", " ", m.group(1)).strip() if m else "-"


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def read_with_extras(path):
    """`path`, then every `*.tsv` in the folder `<path without .tsv>.d/` (same columns),
    sorted by name: labels added by later changes live there, one file per change."""
    rows = read_tsv(path) if os.path.exists(path) else []
    extra = os.path.splitext(path)[0] + ".d"
    if os.path.isdir(extra):
        for name in sorted(os.listdir(extra)):
            if name.endswith(".tsv"):
                rows += read_tsv(os.path.join(extra, name))
    return rows


def run_corpus(corpus, binary):
    """Lint every plan of the corpus; returns (findings, failures, plan count)."""
    with open(os.path.join(corpus, "TREES.tsv"), encoding="utf-8") as f:
        trees = {row["repo"]: row["listing_file"] for row in csv.DictReader(f, delimiter="\t")}
    rows = read_tsv(os.path.join(corpus, "MANIFEST.tsv"))
    findings, failures = [], []
    # Codes this binary knows (an older build lacks the newer rules; --ignore refuses
    # an unknown code).
    listed = subprocess.run([binary, "rules"], capture_output=True, text=True, timeout=60).stdout
    known = set(re.findall(r"\bPL\d{3}\b", listed))
    fs_rules = [c for c in FS_RULES if c in known]
    content_rules = [c for c in CONTENT_RULES if c in known]
    with tempfile.TemporaryDirectory() as tmp:
        for row in rows:
            plan = row["filename"]
            root = os.path.join(tmp, row["repo"].replace("/", "__"))
            listing = trees.get(row["repo"])
            if not os.path.isdir(root):
                os.makedirs(root)
                if listing:
                    materialise(os.path.join(corpus, "trees", listing), root)
            cmd = [binary, "--no-config", "--format", "json", "--root", root]
            cmd += ["--ignore", ",".join(fs_rules if not listing else content_rules)]
            cmd.append(os.path.join(corpus, plan))
            try:
                p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
            except subprocess.TimeoutExpired:
                failures.append(f"{plan}: timeout")
                continue
            if p.returncode not in (0, 1) or "panicked" in p.stderr:
                failures.append(f"{plan}: exit {p.returncode}: {p.stderr.strip()[:300]}")
                continue
            try:
                doc = json.loads(p.stdout)
            except json.JSONDecodeError as e:
                failures.append(f"{plan}: bad JSON ({e})")
                continue
            for file in doc["files"]:
                for x in file["findings"]:
                    findings.append({
                        "plan": plan,
                        "code": x["code"],
                        "line": x["start"]["line"],
                        "column": x["start"]["column"],
                        "key": finding_key(x["code"], x["message"]),
                        "message": x["message"],
                    })
    findings.sort(key=lambda f: (f["plan"], f["line"], f["column"], f["code"], f["key"]))
    return findings, failures, len(rows)


def match_labels(findings, labels):
    """Attach a label (or None) to every finding: exact line first, then nearest line."""
    free = collections.defaultdict(list)  # (plan, code, key) -> [label], unconsumed
    exact = {}
    for lab in labels:
        k = (lab["plan"], lab["code"], lab["key"])
        free[k].append(lab)
        exact.setdefault((lab["plan"], lab["code"], int(lab["line"]), lab["key"]), lab)
    out = [None] * len(findings)
    for i, f in enumerate(findings):  # pass 1: same line
        pool = free[(f["plan"], f["code"], f["key"])]
        for j, lab in enumerate(pool):
            if int(lab["line"]) == f["line"]:
                out[i] = pool.pop(j)
                break
    for i, f in enumerate(findings):  # pass 2: the line moved
        if out[i] is None:
            pool = free[(f["plan"], f["code"], f["key"])]
            if pool:
                j = min(range(len(pool)), key=lambda j: (abs(int(pool[j]["line"]) - f["line"]), j))
                out[i] = pool.pop(j)
    for i, f in enumerate(findings):  # pass 3: more identical findings than labels
        if out[i] is None:
            out[i] = exact.get((f["plan"], f["code"], f["line"], f["key"]))
    return out


def keys_match(a, b):
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return re.search(r"(?<![\w])" + re.escape(short) + r"(?![\w])", long_) is not None


def caught(miss, findings_by_plan):
    code = miss["expected"] if re.fullmatch(r"PL\d{3}", miss["expected"]) else None
    line = int(miss["line"])
    for f in findings_by_plan.get(miss["plan"], []):
        if code and f["code"] != code:
            continue
        if abs(f["line"] - line) <= 1 and (keys_match(f["key"], miss["key"]) or keys_match(miss["key"], f["message"])):
            return True
    return False


def is_content(code):
    return re.fullmatch(r"PL[1-5]\d\d", code) is not None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "real-plans"))
    ap.add_argument("--bin", default=None, help="plan-lint binary (default: target/release/plan-lint)")
    ap.add_argument("--labels", default=os.path.join(HERE, "precision", "labels.tsv"))
    ap.add_argument("--misses", default=os.path.join(HERE, "precision", "misses.tsv"))
    ap.add_argument("--check", type=float, metavar="MIN", default=None)
    args = ap.parse_args()

    corpus = os.path.abspath(args.corpus)
    if not os.path.exists(os.path.join(corpus, "MANIFEST.tsv")):
        print(f"precision: corpus not found at {corpus} (no MANIFEST.tsv): nothing measured, skipped")
        return 0
    binary = args.bin
    if binary is None:
        target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
        binary = os.path.join(target, "release", "plan-lint")
        if not os.path.exists(binary):
            subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    if not os.path.exists(binary):
        print(f"precision: plan-lint binary not found at {binary}", file=sys.stderr)
        return 2
    labels = read_with_extras(args.labels)
    misses = read_with_extras(args.misses)

    findings, failures, nplans = run_corpus(corpus, binary)
    if failures:
        for f in failures:
            print("FAIL", f, file=sys.stderr)
        print(f"precision: plan-lint failed on {len(failures)} plan(s)", file=sys.stderr)
        return 2
    matched = match_labels(findings, labels)

    by_plan = collections.defaultdict(list)
    for f in findings:
        by_plan[f["plan"]].append(f)
    miss_state = [(m, caught(m, by_plan)) for m in misses]

    stats = collections.defaultdict(lambda: collections.Counter())
    for f, lab in zip(findings, matched):
        s = stats[f["code"]]
        s["findings"] += 1
        s[lab["label"] if lab else "unlabelled"] += 1
    for m, ok in miss_state:
        s = stats[m["expected"]]
        s["misses"] += 1
        s["caught"] += int(ok)

    def precision(s):
        n = s["TP"] + s["FP"]
        return s["TP"] / n if n else None

    def fmt(p):
        return "-" if p is None else f"{100 * p:.1f}%"

    print(f"plans: {nplans}, findings: {len(findings)}, labels: {len(labels)}, misses listed: {len(misses)}")
    print()
    print("| rule | findings | TP | FP | unlabelled | precision | misses caught/listed |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    total = collections.Counter()
    content = collections.Counter()
    for code in sorted(stats, key=lambda c: (not re.fullmatch(r"PL\d{3}", c), c)):
        s = stats[code]
        total.update(s)
        if is_content(code):
            content.update(s)
        ms = f"{s['caught']}/{s['misses']}" if s["misses"] else "-"
        print(f"| {code} | {s['findings']} | {s['TP']} | {s['FP']} | {s['unlabelled']} | {fmt(precision(s))} | {ms} |")
    for name, s in (("content (PL1xx-PL5xx)", content), ("all", total)):
        ms = f"{s['caught']}/{s['misses']}" if s["misses"] else "-"
        print(f"| **{name}** | {s['findings']} | {s['TP']} | {s['FP']} | {s['unlabelled']} | {fmt(precision(s))} | {ms} |")

    fps = [(f, lab) for f, lab in zip(findings, matched) if lab and lab["label"] == "FP"]
    print(f"\nfalse positives still reported ({len(fps)}):")
    for f, lab in fps:
        print(f"  {f['plan']}:{f['line']}: {f['code']} [{f['key']}] {lab['reason']}")
    missed = [m for m, ok in miss_state if not ok]
    print(f"\nmisses still missed ({len(missed)}):")
    for m in missed:
        print(f"  {m['plan']}:{m['line']}: {m['expected']} [{m['key']}] {m['reason']}")
    new = [f for f, lab in zip(findings, matched) if lab is None]
    print(f"\nunlabelled findings ({len(new)}):")
    for f in new:
        print(f"  {f['plan']}:{f['line']}:{f['column']}: {f['code']} [{f['key']}] {f['message']}")
    used = {id(lab) for lab in matched if lab}
    stale = [lab for lab in labels if id(lab) not in used]
    if stale:
        print(f"\nlabels matching no finding ({len(stale)}; fixed findings, or keys that changed):")
        for lab in stale:
            print(f"  {lab['plan']}:{lab['line']}: {lab['code']} [{lab['key']}] {lab['label']}")

    if args.check is not None:
        minimum = args.check / 100 if args.check > 1 else args.check
        low = [
            (code, precision(s)) for code, s in sorted(stats.items())
            if is_content(code) and s["findings"] >= 5 and precision(s) is not None and precision(s) < minimum
        ]
        if low:
            print(f"\ncheck failed: precision below {fmt(minimum)} for " + ", ".join(f"{c} ({fmt(p)})" for c, p in low))
            return 1
        print(f"\ncheck passed: every content rule with at least 5 findings has precision >= {fmt(minimum)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
