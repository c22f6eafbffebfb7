#!/usr/bin/env bash
# Load test of `pitchlint serve` on loopback: 100 connections for 10 s
# posting the corpus profiles to /api/v1/check (wrk from Debian, installed
# when missing). Prints requests/s, p50/p99 latency and errors.
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

# One JSON request body per corpus profile.
n=0
for file in corpus/profile/*/*/*.md; do
  n=$((n + 1))
  python3 -c 'import json,sys; print(json.dumps({"kind": "profile", "text": open(sys.argv[1]).read()}))' \
    "$file" >"$bodies/$n.json"
done
for _ in $(seq 50); do grep -q "http://" "$log" && break; sleep 0.1; done

wrk -t2 -c100 -d10s --latency -s scripts/load.lua "http://127.0.0.1:$port" -- "$bodies"/*.json
