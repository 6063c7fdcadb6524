#!/usr/bin/env bash
# The smart receipt: GET /r/{token} of a delivered demo order (every read a real page does: the
# link's signature and revocation, the order with its lines and shipments, feedback, reviews,
# tickets, the survey throttle) vs GET /health of the same server, wrk with 2 threads and 64
# connections (CONNECTIONS=N for another number), in the same run. Medians of RUNS rounds; page
# weight in bytes.
# Usage: Benchmarks/receipt.sh [RUNS] [DURATION]   (env POSTGRES_URL=postgres://... adds PostgreSQL;
# PAGE_CACHE_MB=0 renders every request, as a page no one has viewed since the last commit)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
DURATION=${2:-10s}
CONNECTIONS=${CONNECTIONS:-64}
ENCORE=$(Benchmarks/setup.sh)
WORK=$(mktemp -d /tmp/encore-receipt.XXXXXX)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
rate() { awk '/Requests\/sec/ { print $2 }' "$1"; }
p99() { awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub("us", "", v); v /= 1000 } else if (v ~ /ms$/) { sub("ms", "", v) } else if (v ~ /s$/) { sub("s", "", v); v *= 1000 } print v }' "$1"; }
errors() { awk '/Non-2xx|Socket errors/ { print }' "$1"; }

bench() { # name database-url port
  local name=$1 url=$2 port=$3
  "$ENCORE" demo --no-serve --customers 2000 --database "$url" >/dev/null
  local order
  if [[ $url == sqlite* ]]; then
    order=$(sqlite3 "${url#sqlite://}" "SELECT order_key FROM shipments WHERE status = 'delivered' ORDER BY updated_at DESC LIMIT 1")
  else
    order=$(psql -qAt "$url" -c "SELECT order_key FROM shipments WHERE status = 'delivered' ORDER BY updated_at DESC LIMIT 1")
  fi
  local link; link=$("$ENCORE" receipts link --order "$order" --database "$url" --base-url "http://127.0.0.1:$port")
  "$ENCORE" serve --no-workers --page-cache-mb "${PAGE_CACHE_MB:-32}" --port "$port" --database "$url" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
  local bytes; bytes=$(curl -fs "$link" | wc -c)
  : > "$WORK/$name.r"; : > "$WORK/$name.rp99"; : > "$WORK/$name.hw"; : > "$WORK/$name.hwp99"
  for _ in $(seq "$RUNS"); do
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$link" > "$WORK/out"
    rate "$WORK/out" >> "$WORK/$name.r"; p99 "$WORK/out" >> "$WORK/$name.rp99"; errors "$WORK/out"
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$port/health" > "$WORK/out"
    rate "$WORK/out" >> "$WORK/$name.hw"; p99 "$WORK/out" >> "$WORK/$name.hwp99"
  done
  local r hw
  r=$(median < "$WORK/$name.r"); hw=$(median < "$WORK/$name.hw")
  echo "[$name] GET /r/{token} (order $order, $bytes bytes): $r pages/s, p99 $(median < "$WORK/$name.rp99") ms"
  echo "[$name] GET /health (peer, same server):   $hw req/s, p99 $(median < "$WORK/$name.hwp99") ms"
  echo "[$name] ratio receipt/health: $(awk -v a="$r" -v b="$hw" 'BEGIN { printf "%.0f%%", 100 * a / b }')"
}

echo "wrk -t2 -c$CONNECTIONS -d$DURATION, $RUNS rounds, medians; wrk and the server share the machine's 2 cores; page cache ${PAGE_CACHE_MB:-32} MiB"
bench sqlite "sqlite://$WORK/receipt.sqlite" 18083
if [ -n "${POSTGRES_URL:-}" ]; then
  db="encore_receipt_$$"
  psql -q "$POSTGRES_URL" -c "CREATE DATABASE $db" >/dev/null
  bench postgres "${POSTGRES_URL%/*}/$db" 18084
fi
