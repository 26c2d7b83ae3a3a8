#!/usr/bin/env bash
# Byte-identical output between two plan-lint binaries (a speed change must not change
# a single byte of what plan-lint prints).
#
#   bash bench/same_output.sh BASE_BIN NEW_BIN
#   bash bench/same_output.sh --data DIR BASE_BIN NEW_BIN   # reuse/keep corpora in DIR
#
# Compares, for each case, standard output, standard error and the exit code:
#   fixtures   `--no-config --root fixtures/corpus/repo fixtures/corpus` with every
#              --format, --statistics (human and json), --diff and --diff --unsafe-fixes
#   corpora    both generated 1 000-plan corpora (bench/gen_corpus.py --repo fixed and
#              --repo growing), `--no-config EXPORT` from the corpus repository, with
#              --format json and --format short
#   real plans each /work/shared/corpus/real-plans/*.md (or $REAL_PLANS/*.md) alone, with
#              `--no-config --root <an empty directory> --format short`
# Times are not output: the summary line's "(12.3 ms)" on standard error and the JSON
# `elapsed` fields are replaced by a placeholder in both runs before comparing.
# Prints one line per comparison (`same` or `DIFFERENT`, with the first differing
# lines) and exits 1 when any differs, 0 when all are the same, 2 on a usage error.
# Generated corpora go to a temporary directory (removed at the end) unless --data DIR
# is given; DIR/files-1000 and DIR/growing-1000 are reused when present.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DATA=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data) DATA="$(realpath -m "$2")"; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    -*) echo "same_output.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [[ $# -ne 2 ]]; then
  echo "usage: bash bench/same_output.sh [--data DIR] BASE_BIN NEW_BIN" >&2
  exit 2
fi
BASE=$(realpath "$1")
NEW=$(realpath "$2")
for b in "$BASE" "$NEW"; do
  [[ -x "$b" ]] || { echo "same_output.sh: $b is not an executable" >&2; exit 2; }
done
REAL_PLANS=${REAL_PLANS:-/work/shared/corpus/real-plans}

TMP=$(mktemp -d)
cleanup() { rm -rf "$TMP"; }
trap cleanup EXIT
if [[ -z "$DATA" ]]; then DATA="$TMP/data"; fi
mkdir -p "$DATA" "$TMP/empty"

# Strip what legitimately differs between two runs of one binary: elapsed times.
normalise() {
  sed -E -e 's/\([0-9]+(\.[0-9]+)? ?(ms|s|µs)\)/(TIME)/g' \
         -e 's/("elapsed[a-z_]*"[[:space:]]*:[[:space:]]*)[0-9.eE+-]+/\1TIME/g'
}

COMPARED=0
DIFFERENT=0
# run_one OUT_PREFIX CWD BIN ARGS… → OUT_PREFIX.{out,err,rc}, normalised
run_one() {
  local out=$1 cwd=$2 bin=$3
  shift 3
  local rc=0
  (cd "$cwd" && NO_COLOR=1 "$bin" "$@" >"$out.raw.out" 2>"$out.raw.err") || rc=$?
  normalise <"$out.raw.out" >"$out.out"
  normalise <"$out.raw.err" >"$out.err"
  echo "$rc" >"$out.rc"
}
# compare LABEL CWD ARGS…: run both binaries, print one line
compare() {
  local label=$1 cwd=$2
  shift 2
  run_one "$TMP/a" "$cwd" "$BASE" "$@"
  run_one "$TMP/b" "$cwd" "$NEW" "$@"
  COMPARED=$((COMPARED + 1))
  local what=()
  cmp -s "$TMP/a.out" "$TMP/b.out" || what+=(stdout)
  cmp -s "$TMP/a.err" "$TMP/b.err" || what+=(stderr)
  cmp -s "$TMP/a.rc" "$TMP/b.rc" || what+=("exit code $(cat "$TMP/a.rc") vs $(cat "$TMP/b.rc")")
  local bytes
  bytes=$(wc -c <"$TMP/a.out")
  if [[ ${#what[@]} -eq 0 ]]; then
    printf 'same       %-52s exit %s, %s bytes\n' "$label" "$(cat "$TMP/a.rc")" "$bytes"
  else
    DIFFERENT=$((DIFFERENT + 1))
    printf 'DIFFERENT  %-52s %s\n' "$label" "$(IFS=,; echo "${what[*]}")"
    for s in out err; do
      if ! cmp -s "$TMP/a.$s" "$TMP/b.$s"; then
        { diff "$TMP/a.$s" "$TMP/b.$s" || true; } | head -6 | sed 's/^/             /'
      fi
    done
  fi
}

# ── fixtures ───────────────────────────────────────────────────────────────────
FIX=(--no-config --root fixtures/corpus/repo fixtures/corpus)
for f in human short json sarif github junit gitlab; do
  compare "fixtures --format $f" "$ROOT" "${FIX[@]}" --format "$f"
done
compare "fixtures --statistics" "$ROOT" "${FIX[@]}" --statistics
compare "fixtures --statistics --format json" "$ROOT" "${FIX[@]}" --statistics --format json
compare "fixtures --diff" "$ROOT" "${FIX[@]}" --diff
compare "fixtures --diff --unsafe-fixes" "$ROOT" "${FIX[@]}" --diff --unsafe-fixes

# ── the two generated 1 000-plan corpora ───────────────────────────────────────
for repo in fixed growing; do
  dir="$DATA/files-1000"
  [[ $repo == growing ]] && dir="$DATA/growing-1000"
  if [[ ! -d "$dir/repo/EXPORT" ]]; then
    python3 bench/gen_corpus.py --files 1000 --repo "$repo" --out "$DATA" >/dev/null
  fi
  for f in json short; do
    compare "corpus 1000 plans, $repo repo, --format $f" "$dir/repo" --no-config EXPORT --format "$f"
  done
done

# ── the real plans ─────────────────────────────────────────────────────────────
if compgen -G "$REAL_PLANS/*.md" >/dev/null; then
  for plan in "$REAL_PLANS"/*.md; do
    compare "real plan $(basename "$plan")" "$ROOT" --no-config --root "$TMP/empty" "$plan" --format short
  done
else
  echo "same_output.sh: no real plans in $REAL_PLANS (set REAL_PLANS); skipped" >&2
fi

echo "$COMPARED comparisons, $DIFFERENT different"
[[ $DIFFERENT -eq 0 ]]
