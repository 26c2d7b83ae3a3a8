#!/usr/bin/env bash
# End-to-end test of .pre-commit-hooks.yaml with the real pre-commit (from PyPI):
# a throwaway git repository uses this checkout's hooks; a commit with a bad plan must
# be blocked, a commit with a good plan must pass, and `pre-commit try-repo` must give
# the same verdicts. The `plan-lint-fix` hook must fix a plan and stop the commit that
# changed it. The throwaway repository's .pre-commit-config.yaml is the README's snippet
# (between its pre-commit-snippet markers), with only `repo:` set to this checkout and
# `rev:` to its HEAD commit, so the snippet users copy is the one tested.
# Needs: python3, git, cargo; network access to PyPI and crates.io.
set -euo pipefail
repo_root=$(cd "$(dirname "$0")/.." && pwd)
rev=$(git -C "$repo_root" rev-parse HEAD)
if ! git -C "$repo_root" cat-file -e "$rev:.pre-commit-hooks.yaml" 2>/dev/null; then
  echo "pre-commit e2e: .pre-commit-hooks.yaml is not committed at HEAD" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$HOME/.cache/plan-lint-pre-commit}"
# pre-commit builds plan-lint with `cargo install`; share one target directory between
# its builds, so the three builds below compile the crates once, and build them without
# optimisation: the hooks lint one small plan each, and this is the CI's one release
# build (at opt-level 0 it compiles in a fraction of the time).
export CARGO_TARGET_DIR="${PLAN_LINT_E2E_TARGET:-$repo_root/target/pre-commit-e2e}"
export CARGO_PROFILE_RELEASE_OPT_LEVEL=0
export CARGO_PROFILE_RELEASE_LTO=false
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
export CARGO_PROFILE_RELEASE_DEBUG=false

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
pc="$work/venv/bin/pre-commit"
# The README's GitHub Actions workflow parses (PyYAML comes with pre-commit) and grants
# what a SARIF upload from a private repository needs.
"$work/venv/bin/python" - "$repo_root/README.md" <<'PY'
import re, sys, yaml
readme = open(sys.argv[1], encoding="utf-8").read()
block = re.search(r"<!-- github-actions-snippet:start -->\n```yaml\n(.*?)```\n<!-- github-actions-snippet:end -->", readme, re.S)
assert block, "no GitHub Actions snippet in README.md"
perms = yaml.safe_load(block.group(1))["jobs"]["plan-lint"]["permissions"]
want = {"contents": "read", "actions": "read", "security-events": "write"}
assert perms == want, f"README workflow permissions {perms}, want {want}"
PY
echo "pre-commit e2e: ok: the README's GitHub Actions workflow parses and grants the SARIF upload's permissions"

proj="$work/proj"
mkdir -p "$proj/EXPORT"
cp -R "$repo_root/fixtures/repo/." "$proj/"
cd "$proj"
git init -q
git config user.email ci@example.invalid
git config user.name "plan-lint ci"
git config commit.gpgsign false
# The README's snippet: the fenced block between the markers, `repo:` and `rev:` replaced
# (the rest, comments included, verbatim).
snippet=$(awk '/<!-- pre-commit-snippet:start -->/ { on = 1; next }
  /<!-- pre-commit-snippet:end -->/ { on = 0 }
  on && !/^```/' "$repo_root/README.md")
[ -n "$snippet" ] || { echo "pre-commit e2e: no pre-commit snippet in README.md" >&2; exit 1; }
printf '%s\n' "$snippet" | grep -q '^    rev: ' || { echo "pre-commit e2e: the README snippet has no rev line" >&2; exit 1; }
printf '%s\n' "$snippet" \
  | sed -e "s|^  - repo: .*|  - repo: $repo_root|" -e "s|^    rev: .*|    rev: $rev|" \
  > .pre-commit-config.yaml
cat .pre-commit-config.yaml
git add -A
git commit -qm "repository without plans" --no-verify
"$pc" install >/dev/null

fail() { echo "pre-commit e2e: FAIL: $*" >&2; exit 1; }

# 1. A bad plan is blocked.
cp "$repo_root/fixtures/messy/EXPORT/plan_messy.md" EXPORT/plan_messy.md
git add EXPORT/plan_messy.md
if git commit -qm "bad plan" >"$work/bad.log" 2>&1; then
  cat "$work/bad.log"; fail "the commit with a bad plan was not blocked"
fi
grep -q "PL101" "$work/bad.log" || { cat "$work/bad.log"; fail "the hook output does not name the findings"; }
echo "pre-commit e2e: ok: a bad plan blocks the commit"
# (the fix hook has fixed what it could in the working copy: drop both)
git rm -qf --cached EXPORT/plan_messy.md
rm EXPORT/plan_messy.md

# 2. A good plan passes.
cp "$repo_root/fixtures/clean/EXPORT/plan_rate-limits.md" EXPORT/plan_rate-limits.md
git add EXPORT/plan_rate-limits.md
git commit -qm "good plan" >"$work/good.log" 2>&1 || { cat "$work/good.log"; fail "the commit with a good plan was blocked"; }
echo "pre-commit e2e: ok: a good plan is committed"

# 3. try-repo gives the same verdicts.
"$pc" try-repo "$repo_root" plan-lint --ref "$rev" --files EXPORT/plan_rate-limits.md >/dev/null 2>&1 \
  || fail "try-repo rejected the good plan"
cp "$repo_root/fixtures/messy/EXPORT/plan_messy.md" EXPORT/plan_messy.md
if "$pc" try-repo "$repo_root" plan-lint --ref "$rev" --files EXPORT/plan_messy.md >/dev/null 2>&1; then
  fail "try-repo accepted the bad plan"
fi
rm EXPORT/plan_messy.md
echo "pre-commit e2e: ok: try-repo blocks the bad plan and passes the good one"

# 4. The fix hook repairs a plan and stops the commit that changed it (the snippet runs
#    both hooks: the lint hook passes or fails on its own, the fix hook must say it
#    changed the file).
# a real edit (a new goal) plus a fixable typo in a heading
sed -e 's/^## Summary$/## summary/' -e 's/^- Reject requests above 100 per minute/- Reject requests above 120 per minute/' \
  EXPORT/plan_rate-limits.md > "$work/p.md" && mv "$work/p.md" EXPORT/plan_rate-limits.md
git add EXPORT/plan_rate-limits.md
if git commit -qm "heading typo" >"$work/fix.log" 2>&1; then
  cat "$work/fix.log"; fail "the fix hook did not stop the commit that it changed"
fi
grep -q "files were modified by this hook" "$work/fix.log" \
  || { cat "$work/fix.log"; fail "the fix hook did not report that it changed the plan"; }
grep -q '^## Summary$' EXPORT/plan_rate-limits.md || fail "the fix hook did not fix the heading"
grep -q '^- Reject requests above 120 per minute' EXPORT/plan_rate-limits.md || fail "the fix hook lost the edit"
git add EXPORT/plan_rate-limits.md
git commit -qm "heading fixed" >"$work/fix2.log" 2>&1 || { cat "$work/fix2.log"; fail "the fixed plan was blocked"; }
echo "pre-commit e2e: ok: the fix hook repairs the plan and stops the commit that changed it"
echo "pre-commit e2e: 4 passed, 0 failed"
