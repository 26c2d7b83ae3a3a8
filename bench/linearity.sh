#!/usr/bin/env bash
# Linear growth in plan size, measured by time (so kept out of `cargo test`): every
# content shape that was once quadratic is linted at 256 KB and at 1 MB in a release
# build; linear time gives a ratio near 4, quadratic near 16; the test fails above 6.
#
#   bash bench/linearity.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --test hostile -- --ignored --nocapture large_inputs_lint_in_near_linear_time
