#!/usr/bin/env bash
# The browser tests: the real `pitchlint serve` driven by headless Chromium
# through playwright-core, and the HTML report of `pitchlint batch --report`
# rendered and checked against the run's results. Installs what it needs (Debian's chromium, the
# npm package) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
(cd tests/e2e && npm ci --no-audit --no-fund --silent)

cargo build --release --quiet
port="${PITCHLINT_E2E_PORT:-18089}"
log="$(mktemp)"
target/release/pitchlint serve --addr "127.0.0.1:$port" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 50); do
  grep -q "http://" "$log" && break
  sleep 0.1
done
grep -q "http://" "$log" || { cat "$log"; echo "server did not start" >&2; exit 1; }

PITCHLINT_URL="http://127.0.0.1:$port" node tests/e2e/page.mjs
PITCHLINT_BIN=target/release/pitchlint node tests/e2e/report.mjs
