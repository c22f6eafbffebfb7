#!/usr/bin/env bash
# Throughput of the Python package and of the Spark example against
# `pitchlint batch` on the same 100 000 generated profiles
# (target/bench-data/profiles-100000.jsonl, written by
# `cargo bench --bench batch`). Uses the environment scripts/python.sh
# makes; run that first. Options go to benches/python.py (`--rounds N`).
set -euo pipefail
cd "$(dirname "$0")/.."
data=target/bench-data/profiles-100000.jsonl
[ -f "$data" ] || cargo bench --bench batch
cargo build --release --quiet
target/python-venv/bin/pip install --quiet ./python
target/python-venv/bin/python benches/python.py "$data" target/release/pitchlint --spark "$@"
