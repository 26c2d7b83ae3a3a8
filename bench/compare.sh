#!/usr/bin/env bash
# plan-lint against its parse floor and against other Markdown linters, side by side.
#
#   bash bench/compare.sh                       # everything: 1 000 + 10 000 files, one
#                                               # 50 MB plan, one typical plan; peers too
#   bash bench/compare.sh --files 1000 --skip-peers   # quick: one size, no peers
#
# Options:
#   --files N[,N…]   corpora to time (default 1000,10000); 0 = none
#   --repo KIND      the repository beside the plans: fixed (the same 1 042 files for
#                    every N), growing (1 042 + 0.8 N source files, the plans' paths in
#                    it: bench/gen_corpus.py --repo growing) or both (default)
#   --single-mb M    also time one M-MB plan (default 50 with the default corpora,
#                    else off; 0 = off)
#   --no-typical     do not time the single typical plan (whole process, 100 runs)
#   --skip-peers     time only the parse floor and plan-lint
#   --skip-slow      skip markdownlint-cli2 (minutes per run on 10 000 files)
#   --runs R         timed runs per fast command (default 5; medians are reported)
#   --slow-runs R    timed runs of markdownlint-cli2 (default 3, and 1 above 1 000 files)
#   --timeout S      a command still running after S seconds is killed and reported as
#                    a timeout (default 300)
#   --data DIR       generated corpora (default bench/.data; reused while
#                    bench/gen_corpus.py, bench/contract.py and rules/contract.toml are unchanged)
#   --base BIN       also time another plan-lint binary (a build from before a change) as
#                    `plan-lint-base`, right after plan-lint on every corpus
#
# What runs (each from the corpus' fake repository, on its EXPORT directory):
#   parse-floor         this crate's bench/parse_floor.rs: read + comrak-parse every file
#                       in parallel (rayon), plan-lint's comrak options, nothing else
#   plan-lint           every rule on (the default), --no-config, human output
#   rumdl               `rumdl check`, only MD043 with the 14 required headings (PyPI)
#   markdownlint-cli2   only MD043 with the 14 required headings (npm)
#   mado                one rule, when crates.io has the Markdown linter `mado` (today's
#                       crates.io `mado` is an unrelated crate, so it is reported skipped)
# Peers are installed into bench/.peers/ on first use, never globally and never in CI.
# Wall time: hyperfine (median of R runs after one warm-up, so the page cache is warm).
# CPU (user + system) and peak RSS: GNU time around every timed run (medians).
# The table is printed and written to bench/.data/results-<UTC time>.md, with the cost
# per plan, (largest N's time / N) ÷ (smallest N's time / N), for each repository kind
# (the issue-15 target: ≤ 1.15 on the growing repository from 1 000 to 10 000 plans).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

FILES="1000,10000"
REPO=both
SINGLE_MB=""
TYPICAL=1
PEERS=1
SKIP_SLOW=0
RUNS=5
SLOW_RUNS=""
TIMEOUT=300
DATA="$ROOT/bench/.data"
BASE=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --files) FILES="$2"; shift 2 ;;
    --repo) REPO="$2"; shift 2 ;;
    --single-mb) SINGLE_MB="$2"; shift 2 ;;
    --no-typical) TYPICAL=0; shift ;;
    --skip-peers) PEERS=0; shift ;;
    --skip-slow) SKIP_SLOW=1; shift ;;
    --runs) RUNS="$2"; shift 2 ;;
    --slow-runs) SLOW_RUNS="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --data) DATA="$(realpath -m "$2")"; shift 2 ;;
    --base) BASE="$(realpath "$2")"; shift 2 ;;
    -h|--help) sed -n '2,40p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -z "$SINGLE_MB" ]]; then
  if [[ "$FILES" == "1000,10000" ]]; then SINGLE_MB=50; else SINGLE_MB=0; fi
fi
[[ "$FILES" == "0" ]] && FILES=""
case "$REPO" in
  fixed) REPOS=(fixed) ;;
  growing) REPOS=(growing) ;;
  both) REPOS=(fixed growing) ;;
  *) echo "compare.sh: --repo takes fixed, growing or both, not $REPO" >&2; exit 2 ;;
esac

say() { echo "compare.sh: $*" >&2; }

# ── tools ──────────────────────────────────────────────────────────────────────
need_apt() { # need_apt COMMAND PACKAGE
  if ! command -v "$1" >/dev/null 2>&1; then
    say "installing $2 (apt-get)"
    (apt-get update -qq && apt-get install -y -qq "$2") >/dev/null
  fi
}
need_apt hyperfine hyperfine
if [[ ! -x /usr/bin/time ]]; then need_apt /usr/bin/time time; fi

say "building plan-lint and parse-floor (release)"
cargo build --release --quiet --bin plan-lint
cargo build --release --quiet --features bench --bin parse-floor
# Time private copies: another cargo build in this checkout must not swap the binaries
# in the middle of a run.
mkdir -p "$DATA/bin"
cp target/release/plan-lint target/release/parse-floor "$DATA/bin/"
PLAN_LINT="$DATA/bin/plan-lint"
BASE_BIN=""
if [[ -n "$BASE" ]]; then
  cp "$BASE" "$DATA/bin/plan-lint-base"
  BASE_BIN="$DATA/bin/plan-lint-base"
fi
FLOOR="$DATA/bin/parse-floor"
REV="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src Cargo.toml 2>/dev/null || echo +dirty)"

PEERS_DIR="$ROOT/bench/.peers"
RUMDL="" MDL="" MADO="" MADO_NOTE=""
if [[ $PEERS == 1 ]]; then
  mkdir -p "$PEERS_DIR"
  if [[ ! -x "$PEERS_DIR/venv/bin/rumdl" ]]; then
    say "installing rumdl (PyPI) into bench/.peers/venv"
    python3 -m venv "$PEERS_DIR/venv" && "$PEERS_DIR/venv/bin/pip" install -q rumdl || say "rumdl: install failed"
  fi
  [[ -x "$PEERS_DIR/venv/bin/rumdl" ]] && RUMDL="$PEERS_DIR/venv/bin/rumdl"
  if [[ ! -x "$PEERS_DIR/npm/node_modules/.bin/markdownlint-cli2" ]] && command -v npm >/dev/null; then
    say "installing markdownlint-cli2 (npm) into bench/.peers/npm"
    npm install --silent --no-audit --no-fund --prefix "$PEERS_DIR/npm" markdownlint-cli2 >/dev/null || say "markdownlint-cli2: install failed"
  fi
  [[ -x "$PEERS_DIR/npm/node_modules/.bin/markdownlint-cli2" && $SKIP_SLOW == 0 ]] && MDL="$PEERS_DIR/npm/node_modules/.bin/markdownlint-cli2"
  if [[ -x "$PEERS_DIR/cargo/bin/mado" ]]; then
    MADO="$PEERS_DIR/cargo/bin/mado"
  elif [[ -f "$PEERS_DIR/mado.unavailable" ]]; then
    MADO_NOTE=$(cat "$PEERS_DIR/mado.unavailable")
  else
    # crates.io's `mado` must be the Markdown linter (akiomik/mado), not a namesake.
    if cargo info mado 2>/dev/null | grep -qi markdown; then
      say "installing mado (crates.io) into bench/.peers/cargo"
      cargo install --quiet --locked --root "$PEERS_DIR/cargo" mado || true
    fi
    if [[ -x "$PEERS_DIR/cargo/bin/mado" ]]; then
      MADO="$PEERS_DIR/cargo/bin/mado"
    else
      MADO_NOTE="mado: not installable here (crates.io's \`mado\` is an unrelated macOS crate; the Markdown linter is published only as GitHub releases, Homebrew, Nix, AUR, Alpine)"
      echo "$MADO_NOTE" > "$PEERS_DIR/mado.unavailable"
    fi
  fi
  [[ -n "$MADO_NOTE" ]] && say "$MADO_NOTE"
fi

# ── corpora ────────────────────────────────────────────────────────────────────
STAMP=$(cat bench/gen_corpus.py bench/contract.py rules/contract.toml | sha256sum | cut -c1-16)
corpus() { # corpus KIND N → prints the repo dir, generating it when missing or stale
  # KIND: files (the fixed repository), growing, single
  local dir="$DATA/$1-$2" arg=(--files "$2")
  [[ $1 == growing ]] && arg+=(--repo growing)
  [[ $1 == single ]] && { dir="$DATA/single-${2}mb"; arg=(--single-mb "$2"); }
  if [[ "$(cat "$dir/.stamp" 2>/dev/null)" != "$STAMP" ]]; then
    rm -rf "$dir"
    say "generating $1 $2 into $dir"
    python3 bench/gen_corpus.py "${arg[@]}" --out "$DATA" >&2
    echo "$STAMP" > "$dir/.stamp"
  fi
  echo "$dir/repo"
}

# Peer configurations: only the required-headings rule, with the 14 sections.
write_peer_configs() { # write_peer_configs REPO
  python3 - "$1" <<'EOF'
import json, sys, os
repo = sys.argv[1]
sections = ["Summary", "Goals", "Non-Goals", "Requirements", "Assumptions & Constraints",
    "Current System Snapshot", "Impacted Files & Directories", "Implementation Plan",
    "Data & Interface Contracts", "Testing Plan", "Verification Checklist",
    "Rollout & Rollback", "Plan Completeness Audit", "Open Questions"]
headings = ["?"] + [f"## {s}" for s in sections]  # "?" = the H1 title, any text
with open(os.path.join(repo, ".markdownlint-cli2.jsonc"), "w") as f:
    json.dump({"config": {"default": False, "MD043": {"headings": headings}},
               "noProgress": True}, f, indent=1)
with open(os.path.join(repo, ".rumdl.toml"), "w") as f:
    f.write('[global]\nenable = ["MD043"]\n\n[MD043]\nheadings = ' + json.dumps(headings) + "\n")
with open(os.path.join(repo, ".mado.toml"), "w") as f:
    f.write('[lint]\nrules = ["MD043"]\n\n[lint.md043]\nheadings = ' + json.dumps(headings) + "\n")
EOF
}

STAMP_TIME=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS="$DATA/results-$STAMP_TIME.tsv"
mkdir -p "$DATA"
: > "$RESULTS"
: > "$RESULTS.repo"  # label, plans, files in the repository (plans included)
MACHINE="$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), nproc $(nproc), $(free -g | awk '/^Mem:/{print $2}') GiB RAM, $(uname -sr)"

# measure CORPUS_LABEL TOOL FILES BYTES RUNS WARMUP CWD CMD... → one TSV row
measure() {
  local label=$1 tool=$2 nfiles=$3 nbytes=$4 runs=$5 warm=$6 cwd=$7
  shift 7
  local tfile json
  tfile=$(mktemp) json=$(mktemp)
  local load_before
  load_before=$(cut -d' ' -f1 /proc/loadavg)
  local cmd
  cmd=$(python3 -c 'import shlex,sys; print(shlex.join(sys.argv[1:]))' \
    /usr/bin/time -a -o "$tfile" -f '%e %U %S %M' timeout -s KILL "$TIMEOUT" "$@")
  say "$label: $tool ($runs runs, load $load_before)"
  if [[ $runs -ge 50 ]]; then
    # Short commands: the wrappers' two extra execs (~1.5 ms) would distort the wall
    # time, so hyperfine times the bare command; 10 wrapped runs give CPU and RSS.
    local bare
    bare=$(python3 -c 'import shlex,sys; print(shlex.join(sys.argv[1:]))' "$@")
    (cd "$cwd" && hyperfine -N -i --style none --warmup "$warm" --runs "$runs" \
        --export-json "$json" "$bare" >/dev/null 2>&1) || say "$tool: hyperfine failed"
    (cd "$cwd" && for _ in 1 2 3 4 5 6 7 8 9 10; do
      /usr/bin/time -a -o "$tfile" -f '%e %U %S %M' "$@" >/dev/null 2>&1 || true
    done)
    warm=0
  else
    (cd "$cwd" && hyperfine -N -i --style none --warmup "$warm" --runs "$runs" \
        --export-json "$json" "$cmd" >/dev/null 2>&1) || say "$tool: hyperfine failed"
  fi
  python3 - "$json" "$tfile" "$warm" "$label" "$tool" "$nfiles" "$nbytes" "$load_before" "$TIMEOUT" >> "$RESULTS" <<'EOF'
import json, statistics, sys
jf, tf, warm, label, tool, nfiles, nbytes, load, timeout = sys.argv[1:]
try:
    times = json.load(open(jf))["results"][0]["times"]
except Exception:
    times = []
rows = [l.split() for l in open(tf) if l.strip() and not l.startswith("Command")]
rows = [r for r in rows if len(r) == 4][int(warm):]
cpu = [float(r[1]) + float(r[2]) for r in rows]
rss = [int(r[3]) for r in rows]
med = lambda xs: statistics.median(xs) if xs else float("nan")
timed_out = bool(times) and med(times) >= float(timeout) * 0.99
print("\t".join(map(str, [label, tool, nfiles, nbytes, len(times), med(times), med(cpu),
                          med(rss) / 1024, max(rss or [0]) / 1024, load, int(timed_out)])))
EOF
  rm -f "$tfile" "$json"
}

# sanity TOOL CWD CMD… : one untimed run (also a warm-up); prints exit code, output
# size and time; fails when the command hit the timeout.
sanity() {
  local tool=$1 cwd=$2
  shift 2
  local out rc=0 t0 t1
  t0=$(date +%s.%N)
  out=$(cd "$cwd" && timeout -s KILL "$TIMEOUT" "$@" 2>&1) || rc=$?
  t1=$(date +%s.%N)
  say "  $tool: exit $rc in $(awk "BEGIN {printf \"%.2f\", $t1 - $t0}") s, $(printf '%s\n' "$out" | wc -l) output lines; last: $(printf '%s' "$out" | tail -1 | cut -c1-120)"
  [[ $rc != 137 ]]
}

# timed_out LABEL TOOL NFILES NBYTES: the row of a command that did not finish
timed_out() {
  printf '%s\t%s\t%s\t%s\t0\t%s\tnan\tnan\tnan\t%s\t1\n' "$1" "$2" "$3" "$4" "$TIMEOUT" \
    "$(cut -d' ' -f1 /proc/loadavg)" >> "$RESULTS"
  say "  $2: timed out after $TIMEOUT s; not timed"
}

run_corpus() { # run_corpus LABEL REPO PATHARG NFILES
  local label=$1 repo=$2 target=$3
  local nfiles nbytes
  nfiles=$(find "$repo/$target" -name '*.md' -type f 2>/dev/null | wc -l)
  [[ -f "$repo/$target" ]] && nfiles=1
  nbytes=$(find "$repo/$target" -name '*.md' -type f -printf '%s\n' | awk '{s += $1} END {print s}')
  local runs=$RUNS warm=1 slow=${SLOW_RUNS:-3}
  if [[ -z "$SLOW_RUNS" && ($nfiles -gt 1000 || $nbytes -gt 20000000) ]]; then slow=1; fi
  if [[ $label == typical ]]; then runs=100 warm=5 slow=${SLOW_RUNS:-10}; fi
  local nrepo
  nrepo=$(find "$repo" -type f -not -path '*/.git/*' -not -name '.*' | wc -l)
  printf '%s\t%s\t%s\n' "$label" "$nfiles" "$nrepo" >> "$RESULTS.repo"
  write_peer_configs "$repo"
  say "── $label: $nfiles files, $((nbytes / 1000000)) MB, repository of $nrepo files; $(uptime)"
  # tool RUNS WARMUP CMD…: a sanity run, then the timed runs (unless it timed out)
  tool() {
    local name=$1 r=$2 w=$3
    shift 3
    if sanity "$name" "$repo" "$@"; then
      measure "$label" "$name" "$nfiles" "$nbytes" "$r" "$w" "$repo" "$@"
    else
      timed_out "$label" "$name" "$nfiles" "$nbytes"
    fi
  }
  tool parse-floor "$runs" "$warm" "$FLOOR" "$target"
  tool plan-lint "$runs" "$warm" "$PLAN_LINT" --no-config "$target"
  [[ -n "$BASE_BIN" ]] && tool plan-lint-base "$runs" "$warm" "$BASE_BIN" --no-config "$target"
  [[ -n "$RUMDL" ]] && tool rumdl "$runs" "$warm" "$RUMDL" check --no-cache --config .rumdl.toml "$target"
  # mado: not exercised on the reference machine (it could not be installed there).
  [[ -n "$MADO" ]] && tool mado "$runs" "$warm" "$MADO" --config .mado.toml check "$target"
  if [[ -n "$MDL" ]]; then
    local glob="$target"
    [[ -d "$repo/$target" ]] && glob="$target/**/*.md"
    if [[ $nfiles -le 1000 ]]; then
      tool markdownlint-cli2 "$slow" 0 "$MDL" "$glob"
    else # one run takes minutes: no separate sanity run
      measure "$label" markdownlint-cli2 "$nfiles" "$nbytes" "$slow" 0 "$repo" "$MDL" "$glob"
    fi
  fi
  return 0
}

if [[ $TYPICAL == 1 ]]; then
  repo=$(corpus files 1000)
  plan=$(cd "$repo" && ls EXPORT | sort | sed -n 2p)
  run_corpus typical "$repo" "EXPORT/$plan"
fi
IFS=',' read -ra SIZES <<< "$FILES"
for kind in "${REPOS[@]}"; do
  for n in "${SIZES[@]}"; do
    [[ -z "$n" ]] && continue
    if [[ $kind == fixed ]]; then
      run_corpus "$n files" "$(corpus files "$n")" EXPORT
    else
      run_corpus "$n files, growing repo" "$(corpus growing "$n")" EXPORT
    fi
  done
done
if [[ "$SINGLE_MB" != 0 ]]; then
  run_corpus "${SINGLE_MB} MB file" "$(corpus single "$SINGLE_MB")" EXPORT
fi

# ── the table ──────────────────────────────────────────────────────────────────
python3 - "$RESULTS" "$MACHINE" "$(uptime)" "$MADO_NOTE" "$REV" <<'EOF' | tee "${RESULTS%.tsv}.md"
import sys
path, machine, up, mado_note, rev = sys.argv[1:]
sizes = {}  # label -> (plans, files in the repository)
for l in open(path + ".repo"):
    if l.strip():
        label, nplans, nrepo = l.rstrip("\n").split("\t")
        sizes[label] = (int(nplans), int(nrepo))
rows = [l.rstrip("\n").split("\t") for l in open(path) if l.strip()]
by = {}
for r in rows:
    by.setdefault(r[0], {})[r[1]] = r
print(f"plan-lint {rev}. Machine: {machine}. Load at the end: {up.strip()}")
print()
print("| corpus | tool | runs | median wall (s) | CPU (s) | peak RSS (MB) | files/s | MB/s | × floor | × plan-lint | load |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for label, tools in by.items():
    floor = float(tools.get("parse-floor", [0] * 6)[5] or 0)
    pl = float(tools.get("plan-lint", [0] * 6)[5] or 0)
    for tool, r in tools.items():
        _, _, nfiles, nbytes, n, wall, cpu, rss, rss_max, load, tout = r
        wall, cpu, rss = float(wall), float(cpu), float(rss)
        nfiles, nbytes = int(nfiles), int(nbytes)
        xf = f"{wall / floor:.2f}" if floor else ""
        xp = f"{wall / pl:.2f}" if pl else ""
        if tout == "1":
            print(f"| {label} | {tool} | {n} | > {wall:.0f} (timeout) | | | | | > {xf} | {xp} | {load} |")
            continue
        print(f"| {label} | {tool} | {n} | {wall:.4f} | {cpu:.3f} | {rss:.1f} | "
              f"{nfiles / wall:,.0f} | {nbytes / 1e6 / wall:.1f} | {xf} | {xp} | {load} |")
print()
pl = {k: float(v["plan-lint"][5]) for k, v in by.items() if "plan-lint" in v and v["plan-lint"][10] == "0"}
fl = {k: v["parse-floor"] for k, v in by.items() if "parse-floor" in v}
if "1000 files" in pl and "10000 files" in pl:
    print(f"Scaling: plan-lint 10 000 files / 1 000 files = {pl['10000 files'] / pl['1000 files']:.2f}× (target ≤ 11×)")
print("Repositories: " + "; ".join(f"{k}: {n:,} files with the plans" for k, (_, n) in sizes.items()))
# Cost per plan: (largest corpus' time / its plans) ÷ (smallest corpus' time / its plans),
# per repository kind, wall and CPU, from plan-lint's rows that finished.
for kind, suffix, target in (("fixed repo", "files", ""), ("growing repo", "files, growing repo", " (target ≤ 1.15)")):
    runs = []
    for k, v in by.items():
        r = v.get("plan-lint")
        parts = k.split(" ", 1)
        if r and r[10] == "0" and len(parts) == 2 and parts[1] == suffix and parts[0].isdigit():
            runs.append((int(parts[0]), float(r[5]), float(r[6])))
    runs.sort()
    if len(runs) >= 2:
        (n0, w0, c0), (n1, w1, c1) = runs[0], runs[-1]
        print(f"Cost per plan, {kind}: ({n1:,} time / {n1:,}) ÷ ({n0:,} time / {n0:,}) = "
              f"wall {(w1 / n1) / (w0 / n0):.2f}, CPU {(c1 / n1) / (c0 / n0):.2f}{target}")
for k, v in by.items():
    if "plan-lint" in v and "parse-floor" in v and v["plan-lint"][10] == "0":
        w = float(v["plan-lint"][5]) / float(v["parse-floor"][5])
        m = float(v["plan-lint"][7]) / max(float(v["parse-floor"][7]), 1e-9)
        print(f"{k}: plan-lint / floor: wall {w:.2f}×, peak RSS {m:.2f}× ({float(v['plan-lint'][7]):.1f} MB)")
if mado_note:
    print(mado_note)
EOF
say "results: ${RESULTS%.tsv}.md"
