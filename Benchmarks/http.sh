#!/usr/bin/env bash
# HTTP ingest: single-event POST /v1/events (each durable before its 200) vs GET /health of the same
# server, wrk with 2 threads and 64 connections, in the same run. Medians of RUNS rounds.
# Usage: Benchmarks/http.sh [RUNS] [DURATION]   (env POSTGRES_URL=postgres://... adds PostgreSQL)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
DURATION=${2:-10s}
ENCORE=$(Benchmarks/setup.sh)
WORK=$(mktemp -d /tmp/encore-http.XXXXXX)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
rate() { awk '/Requests\/sec/ { print $2 }' "$1"; }
p99() { awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub("us", "", v); v /= 1000 } else if (v ~ /ms$/) { sub("ms", "", v) } else if (v ~ /s$/) { sub("s", "", v); v *= 1000 } print v }' "$1"; }
errors() { awk '/Non-2xx|Socket errors/ { print }' "$1"; }

bench() { # name database-url port
  local name=$1 url=$2 port=$3
  "$ENCORE" stores create bench --database "$url" >/dev/null
  local key; key=$("$ENCORE" keys create --store bench --database "$url")
  "$ENCORE" serve --port "$port" --database "$url" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
  : > "$WORK/$name.ev"; : > "$WORK/$name.evp99"; : > "$WORK/$name.hw"; : > "$WORK/$name.hwp99"
  for run in $(seq "$RUNS"); do
    ENCORE_KEY=$key NONCE="$name-$run-$$" wrk -t2 -c64 -d"$DURATION" --latency -s Benchmarks/events.lua "http://127.0.0.1:$port" > "$WORK/out" 2>"$WORK/err"
    rate "$WORK/out" >> "$WORK/$name.ev"; p99 "$WORK/out" >> "$WORK/$name.evp99"; errors "$WORK/out"; head -3 "$WORK/err"
    wrk -t2 -c64 -d"$DURATION" --latency "http://127.0.0.1:$port/health" > "$WORK/out"
    rate "$WORK/out" >> "$WORK/$name.hw"; p99 "$WORK/out" >> "$WORK/$name.hwp99"
  done
  local ev hw
  ev=$(median < "$WORK/$name.ev"); hw=$(median < "$WORK/$name.hw")
  local stored; stored=$(curl -fs -H "Authorization: Bearer $key" "http://127.0.0.1:$port/v1/stats" | sed 's/.*"events":\([0-9]*\).*/\1/')
  echo "[$name] POST /v1/events (1 event, durable): $ev req/s, p99 $(median < "$WORK/$name.evp99") ms; events stored: $stored"
  echo "[$name] GET /health (peer, same server):   $hw req/s, p99 $(median < "$WORK/$name.hwp99") ms"
  echo "[$name] ratio events/health: $(awk -v a="$ev" -v b="$hw" 'BEGIN { printf "%.0f%%", 100 * a / b }')"
}

echo "wrk -t2 -c64 -d$DURATION, $RUNS rounds, medians; wrk and the server share the machine's 2 cores"
bench sqlite "sqlite://$WORK/http.sqlite" 18081
if [ -n "${POSTGRES_URL:-}" ]; then
  db="encore_http_$$"
  psql -q "$POSTGRES_URL" -c "CREATE DATABASE $db" >/dev/null
  bench postgres "${POSTGRES_URL%/*}/$db" 18082
fi
