#!/usr/bin/env bash
# `encore metrics --json` over a SQLite store of ORDERS orders (10,000,000 by default; ~1.5M
# customers, four years, New York time), whole process, median of RUNS runs with peak RSS, beside
# its peer in the same run: the sqlite3 shell's plain aggregate scan of the same orders
# (count, first, last and sum of the totals per customer; the floor cost of reading the data).
# The database is seeded once by `encore-bench metrics-seed` (several minutes) and kept in
# METRICS_DB (default /tmp/encore-metrics-ORDERS.sqlite) for later runs.
# Usage: Benchmarks/metrics.sh [RUNS] [ORDERS] [CUSTOMERS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
ORDERS=${2:-10000000}
CUSTOMERS=${3:-1500000}
DB=${METRICS_DB:-/tmp/encore-metrics-$ORDERS.sqlite}
ENCORE=$(Benchmarks/setup.sh)
BUILD=${ENCORE_BUILD_PATH:-.build}
WORK=$(mktemp -d /tmp/encore-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

if [ ! -s "$DB" ]; then
  swift build -c release --scratch-path "$BUILD" --product encore-bench 2>&1 | tail -1 >&2
  BENCH="$(swift build -c release --scratch-path "$BUILD" --show-bin-path)/encore-bench"
  "$BENCH" metrics-seed --database "sqlite://$DB" --orders "$ORDERS" --customers "$CUSTOMERS"
  sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
fi
# Migrates the file if it was seeded by an older build (not timed).
"$ENCORE" stores list --database "sqlite://$DB" >/dev/null
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
STORE=$(sqlite3 "$DB" "SELECT id FROM stores WHERE name = 'bench-metrics'")
FROM=2025-11-01
TO=2026-11-01
PEER="SELECT customer_key, count(*), min(placed_at), max(placed_at), sum(total) FROM orders WHERE store_id = $STORE GROUP BY customer_key"

echo "database: $DB ($(du -h "$DB" | cut -f1))"
sqlite3 "$DB" "SELECT printf('orders %d (cancelled %d), customers with orders %d, orders per customer max %d; refunds %d, returns %d (rejected %d); placed %s to %s',
  (SELECT count(*) FROM orders WHERE store_id = $STORE), (SELECT count(*) FROM orders WHERE store_id = $STORE AND cancelled_at IS NOT NULL),
  (SELECT count(DISTINCT customer_key) FROM orders WHERE store_id = $STORE),
  (SELECT max(n) FROM (SELECT count(*) AS n FROM orders WHERE store_id = $STORE GROUP BY customer_key)),
  (SELECT count(*) FROM refunds WHERE store_id = $STORE), (SELECT count(*) FROM returns WHERE store_id = $STORE),
  (SELECT count(*) FROM returns WHERE store_id = $STORE AND status = 'rejected'),
  (SELECT date(min(placed_at) / 1000, 'unixepoch') FROM orders WHERE store_id = $STORE),
  (SELECT date(max(placed_at) / 1000, 'unixepoch') FROM orders WHERE store_id = $STORE))"
echo "peer plan: $(sqlite3 "$DB" "EXPLAIN QUERY PLAN $PEER" | tail -n +2 | tr '\n' ' ')"

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
measure() { /usr/bin/time -f "%e %M %U %S" -o "$WORK/t" "$@" >"$WORK/out" 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }; cat "$WORK/t"; }
METRICS=("$ENCORE" metrics --database "sqlite://$DB" --store bench-metrics --from "$FROM" --to "$TO" --json)

# One warm-up run of each (the file into the page cache), not counted.
measure "${METRICS[@]}" >/dev/null
measure sqlite3 "$DB" "$PEER" >/dev/null
: > "$WORK/encore"; : > "$WORK/sqlite"
for _ in $(seq "$RUNS"); do
  measure "${METRICS[@]}" >> "$WORK/encore"
  cp "$WORK/out" "$WORK/report.json"
  measure sqlite3 "$DB" "$PEER" >> "$WORK/sqlite"
done
E=$(awk '{print $1}' "$WORK/encore" | median); S=$(awk '{print $1}' "$WORK/sqlite" | median)
EC=$(awk '{print $3 + $4}' "$WORK/encore" | median); SC=$(awk '{print $3 + $4}' "$WORK/sqlite" | median)
ER=$(awk '{print $2}' "$WORK/encore" | median); SR=$(awk '{print $2}' "$WORK/sqlite" | median)
echo "runs: $RUNS (medians of whole-process wall time; peak RSS from /usr/bin/time)"
echo "encore metrics --json ($FROM to $TO):  ${E}s  CPU ${EC}s  peak RSS $((ER / 1024)) MiB   (all: $(awk '{printf "%s ", $1}' "$WORK/encore"))"
echo "sqlite3 aggregate scan (peer):       ${S}s  CPU ${SC}s  peak RSS $((SR / 1024)) MiB   (all: $(awk '{printf "%s ", $1}' "$WORK/sqlite"))"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores; other work on the machine slows both)"
echo "ratio encore/sqlite3:                $(awk -v a="$E" -v b="$S" 'BEGIN { printf "%.2f", a / b }')x"
echo "report: $(head -c 400 "$WORK/report.json")..."
