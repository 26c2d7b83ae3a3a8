#!/usr/bin/env python3
"""Benchmark: the symbol pass (PL307-PL309) against ripgrep on a large generated repository.

Usage: python3 bench/symbols.py [--files 50000] [--file-kb 10] [--symbols 500] [--runs 5]
                                [--bin target/release/plan-lint] [--keep DIR]

Generates (into a temporary directory, deleted afterwards unless --keep) a repository of
--files source files of about --file-kb KiB each (default 50 000 x 10 KiB, ~500 MB) in
Rust, Python, TypeScript and Go, and a plan whose Current System Snapshot and step Changes
hold --symbols symbol candidates (three-word names in snake_case, camelCase or
PascalCase): 40 % rare (defined in one file), 10 % common (each in --common-pct % of
the files, default 2) and 50 % absent. Then, in the same run, on a warm page cache:

* plan-lint on the plan with `--select PL307,PL308,PL309 --root <repo>` (the whole
  process: discovery, parsing, ONE parallel scan of the tree, the rules, the output);
* `rg -F -w -l -f symbols.txt <repo>` (ripgrep, same identifiers, whole words, list
  the matching files), installed with `apt-get install -y ripgrep` when missing;

and prints the median, min and max wall time of --runs interleaved runs each (after one
warm-up run), the median CPU time, the peak resident memory of each process
(`/usr/bin/time -f %M`), and the ratios.
Targets: plan-lint <= 1.2x ripgrep's time, peak memory <= 200 MB.

The script first checks that plan-lint reports one PL307 finding per absent symbol (a
few more for absent symbols a step names too), and exits 1 otherwise. Wall times on a busy machine are noisy: the CPU time
(user + system) of each process is printed too, and the runs are interleaved.
"""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

from contract import SECTIONS  # bench/contract.py: the sections of rules/contract.toml

WORDS = (
    "request response handler client server config settings user account session token "
    "cache store queue worker job task event message payload buffer stream reader writer "
    "parser builder factory registry router route limit quota bucket window retry timeout "
    "error result value index key record row column table schema query filter sort page "
    "metric counter gauge histogram log trace span context state status health check"
).split()

LANGS = ["rs", "py", "ts", "go"]


def ident(rng, style):
    a, b = rng.choice(WORDS), rng.choice(WORDS)
    if style == "snake":
        return f"{a}_{b}"
    if style == "camel":
        return a + b.capitalize()
    return a.capitalize() + b.capitalize()


def line_pool(rng, lang, size=4000):
    """Typical source lines."""
    out = []
    for i in range(size):
        f, v, t = ident(rng, "snake"), ident(rng, "snake"), ident(rng, "pascal")
        c = ident(rng, "camel")
        n = rng.randrange(1000)
        if lang == "rs":
            opts = [
                f"    let {v} = {f}(&{c.lower()}, {n})?;",
                f"pub fn {f}_{n}(input: &{t}) -> Result<{t}, Error> {{",
                f"    if {v}.len() > {n} {{ return Err(Error::Limit({n})); }}",
                f"    // {rng.choice(WORDS)} the {rng.choice(WORDS)} before the {rng.choice(WORDS)}",
                f"    self.{v}.insert({n}, {t}::default());",
                "}",
            ]
        elif lang == "py":
            opts = [
                f"    {v} = {f}({c}, {n})",
                f"def {f}_{n}(self, {v}: {t}) -> {t}:",
                f"        if len({v}) > {n}: raise ValueError(\"{rng.choice(WORDS)}\")",
                f"    # {rng.choice(WORDS)} the {rng.choice(WORDS)} before the {rng.choice(WORDS)}",
                f"        self.{v}[{n}] = {t}()",
                "        return None",
            ]
        elif lang == "ts":
            opts = [
                f"  const {c} = {f}({v}, {n});",
                f"export function {c}{n}(input: {t}): {t} {{",
                f"  if ({c}.length > {n}) {{ throw new Error(\"{rng.choice(WORDS)}\"); }}",
                f"  // {rng.choice(WORDS)} the {rng.choice(WORDS)} before the {rng.choice(WORDS)}",
                f"  this.{c}.set({n}, new {t}());",
                "}",
            ]
        else:
            opts = [
                f"\t{c} := {f}({v}, {n})",
                f"func {t}{n}(input *{t}) (*{t}, error) {{",
                f"\tif len({c}) > {n} {{ return nil, errors.New(\"{rng.choice(WORDS)}\") }}",
                f"\t// {rng.choice(WORDS)} the {rng.choice(WORDS)} before the {rng.choice(WORDS)}",
                f"\t{c}[{n}] = &{t}{{}}",
                "}",
            ]
        out.append(rng.choice(opts))
    return out


def call(lang, name):
    return {"rs": f"    let v = {name}(1);", "py": f"    v = {name}(1)",
            "ts": f"  const v = {name}(1);", "go": f"\tv := {name}(1)"}[lang]


def definition(lang, name):
    return {
        "rs": f"pub fn {name}() -> u32 {{ 0 }}",
        "py": f"def {name}():\n    return 0",
        "ts": f"export function {name}(): number {{ return 0; }}",
        "go": f"func {name}() int {{ return 0 }}",
    }[lang]


def generate(base, files, file_kb, nsymbols, common_pct, seed=7):
    rng = random.Random(seed)
    repo = os.path.join(base, "repo")
    n_rare = nsymbols * 2 // 5
    n_common = nsymbols // 10
    n_absent = nsymbols - n_rare - n_common
    # Names as plans write them: three words in snake_case, camelCase or PascalCase
    # (the generated code uses two-word names, so these occur only where placed).
    names = set()
    while len(names) < nsymbols:
        words = rng.sample(WORDS, 3)
        style = rng.choice(["snake", "snake", "camel", "pascal"])
        if style == "snake":
            names.add("_".join(words))
        elif style == "camel":
            names.add(words[0] + "".join(w.capitalize() for w in words[1:]))
        else:
            names.add("".join(w.capitalize() for w in words))
    names = sorted(names)
    rng.shuffle(names)
    rare, common, absent = names[:n_rare], names[n_rare:n_rare + n_common], names[n_rare + n_common:]
    pools = {lang: line_pool(rng, lang) for lang in LANGS}
    avg = sum(len(l) + 1 for l in pools["rs"]) / len(pools["rs"])
    per_file = max(1, int(file_kb * 1024 / avg))
    homes = {}  # file index -> rare names defined there
    for i, name in enumerate(rare):
        homes.setdefault((i * 7919) % files, []).append(name)
    total = 0
    made = set()
    for i in range(files):
        lang = LANGS[i % 4]
        d = os.path.join(repo, "src", lang, f"mod{i // 500:03d}")
        if d not in made:
            os.makedirs(d, exist_ok=True)
            made.add(d)
        body = rng.choices(pools[lang], k=per_file)
        for name in homes.get(i, []):
            body.insert(rng.randrange(len(body)), definition(lang, name))
        for name in common:
            if rng.random() * 100 < common_pct:
                body.insert(rng.randrange(len(body)), call(lang, name))
        text = "\n".join(body) + "\n"
        with open(os.path.join(d, f"file{i:05d}.{lang}"), "w") as f:
            f.write(text)
        total += len(text)
    # The plan: every candidate in the snapshot; a few in step Changes.
    out = ["# Plan: Symbol Bench (symbol-bench)", ""]
    names = rare + common + absent
    rng.shuffle(names)
    for sec in SECTIONS:
        out += [f"## {sec}", ""]
        if sec == "Summary":
            out += ["One paragraph that summarises the generated plan for the symbol benchmark.", ""]
        elif sec == "Current System Snapshot":
            for i in range(0, len(names), 4):
                spans = ", ".join(f"`{n}()`" for n in names[i:i + 4])
                out.append(f"- The service calls {spans} on each request.")
            out.append("")
        elif sec == "Impacted Files & Directories":
            out += ["| Path | Why | Change type |", "|------|-----|-------------|",
                    "| `src/rs/mod000/file00000.rs` | The limiter | edit |", ""]
        elif sec == "Implementation Plan":
            out += ["1. Limit.", "   - **Files:** `src/rs/mod000/file00000.rs`",
                    f"   - **Changes:** Update `{names[0]}()` and `{names[1]}()`; call `{names[2]}()`.",
                    "   - **Notes:** None.", ""]
        elif sec == "Verification Checklist":
            out += ["- [ ] `cargo test` passes.", ""]
        elif sec == "Open Questions":
            out += ["None.", ""]
        else:
            out += [f"Text for {sec}.", ""]
    os.makedirs(os.path.join(base, "EXPORT"), exist_ok=True)
    plan = os.path.join(base, "EXPORT", "plan_symbol-bench.md")
    with open(plan, "w") as f:
        f.write("\n".join(out) + "\n")
    symbols_txt = os.path.join(base, "symbols.txt")
    with open(symbols_txt, "w") as f:
        f.write("\n".join(sorted(names)) + "\n")
    return repo, plan, symbols_txt, total, len(names), len(absent)


TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_once(cmd, cwd):
    """Wall time (s), CPU time (user + system, s), peak RSS (MB), exit code, stdout.

    The peak RSS comes from `/usr/bin/time -f %M` when present: the rusage of a child
    of this Python process would report at least the parent's RSS at fork time."""
    rss_file = None
    if TIME:
        fd, rss_file = tempfile.mkstemp(prefix="rss-")
        os.close(fd)
        cmd = [TIME, "-f", "%M", "-o", rss_file] + cmd
    t = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    rss = usage.ru_maxrss / 1024
    if rss_file:
        with open(rss_file) as f:
            lines = [l for l in f.read().split() if l.isdigit()]
        os.unlink(rss_file)
        if lines:
            rss = int(lines[-1]) / 1024
    return wall, usage.ru_utime + usage.ru_stime, rss, code, out


def measure(cmds, runs, cwd):
    """Runs the commands in turn (interleaved, so that load on the machine hits each
    alike), after one warm-up run each; per command: median, min and max wall time,
    median CPU time, peak RSS."""
    for cmd in cmds:
        run_once(cmd, cwd)
    samples = [[] for _ in cmds]
    for _ in range(runs):
        for i, cmd in enumerate(cmds):
            samples[i].append(run_once(cmd, cwd))
    out = []
    for s in samples:
        walls = [x[0] for x in s]
        out.append((statistics.median(walls), min(walls), max(walls),
                    statistics.median(x[1] for x in s), max(x[2] for x in s)))
    return out


def ensure_rg():
    rg = shutil.which("rg")
    if rg:
        return rg
    print("rg not found: apt-get install -y ripgrep", file=sys.stderr)
    subprocess.run(["apt-get", "install", "-y", "ripgrep"], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return shutil.which("rg")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=50000)
    ap.add_argument("--file-kb", type=float, default=10)
    ap.add_argument("--symbols", type=int, default=500)
    ap.add_argument("--common-pct", type=float, default=2,
                    help="percent of the files each common symbol occurs in (default 2)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "plan-lint"))
    ap.add_argument("--keep", help="generate into this directory and keep it")
    args = ap.parse_args()
    rg = ensure_rg()
    if not rg:
        print("skipped: ripgrep is not installed and could not be installed")
        return 0
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    base = args.keep or tempfile.mkdtemp(prefix="plan-lint-symbols-")
    os.makedirs(base, exist_ok=True)
    try:
        t = time.perf_counter()
        repo, plan, symbols_txt, size, nsym, nabsent = generate(base, args.files, args.file_kb, args.symbols,
                                                                args.common_pct)
        gen = time.perf_counter() - t
        print(f"repository: {args.files} files, {size / 1e6:.0f} MB (generated in {gen:.0f} s); "
              f"plan: {nsym} symbol candidates ({nabsent} absent)")
        cli = [args.bin, "--no-config", "--format", "short", "--color", "never", "--quiet",
               "--select", "PL307,PL308,PL309", "--root", repo, plan]
        _, _, _, code, out = run_once(cli, base)
        found = out.decode(errors="replace").count("PL307")
        tool, cmd = "plan-lint", cli
        # At least one per absent symbol: one a step also edits or calls is reported
        # there too (PL307 checks the steps' symbols as well).
        if found < nabsent or found > nabsent + 8:
            print(f"error: plan-lint reported {found} PL307 findings, expected {nabsent} "
                  "(one per absent symbol, a few more for those a step names too): is the "
                  "symbol scan wired into the CLI?")
            return 1
        print(f"{tool}: {found} PL307 findings (expected {nabsent}), exit {code}")
        rg_cmd = [rg, "-F", "-w", "-l", "-f", symbols_txt, repo]
        _, _, _, rg_code, rg_out = run_once(rg_cmd, base)
        rg_files = len(rg_out.splitlines())
        rg_version = subprocess.run([rg, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
        print(f"{rg_version}: {rg_files} matching files, exit {rg_code}")
        load = os.getloadavg()[0]
        print(f"machine: {os.cpu_count()} cores, load average {load:.1f}; warm page cache; "
              f"median of {args.runs} interleaved runs after a warm-up")
        pl, rgm = measure([cmd, rg_cmd], args.runs, base)
        print(f"{'command':<32} {'wall s':>8} {'min s':>7} {'max s':>7} {'CPU s':>7} "
              f"{'peak RSS MB':>12} {'wall ratio':>11} {'CPU ratio':>10}")
        for name, m in [(tool, pl), ("rg -F -w -l -f symbols.txt", rgm)]:
            print(f"{name:<32} {m[0]:>8.3f} {m[1]:>7.3f} {m[2]:>7.3f} {m[3]:>7.3f} {m[4]:>12.1f} "
                  f"{m[0] / rgm[0]:>10.2f}x {m[3] / rgm[3]:>9.2f}x")
        ratio = pl[0] / rgm[0]
        print(f"plan-lint / rg: {ratio:.2f}x wall (median), {pl[1] / rgm[1]:.2f}x wall (min), "
              f"{pl[3] / rgm[3]:.2f}x CPU "
              f"(target <= 1.2x: {'met' if ratio <= 1.2 else 'NOT met'}); plan-lint peak RSS "
              f"{pl[4]:.0f} MB (target <= 200 MB: {'met' if pl[4] <= 200 else 'NOT met'})")
        if load > os.cpu_count():
            print("warning: the machine is busy (load above the core count): wall times are noisy")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
