#!/usr/bin/env bash
# The project's test command: formatting, lints, every Rust test, then the
# browser test of `pitchlint serve`. `--rust` stops after the Rust tests.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --all-targets --quiet -- -D warnings
# The core stands alone: no CLI, no server; its documentation is clean.
cargo build --lib --no-default-features --quiet
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --no-default-features --quiet
cargo test
if [ "${1:-}" != "--rust" ]; then
  ./scripts/e2e.sh
fi
