#!/usr/bin/env bash
# Abuse test of `pitchlint serve` on loopback only: 8 concurrent max-size
# portfolio uploads, 300 slow readers of large answers, 1 100 silent
# sockets, 3 image-bomb uploads and 2 YAML alias bombs, one after another.
# Prints, per attack, the server's peak RSS (target: under 1 GB), whether
# /healthz answered within 1 s throughout, and whether the server lived.
# Arguments go to abuse.py (e.g. --only silent,bomb). Takes about 3 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

# Room for 1 100 sockets on each side, plus the server's own.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 8192
cargo build --release --quiet
work="$(mktemp -d)"
port="${PITCHLINT_ABUSE_PORT:-18091}"
target/release/pitchlint serve --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q "http://" "$work/server.log" && break; sleep 0.1; done

python3 scripts/abuse.py --port "$port" --pid "$server" "$@"

kill -TERM "$server"
if wait "$server"; then echo "server stopped cleanly on SIGTERM"; else echo "server exit status $?"; fi
trap 'rm -rf "$work"' EXIT
