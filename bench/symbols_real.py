#!/usr/bin/env python3
"""Precision of plan-lint's symbol rules on the real-plans corpus, against real checkouts.

Usage: python3 bench/symbols_real.py --repos DIR [--corpus DIR] [--bin target/release/plan-lint]
                                     [--labels bench/precision/symbol-labels.tsv]
                                     [--select CODES] [--corpus-copy]
       python3 bench/symbols_real.py --synthetic --repos DIR [--synthetic-dir DIR] [--bin ...]

bench/precision.py lints every plan against an empty-file stand-in of its repository,
so it cannot measure the rules that read file contents (its CONTENT_RULES: PL307
symbol-not-found, PL308 symbol-not-in-file, PL309 step-symbol-not-found): every symbol
would be "not found". This script lints each plan of the corpus (../shared/corpus/
real-plans, see its README) with `--no-config --format json --select CODES --root
<checkout>`, where the checkout is the plan's repository with its real file contents.

Checkouts live in `--repos DIR` (default: $PLAN_LINT_REPOS, else ../shared/corpus/
real-repos), one directory per repository and commit, the tree of that commit written
out (no .git needed):
  - `DIR/CHECKOUTS.tsv`, when present (columns repo, commit, dir, source; `dir` relative
    to DIR, `-` for a repository that could not be fetched), says which directory holds
    which repository at which commit;
  - otherwise `DIR/<owner>__<name>@<commit, 12 hex>/`, then `DIR/<owner>__<name>/`
    (commit unknown) are tried.
A plan whose repository has no checkout is skipped and listed. A plan linted against a
checkout at another commit than the MANIFEST's is marked `*` in the per-plan list.

Where the plan sits in its checkout: the repository holds the plan itself at its
MANIFEST path. Linted from the corpus, that copy would be read as repository content and
every symbol of the plan would "occur in the repository" (plan-lint reads every file of
the root but the plans being linted). So, when the checkout's copy is byte-identical to
the corpus plan, that copy is the one linted (what a user linting the plan in its
repository gets); otherwise, or with `--corpus-copy`, the corpus file is linted, as
precision.py does. Findings are reported under the corpus file name either way.

`--select` defaults to PL307,PL308,PL309 and PL310-PL319, filtered to the codes
`plan-lint rules` lists (plan-lint exits 2 on an unknown code in --select); a code of
`--select` the binary does not know is dropped with a notice.

Labels and matching are those of precision.py (same TSV columns: plan, code, line, key,
label, reason; `<labels>.d/*.tsv` are read too, but for the synthetic mode's own file,
see below; same finding_key and nearest-line
matching). Prints a table per rule (findings, TP, FP, unlabelled, precision = TP /
(TP + FP)), then the false positives and the unlabelled findings (plan, line, code,
message). Exits 0; exits 2 when plan-lint crashes, hangs (30 s per plan) or cannot be
run. Exits 0 with a notice when the corpus or the checkouts are absent.

`--synthetic`: real plans seldom have a "Current System Snapshot" section, so PL307
hardly runs on them. This mode measures PL307's definition index on the real code
anyway: for every plan with a checkout it writes a synthetic plan,

    # Plan: Synthetic (synthetic)

    ## Current System Snapshot

    - `X`

one bullet per distinct inline code span X of the real plan (CommonMark-like: fenced
code blocks are skipped, a span closes at the next backtick run of its own length,
inside one block; spans with a line break or over 120 characters are skipped; in the
order of first appearance), and lints it with `--no-config --format json --select PL307
--root <checkout>`. The synthetic plans are written to `--synthetic-dir` (default: a
fresh temporary directory, removed afterwards), which must lie outside every checkout
so that they are not read as repository content; the checkout's copy of the real plan
is linted in the same run (its findings dropped), since it names every span and would
otherwise be read as repository content too. Findings are reported under the
corpus plan name at the synthetic plan's line; their key is finding_key's, the
symbol as the message backticks it, so a label survives span order changes. The table
is split by severity (errors; warnings, the "not verified as a definition" ones).
Labels: `--labels` defaults to bench/precision/symbol-labels.d/synthetic.tsv
(SYNTHETIC_LABELS), read alone (no `.d/` folder of its own). The normal mode reads
symbol-labels.tsv and its `.d/*.tsv` *except* synthetic.tsv: a synthetic label is a
claim about the synthetic snapshot, not about a finding of the real plan.
"""
import argparse
import collections
import csv
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.dont_write_bytecode = True  # importing precision must not leave bench/__pycache__
sys.path.insert(0, HERE)
from precision import finding_key, match_labels, read_tsv  # noqa: E402

SYNTHETIC_LABELS = os.path.join(HERE, "precision", "symbol-labels.d", "synthetic.tsv")
SYNTHETIC_HEAD = "# Plan: Synthetic (synthetic)\n\n## Current System Snapshot\n\n"
SYNTHETIC_MAX = 120
SYMBOL_RULES = ["PL307", "PL308", "PL309"] + [f"PL31{i}" for i in range(10)]
TIMEOUT = 30


def known_codes(binary):
    """The rule codes `plan-lint rules` lists."""
    p = subprocess.run([binary, "rules"], capture_output=True, text=True, timeout=TIMEOUT)
    if p.returncode != 0:
        raise RuntimeError(f"`{binary} rules` exited {p.returncode}: {p.stderr.strip()[:300]}")
    return {m.group(0) for m in re.finditer(r"(?m)^PL\d{3}\b", p.stdout)}


def checkouts(repos):
    """(repo, commit) -> (dir, commit it holds or None); repo -> [(dir, commit)] as fallback."""
    exact, by_repo = {}, collections.defaultdict(list)
    listing = os.path.join(repos, "CHECKOUTS.tsv")
    if os.path.exists(listing):
        for row in read_tsv(listing):
            if row["dir"] in ("", "-") or not os.path.isdir(os.path.join(repos, row["dir"])):
                continue
            d = os.path.join(repos, row["dir"])
            exact[(row["repo"], row["commit"])] = (d, row["commit"])
            by_repo[row["repo"]].append((d, row["commit"]))
        return exact, by_repo
    for name in sorted(os.listdir(repos)):
        d = os.path.join(repos, name)
        if not os.path.isdir(d) or "__" not in name:
            continue
        base, _, commit = name.partition("@")
        repo = base.replace("__", "/", 1)
        by_repo[repo].append((d, commit or None))
    return exact, by_repo


def find_checkout(row, exact, by_repo):
    if (row["repo"], row["commit"]) in exact:
        return exact[(row["repo"], row["commit"])]
    for d, commit in by_repo.get(row["repo"], []):
        if commit and row["commit"].startswith(commit):
            return d, row["commit"]
    cands = by_repo.get(row["repo"], [])
    return cands[0] if cands else (None, None)


FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def code_blocks_removed(text):
    """`text` with the lines of fenced code blocks (and their fences) blanked."""
    out, fence = [], None
    for line in text.split("\n"):
        m = FENCE.match(line)
        if fence is None:
            if m and not (m.group(1)[0] == "`" and "`" in line[m.end():]):
                fence = m.group(1)
                out.append("")
                continue
            out.append(line)
        else:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line[m.end():].strip():
                fence = None
            out.append("")
    return "\n".join(out)


def blocks(text):
    """Paragraph-like blocks: split at blank lines; a heading or table row is a block of its own."""
    cur = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped.startswith("|"):
            if cur:
                yield "\n".join(cur)
                cur = []
            if stripped:
                yield line
            continue
        cur.append(line)
    if cur:
        yield "\n".join(cur)


def inline_code_spans(text):
    """The inline code spans of a Markdown text, in order (CommonMark-like)."""
    spans = []
    for block in blocks(code_blocks_removed(text)):
        runs = [m for m in re.finditer(r"`+", block)]
        i = 0
        while i < len(runs):
            opening = runs[i]
            if opening.start() > 0 and block[opening.start() - 1] == "\\":
                i += 1  # an escaped backtick opens nothing
                continue
            n = len(opening.group(0))
            close = next((j for j in range(i + 1, len(runs)) if len(runs[j].group(0)) == n), None)
            if close is None:
                i += 1
                continue
            body = block[opening.end():runs[close].start()]
            if len(body) >= 2 and body[0] == " " and body[-1] == " " and body.strip():
                body = body[1:-1]
            spans.append(body)
            i = close + 1
    return spans


def synthetic_plan(text):
    """The synthetic plan of a real plan's text: (plan text, [span per bullet])."""
    seen, items = set(), []
    for span in inline_code_spans(text):
        if "\n" in span or len(span) > SYNTHETIC_MAX or not span.strip() or span in seen:
            continue
        seen.add(span)
        items.append(span)
    lines = []
    for span in items:
        longest = max((len(r) for r in re.findall(r"`+", span)), default=0)
        fence = "`" * (longest + 1)
        pad = " " if span.startswith("`") or span.endswith("`") else ""
        lines.append(f"- {fence}{pad}{span}{pad}{fence}\n")
    return SYNTHETIC_HEAD + "".join(lines), items


def read_real_labels(path):
    """read_with_extras(path) without SYNTHETIC_LABELS: the synthetic mode's labels are
    claims about the synthetic snapshots, not labels of the real plans' findings."""
    rows = read_tsv(path) if os.path.exists(path) else []
    extra = os.path.splitext(path)[0] + ".d"
    if os.path.isdir(extra):
        for name in sorted(os.listdir(extra)):
            full = os.path.join(extra, name)
            if name.endswith(".tsv") and os.path.realpath(full) != os.path.realpath(SYNTHETIC_LABELS):
                rows += read_tsv(full)
    return rows


def inside(path, root):
    path, root = os.path.realpath(path), os.path.realpath(root)
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def run_corpus(corpus, repos, binary, codes, corpus_copy, synthetic_dir=None):
    """Lint every plan that has a checkout; returns (findings, failures, linted, skipped).
    With `synthetic_dir`, the synthetic plan of each plan (synthetic_plan) is written
    there and linted instead."""
    exact, by_repo = checkouts(repos)
    rows = read_tsv(os.path.join(corpus, "MANIFEST.tsv"))
    findings, failures, linted, skipped = [], [], [], []
    for row in rows:
        plan = row["filename"]
        root, commit = find_checkout(row, exact, by_repo)
        if root is None:
            skipped.append(f"{plan}: no checkout of {row['repo']}")
            continue
        corpus_file = os.path.join(corpus, plan)
        in_repo = os.path.join(root, row["path"])
        target, where, extra = corpus_file, "corpus", []
        if synthetic_dir is not None:
            if inside(synthetic_dir, root):
                failures.append(f"{plan}: --synthetic-dir {synthetic_dir} lies inside the checkout {root}")
                continue
            with open(corpus_file, encoding="utf-8", errors="replace") as f:
                text, _ = synthetic_plan(f.read())
            target, where = os.path.join(synthetic_dir, plan), "synthetic"
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
            # The checkout's copy of the real plan is linted too (its findings dropped), so
            # that it is not read as repository content: it names every span.
            if os.path.isfile(in_repo):
                extra = [in_repo]
        elif not corpus_copy and os.path.isfile(in_repo) and filecmp.cmp(in_repo, corpus_file, shallow=False):
            target, where = in_repo, "checkout"
        same_commit = commit is not None and commit == row["commit"]
        linted.append((plan, os.path.basename(root), where, same_commit))
        cmd = [binary, "--no-config", "--format", "json", "--select", ",".join(codes), "--root", root, target] + extra
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, cwd=root)
        except subprocess.TimeoutExpired:
            failures.append(f"{plan}: timeout ({TIMEOUT} s)")
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
            if extra and os.path.realpath(os.path.join(root, file["path"])) != os.path.realpath(target):
                continue
            for x in file["findings"]:
                findings.append({
                    "plan": plan,
                    "code": x["code"],
                    "severity": x.get("severity", ""),
                    "line": x["start"]["line"],
                    "column": x["start"]["column"],
                    "key": finding_key(x["code"], x["message"]),
                    "message": x["message"],
                })
        for x in doc.get("failures", []):
            failures.append(f"{plan}: plan-lint failure: {json.dumps(x)[:300]}")
    findings.sort(key=lambda f: (f["plan"], f["line"], f["column"], f["code"], f["key"]))
    return findings, failures, linted, skipped


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "real-plans"))
    ap.add_argument("--repos", default=os.environ.get(
        "PLAN_LINT_REPOS", os.path.join(ROOT, "..", "shared", "corpus", "real-repos")))
    ap.add_argument("--bin", default=None, help="plan-lint binary (default: target/release/plan-lint)")
    ap.add_argument("--labels", default=None,
                    help="labels TSV (default: bench/precision/symbol-labels.tsv, with --synthetic "
                         "bench/precision/symbol-labels.d/synthetic.tsv)")
    ap.add_argument("--select", default=",".join(SYMBOL_RULES),
                    help="rule codes (default: PL307-PL309 and PL310-PL319, those the binary has)")
    ap.add_argument("--corpus-copy", action="store_true",
                    help="always lint the corpus file (the checkout's copy of the plan is then read as repository content)")
    ap.add_argument("--synthetic", action="store_true",
                    help="lint a synthetic Current System Snapshot of every inline code span of each plan, PL307 only")
    ap.add_argument("--synthetic-dir", default=None,
                    help="where --synthetic writes its plans (default: a temporary directory); outside the checkouts")
    args = ap.parse_args()
    if args.synthetic:
        if args.select != ",".join(SYMBOL_RULES) and args.select != "PL307":
            print("symbols_real: --synthetic measures PL307 only; --select ignored", file=sys.stderr)
        args.select = "PL307"

    corpus = os.path.abspath(args.corpus)
    if not os.path.exists(os.path.join(corpus, "MANIFEST.tsv")):
        print(f"symbols_real: corpus not found at {corpus} (no MANIFEST.tsv): nothing measured, skipped")
        return 0
    repos = os.path.abspath(args.repos)
    if not os.path.isdir(repos):
        print(f"symbols_real: no checkouts at {repos} (see --repos): nothing measured, skipped")
        return 0
    binary = args.bin
    if binary is None:
        target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
        binary = os.path.join(target, "release", "plan-lint")
        if not os.path.exists(binary):
            subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    binary = os.path.abspath(binary)
    if not os.path.exists(binary):
        print(f"symbols_real: plan-lint binary not found at {binary}", file=sys.stderr)
        return 2
    try:
        known = known_codes(binary)
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as e:
        print(f"symbols_real: cannot list the rules: {e}", file=sys.stderr)
        return 2
    wanted = [c.strip() for c in args.select.split(",") if c.strip()]
    codes = [c for c in wanted if c in known]
    dropped = [c for c in wanted if c not in known]
    explicit = args.select != ",".join(SYMBOL_RULES) and not args.synthetic
    if dropped and explicit:
        print(f"symbols_real: not rules of this binary, dropped: {','.join(dropped)}", file=sys.stderr)
    if not codes:
        print("symbols_real: none of the selected codes is a rule of this binary", file=sys.stderr)
        return 2
    if args.synthetic:
        labels_path = args.labels or SYNTHETIC_LABELS
        labels = read_tsv(labels_path) if os.path.exists(labels_path) else []
    else:
        labels_path = args.labels or os.path.join(HERE, "precision", "symbol-labels.tsv")
        labels = read_real_labels(labels_path)

    synthetic_dir, made = None, False
    if args.synthetic:
        if args.synthetic_dir:
            synthetic_dir = os.path.abspath(args.synthetic_dir)
            os.makedirs(synthetic_dir, exist_ok=True)
        else:
            synthetic_dir, made = tempfile.mkdtemp(prefix="plan-lint-synthetic-"), True
    try:
        findings, failures, linted, skipped = run_corpus(corpus, repos, binary, codes, args.corpus_copy,
                                                         synthetic_dir)
    finally:
        if made:
            shutil.rmtree(synthetic_dir, ignore_errors=True)
    if failures:
        for f in failures:
            print("FAIL", f, file=sys.stderr)
        print(f"symbols_real: plan-lint failed on {len(failures)} plan(s)", file=sys.stderr)
        return 2
    matched = match_labels(findings, labels)

    stats = collections.defaultdict(collections.Counter)

    def row_of(f):  # --synthetic: errors and warnings ("not verified as a definition") apart
        return f"{f['code']} {f['severity']}" if args.synthetic else f["code"]

    for code in codes:
        for sev in (("error", "warning") if args.synthetic else ("",)):
            stats[f"{code} {sev}".strip()]  # every selected rule gets a row, with zero findings too
    for f, lab in zip(findings, matched):
        s = stats[row_of(f)]
        s["findings"] += 1
        s[lab["label"] if lab and lab["label"] in ("TP", "FP") else "unlabelled"] += 1

    def fmt(s):
        n = s["TP"] + s["FP"]
        return f"{100 * s['TP'] / n:.1f}%" if n else "-"

    other = sum(1 for _, _, _, same in linted if not same)
    in_repo = sum(1 for _, _, where, _ in linted if where == "checkout")
    print(f"rules: {','.join(codes)}" + (" (synthetic snapshots of every inline code span)" if args.synthetic else ""))
    print(f"plans: {len(linted)} linted ({in_repo} as the checkout's own copy, {other} against a checkout "
          f"at another or unknown commit), {len(skipped)} skipped; findings: {len(findings)}, labels: {len(labels)}")
    print()
    print("| rule | findings | TP | FP | unlabelled | precision |")
    print("|---|---:|---:|---:|---:|---:|")
    total = collections.Counter()
    for code in sorted(stats):
        s = stats[code]
        total.update(s)
        print(f"| {code} | {s['findings']} | {s['TP']} | {s['FP']} | {s['unlabelled']} | {fmt(s)} |")
    print(f"| **all** | {total['findings']} | {total['TP']} | {total['FP']} | {total['unlabelled']} | {fmt(total)} |")

    if skipped:
        print(f"\nplans skipped ({len(skipped)}):")
        for s in skipped:
            print(f"  {s}")
    if other:
        print("\nplans linted against a checkout at another commit than the plan's (*):")
        for plan, d, _, same in linted:
            if not same:
                print(f"  * {plan} -> {d}")
    fps = [(f, lab) for f, lab in zip(findings, matched) if lab and lab["label"] == "FP"]
    print(f"\nfalse positives ({len(fps)}):")
    for f, lab in fps:
        print(f"  {f['plan']}:{f['line']}: {f['code']} {f['message']}  -- {lab['reason']}")
    new = [f for f, lab in zip(findings, matched) if not (lab and lab["label"] in ("TP", "FP"))]
    print(f"\nunlabelled findings ({len(new)}):")
    for f in new:
        sev = f" ({f['severity']})" if args.synthetic else ""
        print(f"  {f['plan']}:{f['line']}:{f['column']}: {f['code']}{sev} {f['message']}")
    used = {id(lab) for lab in matched if lab}
    stale = [lab for lab in labels if id(lab) not in used and lab["code"] in codes]
    if stale:
        print(f"\nlabels matching no finding ({len(stale)}; fixed findings, or keys that changed):")
        for lab in stale:
            print(f"  {lab['plan']}:{lab['line']}: {lab['code']} [{lab['key']}] {lab['label']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
