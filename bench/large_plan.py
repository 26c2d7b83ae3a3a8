#!/usr/bin/env python3
"""Benchmark: one large plan (2 000 lines, 200 impact rows) against a generated repository.

Usage: python3 bench/large_plan.py [--lines 2000] [--rows 200] [--runs 30] [--bin target/release/plan-lint]

Prints the median wall time of plan-lint on the large plan next to two references
measured in the same run: plan-lint on the small clean fixture (the process floor of a
pre-commit hook) and `cat` on the large plan (the OS floor), with ratios.
Generated data goes to a temporary directory and is deleted afterwards.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

from contract import SECTIONS  # bench/contract.py: the sections of rules/contract.toml


def generate(repo, lines_target, rows):
    os.makedirs(os.path.join(repo, "EXPORT"), exist_ok=True)
    existing = rows // 2
    for i in range(existing):
        d = os.path.join(repo, "src", f"mod{i % 20}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"file{i}.rs"), "w") as f:
            f.write(f"pub fn f{i}() {{}}\n")
    out = ["# Plan: Large Plan (large-plan)", ""]
    for name in SECTIONS:
        out += [f"## {name}", ""]
        if name == "Summary":
            out += ["One paragraph that summarises the large generated plan for the benchmark.", ""]
        elif name == "Impacted Files & Directories":
            out += ["| Path | Why | Change type |", "|------|-----|-------------|"]
            for i in range(rows):
                if i < existing:
                    out.append(f"| `src/mod{i % 20}/file{i}.rs` | Update `f{i}` to use the new limiter | edit |")
                else:
                    out.append(f"| `src/new/file{i}.rs` | The new module number {i} | new |")
            out.append("")
        elif name == "Verification Checklist":
            out += ["- [ ] `cargo test` passes.", ""]
        elif name == "Open Questions":
            out += ["None.", ""]
        else:
            out += [f"Text for {name}: the gateway returns HTTP 429 with `Retry-After`.", ""]
    # Pad the Implementation Plan with numbered steps until the target length.
    idx = out.index("## Implementation Plan") + 2
    step = 1
    pad = []
    while len(out) + len(pad) < lines_target:
        pad += [
            f"{step}. Step {step} changes `src/mod{step % 20}/file{step % existing}.rs`.",
            f"   - **Files:** `src/mod{step % 20}/file{step % existing}.rs`",
            f"   - **Changes:** Call `f{step}` from `create_app()`; the limit is {step} requests per minute.",
            f"   - **Notes:** Keep the public API of `f{step}` unchanged; see https://example.com/{step}.",
            "",
        ]
        step += 1
    out[idx:idx] = pad
    path = os.path.join(repo, "EXPORT", "plan_large-plan.md")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    return path, len(out)


def median_time(cmd, runs, cwd):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=2000)
    ap.add_argument("--rows", type=int, default=200)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "plan-lint"))
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as repo:
        plan, nlines = generate(repo, args.lines, args.rows)
        size = os.path.getsize(plan)
        rc = subprocess.run([args.bin, "--no-config", "--format", "short", plan], cwd=repo,
                            capture_output=True, text=True)
        findings = len(rc.stdout.splitlines())
        large = median_time([args.bin, "--no-config", plan], args.runs, repo)
        small = median_time([args.bin, "--no-config", os.path.join(ROOT, "fixtures/clean")], args.runs, ROOT)
        cat = median_time(["cat", plan], args.runs, repo)
        print(f"plan: {nlines} lines, {args.rows} impact rows, {size / 1024:.0f} KiB, {findings} findings, exit {rc.returncode}")
        print(f"machine: {os.cpu_count()} cores; median of {args.runs} runs each")
        print(f"{'command':<40} {'median ms':>10} {'ratio':>8}")
        for name, t in [("plan-lint large plan", large), ("plan-lint clean fixture (process floor)", small), ("cat large plan (OS floor)", cat)]:
            print(f"{name:<40} {t * 1000:>10.2f} {t / small:>7.2f}x")
        print(f"large plan / clean fixture: {large / small:.2f}x; large plan / cat: {large / cat:.1f}x")


if __name__ == "__main__":
    sys.exit(main())
