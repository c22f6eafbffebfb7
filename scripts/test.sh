#!/usr/bin/env bash
# The project's test command: formatting, lints, every Rust test, judgement
# on both halves of the labelled sets, the Python package and its Spark
# example, then the browser test of `pitchlint
# serve`. `--rust` stops before the browser test.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
# The core stands alone: no CLI, no server; its documentation is clean.
cargo build --lib --no-default-features --quiet
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --no-default-features --quiet
cargo test
./scripts/judgement.sh
./scripts/python.sh
if [ "${1:-}" != "--rust" ]; then
  ./scripts/e2e.sh
fi
