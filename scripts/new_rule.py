#!/usr/bin/env python3
"""Scaffold a new plan-lint rule: one command, then one file of real work.

    python3 scripts/new_rule.py PL123 rule-name group [--severity warning]
                                [--summary "One line: what it checks."] [--fix]

Writes (everything the project's tests require of every rule):

* src/rules/<group>/<rule_name>.rs  the rule: metadata, a skeleton `check` that reports
                                    nothing, and its pass/fail vectors (and an empty
                                    fix section with --fix)
* src/rules/<group>/mod.rs          `pub(crate) mod <rule_name>;`
* src/rules/mod.rs                  the registry line in `all()` (in code order), and the
                                    rule count of its hundred in the selection test
* rules/<CODE>.md                   the page, with all six sections (tests/docs.rs)
* fixtures/rules/<CODE>.md          the trigger fixture: a copy of the clean plan
* tests/rules.rs                    its row in CASES (tests/rules.rs)
* README.md                         its row in the rule table (tests/readme.rs)
* src/**/*.rs, tests/**/*.rs        the code, in a one-line list of every code of its
                                    hundred (a test spelling out what `PL1` selects)

It checks everything first and writes nothing when it refuses (a code or name that
exists, a malformed code or name, an unknown group, a code outside the group's
hundreds). Python 3.11, standard library only (after ruff's scripts/add_rule.py).
"""

from __future__ import annotations

import argparse
import keyword
import re
import sys
from dataclasses import dataclass
from pathlib import Path

# The `use` lines of a new rule file: the only crate paths the template names. Update
# them here when modules move (tests/scaffold.rs builds nothing, but its ignored test
# `scaffolded_tree_builds` does).
USES = """\
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, FixAvailability, Group, Phase, Rule, RuleMeta};
"""

ROOT = Path(__file__).resolve().parent.parent

# Groups whose rules are not written as a `check`: the engine reports them.
NOT_SCAFFOLDED = {
    "suppressions": "its rules (PL901, PL902) are reported by the engine in their own phase (src/engine/lint.rs), "
    "not by a `check`; add one by hand",
}

# Rust keywords (strict and reserved) that cannot be a module name.
RUST_KEYWORDS = {
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen",
    "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override",
    "priv", "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true",
    "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while",
    "yield",
}  # fmt: skip

CODE_RE = re.compile(r"PL[0-9]{3}")
NAME_RE = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


class Refusal(Exception):
    """A reason not to scaffold; nothing has been written."""


@dataclass
class Registered:
    group: str
    module: str
    type_name: str
    code: str
    name: str
    line_index: int  # index of the registry line in src/rules/mod.rs


def read(rel: str) -> str:
    return (ROOT / rel).read_text(encoding="utf-8")


def groups() -> list[str]:
    """The rule groups: the folders of src/rules/ that src/rules/mod.rs declares."""
    text = read("src/rules/mod.rs")
    declared = re.findall(r"^pub(?:\(crate\))? mod ([a-z_]+);$", text, re.M)
    return sorted(g for g in declared if (ROOT / "src/rules" / g / "mod.rs").is_file())


def registry(lines: list[str]) -> tuple[list[Registered], int, int]:
    """The rules of `all()` in src/rules/mod.rs, and the indices of its `&[` and `];`."""
    start = next(
        (i for i, l in enumerate(lines) if re.match(r"\s*static ALL: .* = &\[$", l)), None
    )
    if start is None:
        raise Refusal("src/rules/mod.rs: no `static ALL: … = &[` in `all()`")
    end = next((i for i in range(start, len(lines)) if lines[i].strip() == "];"), None)
    if end is None:
        raise Refusal("src/rules/mod.rs: `static ALL` is not closed by `];`")
    out = []
    for i in range(start + 1, end):
        m = re.fullmatch(r"\s*&([a-z_]+)::([a-z_0-9]+)::([A-Za-z0-9]+),", lines[i])
        if not m:
            raise Refusal(f"src/rules/mod.rs:{i + 1}: not a registry line: {lines[i]!r}")
        group, module, type_name = m.groups()
        src = read(f"src/rules/{group}/{module}.rs")
        code = re.search(r'^\s*code: "(PL[0-9]{3})",$', src, re.M)
        name = re.search(r'^\s*name: "([^"]+)",$', src, re.M)
        if not code or not name:
            raise Refusal(f"src/rules/{group}/{module}.rs: no `code:`/`name:` in its RuleMeta")
        out.append(Registered(group, module, type_name, code[1], name[1], i))
    return out, start, end


def camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def rust_str(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"')


# ── the new files ────────────────────────────────────────────────────────────────────

FAIL_PLAN = "# Plan: A (a)\\n\\n## Goals\\n\\nTODO({code}): a plan with the defect.\\n"


def rule_file(
    code: str, name: str, type_name: str, group: str, severity: str, summary: str, fix: bool
) -> str:
    fix_hint = (
        "\n        // A finding with a fix (see `crate::diagnostic::Fix`):\n"
        "        //     self.report(span, …).with_fix(Fix::replace(Applicability::Safe, \"…\", span, \"…\"))"
        if fix
        else ""
    )
    fix_vectors = (
        "            .fix(&[\n"
        f"                // TODO({code}): (input, expected output) pairs: each input fixed with\n"
        "                // this rule's safe and unsafe fixes must give exactly its expected output.\n"
        "            ])\n"
        if fix
        else ""
    )
    return f"""\
//! {code} `{name}`: {summary}
//!
//! TODO({code}): how the rule decides: what it reads, what it skips, where a finding's
//! span starts (the page rules/{code}.md says the same for users).

{USES}
pub(crate) struct {type_name};

static META: RuleMeta = RuleMeta {{
    code: "{code}",
    name: "{name}",
    severity: Severity::{severity.capitalize()},
    summary: "{rust_str(summary)}",
    group: Group::{camel(group)},
    fix: {"FixAvailability::Sometimes(crate::diagnostic::Applicability::Safe)" if fix else "FixAvailability::None"},
    phase: Phase::Document,
}};

impl Rule for {type_name} {{
    fn meta(&self) -> &'static RuleMeta {{
        &META
    }}

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {{
        // TODO({code}): the real logic. Read the plan through `ctx` (`ctx.doc`, the model;
        // `ctx.outline`, its sections; `ctx.impact`, `ctx.steps`, `ctx.contract`) and
        // report each defect at its span:
        //     self.report(span, "what is wrong".to_string()).with_help("how to repair it"){fix_hint}
        let _ = ctx;
        Vec::new()
    }}
}}

#[cfg(test)]
mod tests {{
    use crate::rules::tester::{{CLEAN_PLAN, Tester}};

    #[test]
    fn vectors() {{
        Tester::new("{code}")
            .pass(&[
                CLEAN_PLAN,
                // TODO({code}): plans that come close to the defect and are fine.
            ])
            .fail(&[
                // TODO({code}): plans with the defect (the diagnostics are snapshotted).
                "{FAIL_PLAN.format(code=code)}",
            ])
{fix_vectors}            .test_and_snapshot();
    }}
}}
"""


def page(code: str, name: str, group: str, severity: str, fix: bool) -> str:
    fix_line = f"TODO({code}): safe / unsafe / suggestion" if fix else "none"
    fix_safety = (
        f"TODO({code}): the highest tier of the rule's fixes in bold (**safe**, **unsafe** or\n"
        "**suggestion**, as `RuleMeta::fix` declares), why it cannot change what the plan means,\n"
        "and which findings have no fix."
        if fix
        else "No automatic fix."
    )
    return f"""\
# {code} `{name}`

Default severity: **{severity}** · Group: {group} · Fix: {fix_line}

## What it does
TODO({code}): exactly what is checked, and where (which section, prose only…).

## Why is this bad?
TODO({code}): why the plan contract asks for it (quote or cite the contract clause).

## Example
```markdown
# Plan: A (a)

## Goals

TODO({code}): a plan fragment that triggers the rule.
```

## Use instead
```markdown
# Plan: A (a)

## Goals

The corrected fragment, which does not trigger the rule.
```

## Fix safety
{fix_safety}

## Configuration
- `[rules]`: `{code} = "off" | "warning" | "error"` (or `{name} = …`).
"""


# ── the edits ────────────────────────────────────────────────────────────────────────


def with_module(group_mod: str, module: str, group: str) -> str:
    lines = group_mod.split("\n")
    decl = re.compile(r"(pub(?:\(crate\))?) mod ([a-z_0-9]+);")
    mods = [(i, m) for i, l in enumerate(lines) if (m := decl.fullmatch(l))]
    if not mods:
        raise Refusal(f"src/rules/{group}/mod.rs: no `pub(crate) mod …;` line to add to")
    # The group's own visibility (the groups' modules are pub(crate)), in name order.
    vis = mods[-1][1].group(1)
    at = next((i for i, m in mods if m.group(2) > module), mods[-1][0] + 1)
    lines.insert(at, f"{vis} mod {module};")
    return "\n".join(lines)


def with_registry(lines: list[str], rules: list[Registered], end: int, line: str, code: str) -> list[str]:
    at = next((r.line_index for r in rules if r.code > code), end)
    return lines[:at] + [line] + lines[at:]


def with_counts(text: str, code: str) -> str:
    """Bumps the selection test's `matching("PLn").len()` for the new code's prefix."""

    def bump(m: re.Match[str]) -> str:
        if code.startswith(m[1]):
            return f'matching("{m[1]}").len(), {int(m[2]) + 1}'
        return m[0]

    return re.sub(r'matching\("(PL[0-9]*)"\)\.len\(\), ([0-9]+)', bump, text)


CODE_LIST_RE = re.compile(r'\["PL[0-9]{3}"(?:, "PL[0-9]{3}")+\]')


def with_hundred_lists(text: str, code: str, codes: list[str]) -> str:
    """Adds `code` to every one-line list of all the codes of its hundred (a test that
    spells out what `PL1` selects), in code order."""
    hundred = sorted(c for c in codes if c[:3] == code[:3])

    def add(m: re.Match[str]) -> str:
        listed = re.findall(r"PL[0-9]{3}", m[0])
        if len(listed) < 2 or listed != hundred:
            return m[0]
        return "[" + ", ".join(f'"{c}"' for c in sorted(listed + [code])) + "]"

    return CODE_LIST_RE.sub(add, text)


def with_case(tests: str, code: str) -> str:
    lines = tests.split("\n")
    start = next((i for i, l in enumerate(lines) if l.startswith("const CASES: &[Case] = &[")), None)
    if start is None:
        raise Refusal("tests/rules.rs: no `const CASES: &[Case] = &[`")
    end = next((i for i in range(start, len(lines)) if lines[i] == "];"), None)
    if end is None:
        raise Refusal("tests/rules.rs: CASES is not closed by `];`")
    # Each case starts at `    (` (its code on this line or the next one).
    at = end
    for i in range(start + 1, end):
        if not lines[i].startswith("    ("):
            continue
        m = re.search(r'"(PL[0-9]{3})"', lines[i] + lines[i + 1])
        if m and m[1] > code:
            at = i
            while lines[at - 1].startswith("    //"):  # its comments go with it
                at -= 1
            break
    row = [
        f"    // TODO({code}): introduce the defect 1-3 times in the fixture (a copy of the clean",
        "    // plan) and list where each finding starts, counted by hand from the text.",
        f'    ("{code}", "fixtures/rules/{code}.md", &[(1, 1)]),',
    ]
    return "\n".join(lines[:at] + row + lines[at:])


def with_readme_row(readme: str, code: str, name: str, severity: str, summary: str) -> str:
    lines = readme.split("\n")
    rows = [i for i, l in enumerate(lines) if re.match(r"\| PL[0-9]{3} \| `", l)]
    if not rows:
        raise Refusal("README.md: no rule table (`| PL001 | `title` | …`)")
    at = next((i for i in rows if lines[i][2:7] > code), rows[-1] + 1)
    summary = summary.replace("|", "\\|")
    lines.insert(at, f"| {code} | `{name}` | {severity} | {summary} |")
    return "\n".join(lines)


# ── the command ──────────────────────────────────────────────────────────────────────


def plan(args: argparse.Namespace) -> tuple[dict[str, str], list[str]]:
    """Every file to write (path → content), or a Refusal; reads only."""
    code, name, group = args.code, args.name, args.group
    if not CODE_RE.fullmatch(code):
        raise Refusal(f"bad code `{code}`: a code is `PL` and three digits, e.g. PL123")
    if not NAME_RE.fullmatch(name) or name == "all":
        raise Refusal(
            f"bad name `{name}`: a name is kebab-case (lowercase letters and digits, words "
            "joined by `-`, starting with a letter), e.g. `weak-wording`; `all` is reserved"
        )
    module = name.replace("-", "_")
    if module in RUST_KEYWORDS or keyword.iskeyword(module):
        raise Refusal(f"bad name `{name}`: `{module}` is a Rust keyword, not a module name")
    known = groups()
    if group not in known:
        raise Refusal(f"unknown group `{group}`; the groups are: {', '.join(known)}")
    if group in NOT_SCAFFOLDED:
        raise Refusal(f"group `{group}` is not scaffolded: {NOT_SCAFFOLDED[group]}")

    mod_lines = read("src/rules/mod.rs").split("\n")
    rules, _, end = registry(mod_lines)
    for r in rules:
        if r.code == code:
            raise Refusal(f"code {code} exists: `{r.name}` (src/rules/{r.group}/{r.module}.rs)")
        if r.name == name:
            raise Refusal(f"name `{name}` exists: {r.code} (src/rules/{r.group}/{r.module}.rs)")
    hundreds = sorted({r.code[2] for r in rules if r.group == group})
    if hundreds and code[2] not in hundreds:
        ranges = ", ".join(f"PL{h}xx" for h in hundreds)
        raise Refusal(f"code {code} is outside group `{group}`, whose codes are {ranges}")

    rule_rel = f"src/rules/{group}/{module}.rs"
    page_rel = f"rules/{code}.md"
    fixture_rel = f"fixtures/rules/{code}.md"
    for rel in (rule_rel, page_rel, fixture_rel, f"src/rules/snapshots/{code}.snap"):
        if (ROOT / rel).exists():
            raise Refusal(f"{rel} exists already")
    if (ROOT / f"fixtures/rules/{code}").exists() or any((ROOT / "fixtures/rules").glob(f"{code}-*")):
        raise Refusal(f"fixtures/rules/ has fixtures of {code} already")
    tests_rules = read("tests/rules.rs")
    if f'"{code}"' in tests_rules:
        raise Refusal(f"tests/rules.rs names {code} already")

    type_name = camel(name)
    summary = args.summary or f"TODO({code}): one line: what the rule checks."
    new_mod = with_counts(
        "\n".join(
            with_registry(mod_lines, rules, end, f"        &{group}::{module}::{type_name},", code)
        ),
        code,
    )
    # Tests that spell out every code of the new code's hundred.
    codes = [r.code for r in rules]
    edits: dict[str, str] = {}
    for path in sorted([*(ROOT / "src").rglob("*.rs"), *(ROOT / "tests").rglob("*.rs")]):
        rel = path.relative_to(ROOT).as_posix()
        if rel in ("src/rules/mod.rs", "tests/rules.rs"):
            continue
        old = path.read_text(encoding="utf-8")
        new = with_hundred_lists(old, code, codes)
        if new != old:
            edits[rel] = new
    files = {
        rule_rel: rule_file(code, name, type_name, group, args.severity, summary, args.fix),
        page_rel: page(code, name, group, args.severity, args.fix),
        fixture_rel: read("fixtures/clean/EXPORT/plan_rate-limits.md"),
        f"src/rules/{group}/mod.rs": with_module(read(f"src/rules/{group}/mod.rs"), module, group),
        "src/rules/mod.rs": new_mod,
        "tests/rules.rs": with_case(tests_rules, code),
        "README.md": with_readme_row(read("README.md"), code, name, args.severity, summary),
        **edits,
    }
    todo = [
        f"{rule_rel}: `check` (the real logic) and the pass/fail vectors"
        + (" and the fix vectors" if args.fix else ""),
        f"{page_rel}: the TODO paragraphs and the Example (it must trigger {code})",
        f"{fixture_rel}: introduce the defect, then its positions in tests/rules.rs",
    ]
    if not args.summary:
        todo.append(f"the summary (in {rule_rel} and README.md's rule table)")
    todo.append("CHANGELOG.md: a line under [Unreleased] / Added")
    return files, todo


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="new_rule.py",
        description="Scaffold a new plan-lint rule (see CONTRIBUTING.md, Adding a rule).",
    )
    p.add_argument("code", help="the rule's code, e.g. PL123")
    p.add_argument("name", help="the rule's kebab-case name, e.g. vague-deadline")
    p.add_argument("group", help="the group folder under src/rules/, e.g. language")
    p.add_argument("--severity", choices=["error", "warning"], default="error")
    p.add_argument("--summary", help="one line: what the rule checks (README's table)")
    p.add_argument("--fix", action="store_true", help="the rule will offer fixes")
    args = p.parse_args(argv)
    try:
        files, todo = plan(args)
    except Refusal as e:
        print(f"new_rule.py: refused: {e}\nnothing was written", file=sys.stderr)
        return 2
    for rel, text in files.items():
        (ROOT / rel).write_text(text, encoding="utf-8", newline="")
    code = args.code
    module = f"rules::{args.group}::{args.name.replace('-', '_')}"
    print(f"Scaffolded {code} `{args.name}` in group {args.group}:")
    for rel in files:
        print(f"  {rel}")
    print(
        f"""
The one file of real work is src/rules/{args.group}/{args.name.replace('-', '_')}.rs. Until
its `check` finds the defect, `cargo test` compiles and fails exactly here:
  - {module}::tests::vectors (`cargo test --lib {module}`):
    "{code} fail case #0 produced no finding": the skeleton `check` reports nothing;
  - tests/rules.rs each_fixture_triggers_its_rule_exactly_at_the_expected_places:
    fixtures/rules/{code}.md expects a finding at (1, 1) and gets none;
  - tests/docs.rs every_page_example_triggers_its_rule_and_the_fix_does_not: the
    Example of rules/{code}.md produces no {code} finding.
Then two snapshots to review (cargo insta review, or INSTA_UPDATE=always cargo test):
  - src/rules/snapshots/{code}.snap (new): the diagnostics of the fail vectors;
  - tests/snapshots/formats__sarif.snap: the SARIF rule list gains {code} (its page's
    "What it does" and summary), once the page is written.
To edit:"""
    )
    for t in todo:
        print(f"  - {t}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
