#!/usr/bin/env bash
# Load test of `pitchlint serve` on loopback (wrk from Debian, installed
# when missing). Prints requests/s, p50/p99 latency and errors.
#   ./scripts/load.sh          100 connections for 10 s posting the corpus
#                              profiles one by one to /api/v1/check
#   ./scripts/load.sh batch    8 connections for 10 s posting batches of 100
#                              corpus profiles to /api/v1/check/batch
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null; else sudo apt-get install -y -qq wrk >/dev/null; fi
fi
cargo build --release --quiet
bodies="$(mktemp -d)"
port="${PITCHLINT_LOAD_PORT:-18090}"
log="$bodies/server.log"
target/release/pitchlint serve --addr "127.0.0.1:$port" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$bodies"' EXIT

route="${1:-check}"
case "$route" in
  check)
    # One JSON request body per corpus profile.
    n=0
    for file in corpus/profile/*/*/*.md; do
      n=$((n + 1))
      python3 -c 'import json,sys; print(json.dumps({"kind": "profile", "text": open(sys.argv[1]).read()}))' \
        "$file" >"$bodies/$n.json"
    done
    path=/api/v1/check connections=100 per_request=1
    ;;
  batch)
    # Five bodies of 100 corpus profiles each, in turn.
    python3 - "$bodies" corpus/profile/*/*/*.md <<'PY'
import json, sys
out, files = sys.argv[1], sys.argv[2:]
texts = [open(f, encoding="utf-8").read() for f in files]
for b in range(5):
    docs = [{"id": f"{b}-{i}", "kind": "profile", "text": texts[(b * 100 + i) % len(texts)]} for i in range(100)]
    with open(f"{out}/{b}.json", "w", encoding="utf-8") as f:
        json.dump({"documents": docs}, f, ensure_ascii=False)
PY
    path=/api/v1/check/batch connections=8 per_request=100
    ;;
  *) echo "usage: scripts/load.sh [check|batch]" >&2; exit 2 ;;
esac
for _ in $(seq 50); do grep -q "http://" "$log" && break; sleep 0.1; done

LOAD_ROUTE="$path" LOAD_PER_REQUEST="$per_request" \
  wrk -t2 -c"$connections" -d10s --latency -s scripts/load.lua "http://127.0.0.1:$port" \
  -- "$bodies"/*.json
