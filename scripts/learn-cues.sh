#!/usr/bin/env bash
# Relearns the weights of the built-in `cues` rules from the tune half of
# the labelled sets (never the held-out half) and writes each into its rule
# file, between the rule's "# learned: begin ID" and "# learned: end"
# lines. The strength was chosen on out-of-fold figures of the tune half.
# Afterwards: `pitchlint rules --verify` (the rules' own examples) and
# scripts/judgement.sh (both halves).
#
#   scripts/learn-cues.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/pitchlint
out=target/learned.yaml

# learn FILE RULE-ID LEARN-ARGS…
learn() {
  local file=$1 id=$2
  shift 2
  "$bin" learn "$@" --half tune --strength 0.3 >"$out" 2>/dev/null
  grep -q "# learned: begin $id\$" "$file" || {
    echo "learn-cues: no '# learned: begin $id' line in $file" >&2
    exit 2
  }
  awk -v id="$id" -v src="$out" '
    $0 ~ "# learned: begin " id "$" { print; while ((getline line < src) > 0) print line; skip = 1; next }
    skip && /# learned: end/ { skip = 0 }
    !skip { print }' "$file" >"$file.new"
  mv "$file.new" "$file"
  echo "$id: $(head -1 "$out" | sed 's/^ *# //')"
}

replies=(corpus/eval/replies.jsonl corpus/eval/probes/reply-tone.jsonl --kind reply)
relevance=(corpus/eval/replies.jsonl corpus/eval/probes/relevance.jsonl --kind reply)
answers=(corpus/eval/review-replies.jsonl corpus/eval/probes/review-tone.jsonl --kind review-reply)
for lang in ru en; do
  learn "rules/$lang/reply.yaml" "$lang.reply.cold-tone" "${replies[@]}" --dimension tone --lang "$lang"
  learn "rules/$lang/reply.yaml" "$lang.reply.could-be-any-job" "${relevance[@]}" --dimension relevance --lang "$lang"
  learn "rules/$lang/review-reply.yaml" "$lang.review-reply.cold-tone" "${answers[@]}" --dimension tone --lang "$lang"
  learn "rules/$lang/review-reply.yaml" "$lang.review-reply.weak-remedy" "${answers[@]}" --dimension remedy --lang "$lang"
done
# The rules are built into the binary.
cargo build --release --quiet
