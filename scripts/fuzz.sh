#!/usr/bin/env bash
# Runs the property tests of tests/fuzz.rs in release mode with many cases
# per parser, one parser at a time, and prints how long each took.
#   scripts/fuzz.sh                      # 1 000 000 cases per parser
#   FUZZ_CASES=100000 scripts/fuzz.sh    # fewer
#   FUZZ_SEED=123 scripts/fuzz.sh        # repeat a run
#   scripts/fuzz.sh conversation_logs    # some parsers only
set -euo pipefail
cd "$(dirname "$0")/.."

cases="${FUZZ_CASES:-1000000}"
seed="${FUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}"
echo "fuzz seed $seed (FUZZ_SEED=$seed to repeat)"
tests=(markdown_and_front_matter portfolio_manifests conversation_logs batch_records rule_files config_files api_check_bodies)
if [ $# -gt 0 ]; then tests=("$@"); fi

cargo test --release --test fuzz --no-run
failed=()
for t in "${tests[@]}"; do
  start=$(date +%s.%N)
  status=passed
  PITCHLINT_FUZZ_CASES="$cases" PITCHLINT_FUZZ_SEED="$seed" \
    cargo test --release --quiet --test fuzz -- --exact "$t" || { status=FAILED; failed+=("$t"); }
  end=$(date +%s.%N)
  awk -v t="$t" -v n="$cases" -v s="$start" -v e="$end" -v st="$status" \
    'BEGIN { d = e - s; printf "fuzz %s: %s, %d cases in %.1f s (%.0f cases/s)\n", t, st, n, d, n / d }'
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz failures: ${failed[*]} (seed $seed)" >&2
  exit 1
fi
