#!/usr/bin/env bash
# Import throughput and memory: `encore import` of CDNOW_master.txt vs the sqlite3 shell's `.import`
# of the same rows into a plain table, in the same run; then peak RSS for CDNOW vs a file 10x larger.
# Usage: Benchmarks/import.sh [RUNS]   (env POSTGRES_URL=postgres://... adds the PostgreSQL figures)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
ENCORE=$(Benchmarks/setup.sh)
CDNOW=${CDNOW:-../shared/data/cdnow/CDNOW_master.txt}
WORK=$(mktemp -d /tmp/encore-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
ROWS=$(($(wc -l < "$CDNOW") - 1))
# The same rows as CSV for the sqlite3 shell (conversion not timed).
awk 'NR > 1 { print $1 "," $2 "," $3 "," $4 }' "$CDNOW" > "$WORK/cdnow.csv"
# A file 10x larger: the CDNOW rows repeated with customer ids shifted per copy.
{ head -1 "$CDNOW"; for i in $(seq 0 9); do awk -v off=$((i * 100000)) 'NR > 1 { printf "%06d %s %s %s\n", $1 + off, $2, $3, $4 }' "$CDNOW"; done; } > "$WORK/cdnow10.txt"

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
seconds() { /usr/bin/time -f "%e %M" -o "$WORK/t" "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }; cat "$WORK/t"; }

: > "$WORK/encore"; : > "$WORK/sqlite"; : > "$WORK/pg"
for run in $(seq "$RUNS"); do
  rm -f "$WORK"/e.sqlite*
  "$ENCORE" stores create b --database "sqlite://$WORK/e.sqlite" >/dev/null
  seconds "$ENCORE" import "$CDNOW" --format cdnow --store b --database "sqlite://$WORK/e.sqlite" | awk '{print $1}' >> "$WORK/encore"
  rm -f "$WORK/p.sqlite"
  sqlite3 "$WORK/p.sqlite" "CREATE TABLE purchases (customer_id TEXT, date TEXT, cds INTEGER, dollars REAL);"
  seconds sqlite3 "$WORK/p.sqlite" ".import --csv $WORK/cdnow.csv purchases" | awk '{print $1}' >> "$WORK/sqlite"
  if [ -n "${POSTGRES_URL:-}" ]; then
    db="encore_bench_${run}_$$"
    psql -q "$POSTGRES_URL" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
    url="${POSTGRES_URL%/*}/$db"
    "$ENCORE" stores create b --database "$url" >/dev/null
    seconds "$ENCORE" import "$CDNOW" --format cdnow --store b --database "$url" | awk '{print $1}' >> "$WORK/pg"
    psql -q "$POSTGRES_URL" -c "DROP DATABASE $db" >/dev/null
  fi
done
E=$(median < "$WORK/encore"); S=$(median < "$WORK/sqlite")
echo "rows: $ROWS, runs: $RUNS (medians of whole-process wall time)"
echo "encore import (SQLite):      ${E}s  $(awk -v r="$ROWS" -v t="$E" 'BEGIN { printf "%.0f rows/s", r / t }')"
echo "sqlite3 .import (peer):      ${S}s  $(awk -v r="$ROWS" -v t="$S" 'BEGIN { printf "%.0f rows/s", r / t }')"
echo "ratio encore/sqlite3:        $(awk -v a="$E" -v b="$S" 'BEGIN { printf "%.2f", a / b }')x"
if [ -s "$WORK/pg" ]; then
  P=$(median < "$WORK/pg")
  echo "encore import (PostgreSQL):  ${P}s  $(awk -v r="$ROWS" -v t="$P" 'BEGIN { printf "%.0f rows/s", r / t }')  ratio to sqlite3 $(awk -v a="$P" -v b="$S" 'BEGIN { printf "%.2f", a / b }')x"
fi
rm -f "$WORK"/e.sqlite*
"$ENCORE" stores create m --database "sqlite://$WORK/e.sqlite" >/dev/null
M1=$(seconds "$ENCORE" import "$CDNOW" --format cdnow --store m --database "sqlite://$WORK/e.sqlite" | awk '{print $2}')
rm -f "$WORK"/e.sqlite*
"$ENCORE" stores create m --database "sqlite://$WORK/e.sqlite" >/dev/null
M10=$(seconds "$ENCORE" import "$WORK/cdnow10.txt" --format cdnow --store m --database "sqlite://$WORK/e.sqlite" | awk '{print $2}')
echo "peak RSS CDNOW:              ${M1} KiB"
echo "peak RSS 10x file:           ${M10} KiB ($(($(wc -l < "$WORK/cdnow10.txt") - 1)) rows)"
echo "RSS ratio 10x/1x:            $(awk -v a="$M10" -v b="$M1" 'BEGIN { printf "%.2f", a / b }')"
