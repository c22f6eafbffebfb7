#!/usr/bin/env bash
# Mutation sweep over the core: plants one small bug at a time (cargo-mutants)
# and checks that a test fails. Run one group at a time; each is meant to
# finish in under an hour on 2 cores. The build profile and exclusions are
# in .cargo/mutants.toml; files and test targets per group are below. Two
# mutants are built and tested at a time: most tests are single-threaded.
# Results land in target/mutants/<group>/mutants.out; docs/TESTING.md
# keeps the figures and the reviewed survivors.
#
#   scripts/mutants.sh GROUP [cargo-mutants options, e.g. --iterate]
#
# A group of more than about 100 mutants (checks, context, measures,
# photos) is run in two shards to stay under an hour each:
#   scripts/mutants.sh checks --shard 0/2; scripts/mutants.sh checks --shard 1/2
#
# Groups (about 30 s a mutant on 2 cores, so each stays under an hour):
#   score      scoring and suppressions
#   report     report positions and "fix these first"
#   printers   the pretty, JSON, SARIF and GitHub printers
#   stream     the streaming printers of `check`
#   checks     the check-kind registry and matching (checks/mod.rs)
#   kinds      parameter validation (checks/kind.rs) and the term checks
#   measures   the measuring checks: metric, structure, position, questions
#   context    checks that read a job post or a review
#   response   the conversation-log check
#   photos     portfolio checks
#   cues       the learned-weights check (checks/cues.rs)
#   learn      fitting those weights (learn.rs)
#   batch      batch mode
#   config     configuration
set -euo pipefail
cd "$(dirname "$0")/.."

group="${1:-}"
shift || true
# Each group runs the unit tests and the fast integration tests that reach
# its code; the CLI, server and Python suites run the same code through
# slower front ends.
case "$group" in
  score) files=(src/score.rs src/suppress.rs) tests=(formats snapshots corpus replies) ;;
  report) files=(src/report.rs) tests=(formats snapshots corpus replies batch) ;;
  printers)
    files=(src/emit/pretty.rs src/emit/json.rs src/emit/sarif.rs src/emit/github.rs src/emit/i18n.rs)
    tests=(formats snapshots batch)
    ;;
  stream) files=(src/emit/stream.rs) tests=(formats batch) ;;
  checks) files=(src/checks/mod.rs) tests=(rule_examples corpus replies snapshots) ;;
  kinds)
    files=(src/checks/kind.rs src/checks/coverage.rs src/checks/phrases.rs src/checks/pattern.rs
      src/checks/breadth.rs)
    tests=(rule_examples corpus replies snapshots trades)
    ;;
  measures)
    files=(src/checks/metric.rs src/checks/structure.rs src/checks/position.rs src/checks/questions.rs)
    tests=(rule_examples corpus replies snapshots)
    ;;
  context) files=(src/checks/echo.rs src/checks/context.rs) tests=(rule_examples replies snapshots) ;;
  response) files=(src/checks/response.rs) tests=(rule_examples snapshots availability) ;;
  photos)
    files=(src/checks/gallery.rs src/checks/photo.rs src/checks/field.rs)
    tests=(rule_examples snapshots portfolio)
    ;;
  cues) files=(src/checks/cues.rs) tests=(rule_examples replies snapshots) ;;
  learn) files=(src/learn.rs) tests=() ;;
  batch) files=(src/batch.rs) tests=(batch formats) ;;
  config) files=(src/config.rs) tests=(formats) ;;
  *)
    echo "usage: scripts/mutants.sh GROUP [cargo-mutants options]; groups:" \
      "score report printers stream checks kinds measures context response photos cues learn batch config" >&2
    exit 2
    ;;
esac

command -v cargo-mutants >/dev/null ||
  cargo install --locked cargo-mutants --version 27.1.0

args=(--cargo-test-arg=--lib)
for f in "${files[@]}"; do args+=(--file "$f"); done
for t in "${tests[@]}"; do args+=("--cargo-test-arg=--test=$t"); done
out="target/mutants/$group"
# Each shard keeps its own results.
for ((i = 1; i <= $#; i++)); do
  if [ "${!i}" = --shard ] && [ "$i" -lt $# ]; then
    j=$((i + 1))
    out="$out-shard-${!j%%/*}"
  fi
done
mkdir -p "$out"
exec cargo mutants "${args[@]}" --timeout 120 --build-timeout 300 \
  --jobs 2 --output "$out" --no-shuffle "$@"
