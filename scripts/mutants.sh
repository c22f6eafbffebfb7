#!/usr/bin/env bash
# Mutation sweep over the core: plants one small bug at a time (cargo-mutants)
# and checks that a test fails. Run one group at a time; each finishes in
# under an hour on 2 cores. Settings (profile, test targets, exclusions) are
# in .cargo/mutants.toml. Two mutants are built and tested at a time: most
# tests are single-threaded. Results land in target/mutants/<group>/mutants.out.
#
#   scripts/mutants.sh GROUP [cargo-mutants options, e.g. --iterate]
#
# Groups:
#   report   scoring, suppressions, report positions and the printers
#   checks   the check kinds
#   batch    batch mode and configuration
set -euo pipefail
cd "$(dirname "$0")/.."

group="${1:-}"
shift || true
# Each group runs the unit tests and the fast integration tests that reach
# its code; the CLI, server and Python suites run the same code through
# slower front ends.
case "$group" in
  report)
    files=(src/score.rs src/suppress.rs src/report.rs 'src/emit/*.rs')
    tests=(formats snapshots corpus replies batch)
    ;;
  checks)
    files=('src/checks/*.rs')
    tests=(rule_examples corpus replies snapshots trades portfolio)
    ;;
  batch)
    files=(src/batch.rs src/config.rs)
    tests=(batch formats)
    ;;
  *)
    echo "usage: scripts/mutants.sh report|checks|batch [cargo-mutants options]" >&2
    exit 2
    ;;
esac

command -v cargo-mutants >/dev/null ||
  cargo install --locked cargo-mutants --version 27.1.0

args=(--cargo-test-arg=--lib)
for f in "${files[@]}"; do args+=(--file "$f"); done
for t in "${tests[@]}"; do args+=("--cargo-test-arg=--test=$t"); done
out="target/mutants/$group"
mkdir -p "$out"
exec cargo mutants "${args[@]}" --timeout 120 --build-timeout 300 \
  --jobs 2 --output "$out" --no-shuffle "$@"
