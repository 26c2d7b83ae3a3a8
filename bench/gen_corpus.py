#!/usr/bin/env python3
"""Deterministic benchmark corpus: plan-shaped Markdown documents and a matching fake
repository, so that plan-lint's filesystem rules do real work.

Usage:
  python3 bench/gen_corpus.py --files 10000 --out DIR       # DIR/repo/EXPORT/plan_*.md
  python3 bench/gen_corpus.py --single-mb 50 --out DIR      # DIR/repo/EXPORT/plan_huge.md
  python3 bench/gen_corpus.py --files 1000 --single-mb 50 --out DIR   # both
  python3 bench/gen_corpus.py --files 1000 --repo growing --out DIR   # DIR/growing-1000/repo/...

Layout under DIR (one folder per corpus, each with its own copy of the repository):
  files-N/repo/.git/                 an empty marker: plan-lint takes repo/ as the root
  files-N/repo/src/<area>/<mod>.rs   1 000 small source files with the symbols plans name
  files-N/repo/tests/<area>.rs       40 test files, plus Cargo.toml and README.md
  files-N/repo/EXPORT/plan_*.md      the N plans (~10 KB each; `--size-kb` changes that)
  single-Mmb/repo/EXPORT/plan_huge-plan.md   the one M-megabyte plan, same repository

Two repositories (`--repo`):
  fixed    (the default) the 1 042 files above, whatever the number of plans.
  growing  a repository that grows with the corpus, as real ones do: the same 1 042 files
           plus GROW_PER_PLAN (0.8) more source files per plan, spread over the 40 area
           directories (src/<area>/<noun><k>.rs, each with its own type and functions), in
           growing-N/repo/. With the plans themselves that is 1 042 + 1.8 N files: 2 842
           for 1 000 plans, 19 042 for 10 000. The plans' impact rows, snapshots and step
           paths are drawn from the whole grown repository, so their edit and delete rows
           and the paths they name exist (PL203 and PL306 do the successful lookups of a
           real repository), apart from the same deliberate misses as in the fixed one.
The fixed corpus is byte-identical to what this script wrote before `--repo` existed.

Every plan has a title, all 14 required sections in order, an impact table of ~15 rows
(edit rows that exist, new rows that do not, some delete rows, now and then an edit row
whose file is missing), 5-9 numbered steps with Files/Changes/Notes, code blocks, a
task-list checklist, confirmation markers, and some hedging and weak wording in ~1 plan
in 3, so the rules find something. The output is byte-identical for the same arguments
(a fixed seed, `random.Random` per file, no dict/set ordering, no time stamps).
Only the standard library is used.
"""
import argparse
import os
import random
import sys

SEED = 20240611

from contract import SECTIONS  # bench/contract.py: the sections of rules/contract.toml
MARKER = "[0o0o NEEDS CONFIRMATION]"

AREAS = [
    "gateway", "billing", "auth", "storage", "search", "notify", "export", "ingest",
    "report", "schedule", "profile", "session", "cache", "queue", "audit", "config",
    "metrics", "admin", "upload", "render", "invoice", "ledger", "inventory", "shipping",
    "catalog", "pricing", "tenant", "webhook", "mailer", "sync", "backup", "import",
    "limits", "routing", "tokens", "health", "locale", "feature", "policy", "graph",
]
NOUNS = [
    "handler", "client", "store", "model", "service", "worker", "parser", "writer",
    "reader", "policy", "limiter", "router", "builder", "format", "index", "cache",
    "event", "queue", "schema", "config", "filter", "batch", "retry", "token", "view",
]
VERBS = [
    "load", "save", "build", "parse", "render", "check", "apply", "fetch", "merge",
    "split", "send", "flush", "retry", "close", "open", "scan", "sync", "drain",
]
ADJ = ["fast", "safe", "plain", "small", "exact", "stable", "cached", "strict", "lazy", "bounded"]
FILES_PER_AREA = 25
GROW_PER_PLAN = 0.8  # --repo growing: extra source files per plan
HEDGES = ["should", "might", "probably", "maybe", "could", "as needed", "etc."]


def camel(*parts):
    return "".join(p[:1].upper() + p[1:] for p in parts)


def repo_files(extra=0):
    """The fake repository: (path, content) for every file, in a fixed order.

    `extra` more source files (the growing repository) are spread over the areas after
    the first FILES_PER_AREA of each; their types and functions carry the module's number
    (`BillingHandler1`, `load_handler1`), so the symbol index grows with them."""
    out = []
    per_area = [FILES_PER_AREA + extra // len(AREAS) + (a < extra % len(AREAS)) for a in range(len(AREAS))]
    for a, area in enumerate(AREAS):
        for n in range(per_area[a]):
            noun = NOUNS[n % len(NOUNS)]
            suffix = f"{n // len(NOUNS) or ''}"
            name = f"{noun}{suffix}"
            if n < FILES_PER_AREA:  # the fixed repository's files, unchanged
                fns = [f"{VERBS[(a + n + k) % len(VERBS)]}_{noun}" for k in range(3)]
                ty = camel(area, noun)
            else:
                fns = [f"{VERBS[(a + n + k) % len(VERBS)]}_{noun}{suffix}" for k in range(3)]
                ty = camel(area, noun) + suffix
            body = [f"//! {area}: the {noun}.", "", f"pub struct {ty} {{", "    pub limit: u32,", "}", ""]
            for f in fns:
                body += [f"pub fn {f}(x: &{ty}) -> u32 {{", "    x.limit + 1", "}", ""]
            out.append((f"src/{area}/{name}.rs", "\n".join(body), ty, fns))
        out.append((f"tests/{area}.rs", f"#[test]\nfn {area}_works() {{}}\n", None, []))
    out.append(("Cargo.toml", '[package]\nname = "fake"\nversion = "0.1.0"\nedition = "2021"\n', None, []))
    out.append(("README.md", "# fake\n\nThe repository the benchmark plans describe.\n", None, []))
    return out


def write_repo(root, extra=0):
    os.makedirs(os.path.join(root, ".git"), exist_ok=True)
    os.makedirs(os.path.join(root, "EXPORT"), exist_ok=True)
    files = repo_files(extra)
    for path, content, _, _ in files:
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8", newline="\n") as f:
            f.write(content)
    return [(p, ty, fns) for p, _, ty, fns in files if ty]


def sentence(rng, hedgy, subject):
    verb = rng.choice(VERBS)
    adj = rng.choice(ADJ)
    noun = rng.choice(NOUNS)
    word = rng.choice(HEDGES) if hedgy and rng.random() < 0.25 else "must"
    if word in ("etc.", "as needed"):
        return f"The {subject} {verb}s the {adj} {noun} and the {rng.choice(NOUNS)}, {word}"
    return f"The {subject} {word} {verb} the {adj} {noun} before it answers the caller"


def paragraph(rng, hedgy, subject, n):
    return ". ".join(sentence(rng, hedgy, subject) for _ in range(n)) + "."


class Plan:
    """One plan's content, built from a seeded generator."""

    def __init__(self, rng, index, sources, size, huge=False):
        self.rng = rng
        self.index = index
        self.sources = sources
        self.size = size
        self.huge = huge
        self.hedgy = rng.random() < 0.33
        area = AREAS[index % len(AREAS)]
        self.area = area
        self.slug = f"{area}-{rng.choice(ADJ)}-{rng.choice(NOUNS)}-{index}" if not huge else "huge-plan"
        self.title = " ".join(w.capitalize() for w in self.slug.split("-"))

    def impact_rows(self, count):
        """(path, why, kind) rows: ~60 % edit, ~30 % new, ~10 % delete, unique paths."""
        rng = self.rng
        picked = rng.sample(range(len(self.sources)), min(len(self.sources), count))
        rows = []
        for k, i in enumerate(picked):
            path, ty, fns = self.sources[i]
            r = rng.random()
            if r < 0.6:
                if rng.random() < 0.04:
                    path = path.replace(".rs", "_old.rs")  # a missing file: PL203 finds it
                rows.append((path, f"Call `{fns[0]}()` from the new {rng.choice(NOUNS)}", "edit"))
            elif r < 0.9:
                new = f"src/{self.area}/new_{rng.choice(NOUNS)}_{self.index}_{k}.rs"
                rows.append((new, f"The {rng.choice(ADJ)} {rng.choice(NOUNS)} for `{ty}`", "new"))
            else:
                rows.append((path, f"Replaced by the new {rng.choice(NOUNS)}", "delete"))
        return rows

    def step(self, n, rows, row_iter):
        rng = self.rng
        files = [next(row_iter) for _ in range(rng.randint(1, 3))]
        names = ", ".join(f"`{rows[f][0]}`" for f in files)
        path, why, _ = rows[files[0]]
        verb = rng.choice(VERBS)
        fn = f"{verb}_{rng.choice(NOUNS)}"
        hedge = rng.choice(["should", "might"]) if self.hedgy and rng.random() < 0.2 else "must"
        pad = " " * (len(str(n)) + 2)  # sub-items line up with the step's text
        return [
            f"{n}. {verb.capitalize()} the {rng.choice(ADJ)} {rng.choice(NOUNS)} in `{path}`.",
            f"{pad}- **Files:** {names}",
            f"{pad}- **Changes:** Add `fn {fn}(&self, limit: u32) -> Result<(), Error>` and call it from "
            f"`{rng.choice(VERBS)}_{rng.choice(NOUNS)}()`; the limit is {rng.randint(10, 999)} per minute. "
            + paragraph(rng, self.hedgy, "change", 1),
            f"{pad}- **Notes:** The caller {hedge} keep the public API unchanged; {why.lower()}.",
        ]

    def render(self):
        rng = self.rng
        src = self.sources
        out = [f"# Plan: {self.title} ({self.slug})", ""]
        body = {}
        body["Summary"] = [paragraph(rng, self.hedgy, "gateway", 4)
                           + f" The entry point is `{src[self.index % len(src)][2][0]}()` in "
                           f"`{src[self.index % len(src)][0]}`.", ""]
        body["Goals"] = [f"- {paragraph(rng, self.hedgy, 'service', 1)}" for _ in range(4)] + [""]
        body["Non-Goals"] = [f"- {paragraph(rng, False, 'release', 1)}" for _ in range(2)] + [""]
        body["Requirements"] = [f"- Functional: {paragraph(rng, self.hedgy, 'handler', 1)}" for _ in range(3)]
        body["Requirements"] += [f"- Non-functional: the {rng.choice(NOUNS)} adds at most {rng.randint(1, 9)} ms.", ""]
        body["Assumptions & Constraints"] = [f"- {paragraph(rng, False, 'deployment', 1)}" for _ in range(3)] + [""]
        snap = []
        for k in range(4):
            path, ty, fns = src[(self.index * 7 + k * 13) % len(src)]
            snap.append(f"- `{path}` defines `{ty}` and `{fns[k % 3]}()`.")
        body["Current System Snapshot"] = snap + [""]
        nrows = 15 if not self.huge else self.huge_rows
        rows = self.impact_rows(nrows) if not self.huge else self.huge_impact(nrows)
        table = ["| Path | Why | Change type |", "|------|-----|-------------|"]
        table += [f"| `{p}` | {w} | {k} |" for p, w, k in rows]
        body["Impacted Files & Directories"] = table + [""]
        body["Data & Interface Contracts"] = [
            f"The `{camel(self.area, 'request')}` shape:", "",
            "```rust",
            f"pub struct {camel(self.area, 'request')} {{",
            "    pub id: u64,",
            "    pub limit: u32,",
            "    pub reason: Option<String>,",
            "}",
            "```", "",
            f"- Response: HTTP {rng.choice([200, 201, 409, 429])} with header `Retry-After: <seconds>`.",
            f"- Environment: `{self.area.upper()}_LIMIT`, a positive integer, default {rng.randint(10, 500)}.", "",
        ]
        body["Testing Plan"] = [
            f"- Add `{self.area}_rejects_over_limit` to `tests/{self.area}.rs`.",
            f"- Run `cargo test --test {self.area}`.", "",
            "```sh", f"cargo test --test {self.area}", "cargo test", "```", "",
        ]
        body["Verification Checklist"] = [f"- [ ] {paragraph(rng, False, 'build', 1)}" for _ in range(3)]
        body["Verification Checklist"] += ["- [x] `cargo test` passes.", ""]
        body["Rollout & Rollback"] = [
            f"- Rollout: ship behind the `{self.slug}` feature, on by default in the next release.",
            "- Rollback: build without the feature, or revert the commit; no data is stored.", "",
        ]
        body["Plan Completeness Audit"] = [
            "- Implementer review: every step names its files, the exact functions and the defaults.",
            "- QA/release review: each requirement maps to a test; rollout and rollback are covered.", "",
        ]
        if rng.random() < 0.5:
            body["Open Questions"] = ["None.", ""]
        else:
            body["Open Questions"] = [
                f"- {MARKER} Which {rng.choice(NOUNS)} owns the {rng.choice(ADJ)} limit for `{self.area}`?",
                f"- {MARKER} Does the {rng.choice(NOUNS)} need a migration?", "",
            ]
        # Steps: each impact row named once, then more steps until the size is reached.
        order = list(range(len(rows)))
        rng.shuffle(order)

        def cycle():
            while True:
                yield from order

        it = cycle()
        steps = []
        n = 1
        fixed = sum(len(line) + 1 for part in body.values() for line in part) + 400  # + headings
        size_now = fixed
        while n <= len(rows) // 2 or size_now < self.size:
            s = self.step(n, rows, it)
            steps += s
            size_now += sum(len(line) + 1 for line in s)
            n += 1
        body["Implementation Plan"] = steps + [""]
        for name in SECTIONS:
            out += [f"## {name}", ""] + body[name]
        return "\n".join(out)

    def huge_impact(self, count):
        """Impact rows for the single huge plan: every existing file once (edit), then
        unique new paths."""
        rows = []
        for path, ty, fns in self.sources:
            rows.append((path, f"Call `{fns[0]}()` from the new code", "edit"))
        k = 0
        while len(rows) < count:
            rows.append((f"src/gen/part{k // 1000}/new_{k}.rs", f"Generated module {k}", "new"))
            k += 1
        return rows[:count]


def write_plans(root, count, size_kb, extra=0):
    sources = [s for s in write_repo(root, extra)]
    total = 0
    width = len(str(count))
    for i in range(count):
        rng = random.Random(SEED * 1_000_003 + i)
        plan = Plan(rng, i, sources, size_kb * 1024)
        text = plan.render()
        name = f"plan_{plan.slug}.md"
        # The numbered prefix keeps directory order = generation order; the file name
        # rule (PL003) then reports the mismatch for 1 plan in 50 on purpose.
        if i % 50 == 7:
            name = f"plan_{i:0{width}d}.md"
        with open(os.path.join(root, "EXPORT", name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        total += len(text.encode("utf-8"))
    return total


def write_single(root, megabytes):
    sources = [s for s in write_repo(root)]
    rng = random.Random(SEED)
    target = megabytes * 1024 * 1024
    plan = Plan(rng, 0, sources, 0, huge=True)
    # ~1 impact row per 700 bytes of plan, like the typical plans (15 rows in ~10 KB).
    plan.huge_rows = max(15, target // 700)
    plan.size = target  # the sections before the steps (the table too) count
    text = plan.render()
    path = os.path.join(root, "EXPORT", "plan_huge-plan.md")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return len(text.encode("utf-8"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="output directory (created)")
    ap.add_argument("--files", type=int, default=0, help="number of typical plans")
    ap.add_argument("--size-kb", type=int, default=10, help="target size of one plan")
    ap.add_argument("--single-mb", type=int, default=0, help="also write one plan of this many MB")
    ap.add_argument("--repo", choices=["fixed", "growing"], default="fixed",
                    help="fixed: the same 1 042-file repository for any N (files-N/); growing: "
                         f"{GROW_PER_PLAN} more source files per plan (growing-N/; --files only)")
    args = ap.parse_args()
    if not args.files and not args.single_mb:
        ap.error("nothing to do: pass --files N and/or --single-mb M")
    if args.repo == "growing" and args.single_mb:
        ap.error("--repo growing applies to --files only (the single plan keeps the fixed repository)")
    if args.files:
        growing = args.repo == "growing"
        extra = round(GROW_PER_PLAN * args.files) if growing else 0
        root = os.path.join(args.out, f"{'growing' if growing else 'files'}-{args.files}", "repo")
        total = write_plans(root, args.files, args.size_kb, extra)
        print(f"{args.files} plans, {total / 1e6:.1f} MB in {root}/EXPORT"
              + (f" (repository: {len(repo_files(extra))} files besides the plans)" if growing else ""))
    if args.single_mb:
        root = os.path.join(args.out, f"single-{args.single_mb}mb", "repo")
        total = write_single(root, args.single_mb)
        print(f"1 plan, {total / 1e6:.1f} MB in {root}/EXPORT")
    return 0


if __name__ == "__main__":
    sys.exit(main())
