#!/usr/bin/env bash
# The project's test command: formatting, lints, every Rust test, then the
# browser test of `pitchlint serve`. `--rust` stops after the Rust tests.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --all-targets --quiet -- -D warnings
cargo test
if [ "${1:-}" != "--rust" ]; then
  ./scripts/e2e.sh
fi
