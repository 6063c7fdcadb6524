#!/usr/bin/env bash
# Journey scheduler: N instances of the shipped order confirmation (one transactional email step,
# own customer and order each) with due timers, run by Encore's worker with the outbox sender on a
# null channel, vs the raw peer (the same claim, updates, log and outbox inserts as plain set-based
# SQL, no engine, no rendering) on the same seeded database, in the same run. RUNS rounds, medians.
#   throughput: every timer due at once (steps/s until the queue is drained)
#   lag:        due times spread at RATE steps/s (lag = journey_log.at - due time, p50/p99)
# Usage: Benchmarks/scheduler.sh [INSTANCES] [RUNS] [RATE]
#   env POSTGRES_URL=postgres://... adds PostgreSQL with two worker processes (one database).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
RUNS=${2:-3}
RATE=${3:-20000}
dpkg -s libsqlite3-dev >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq libsqlite3-dev >/dev/null; }
swift build -c release --product encore-bench 2>&1 | tail -1 >&2
BENCH="$(swift build -c release --show-bin-path)/encore-bench"
WORK=$(mktemp -d /tmp/encore-sched.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
field() { sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p" "$2" | head -1; }
WINDOW=$(( N * 1000 / RATE ))

# run NAME URL-MAKER ARGS...: one measurement on a fresh copy of the seed; appends to $WORK/NAME.*
run() {
  local name=$1 url=$2; shift 2
  "$BENCH" scheduler --database "$url" "$@" > "$WORK/out" || { cat "$WORK/out"; exit 1; }
  cat "$WORK/out" >&2
  grep -q "exactly_once=yes" "$WORK/out" || { echo "[$name] a step ran twice or not at all" >&2; exit 1; }
  field steps_per_s "$WORK/out" >> "$WORK/$name.rate"
  field lag_ms_p50 "$WORK/out" >> "$WORK/$name.p50"
  field lag_ms_p99 "$WORK/out" >> "$WORK/$name.p99"
  field body_bytes "$WORK/out" > "$WORK/body"
}
summary() { # label name
  echo "$1: $(median < "$WORK/$2.rate") steps/s, lag p50 $(median < "$WORK/$2.p50") ms, p99 $(median < "$WORK/$2.p99") ms"
}

sqlite_copy() { rm -f "$WORK"/r.sqlite*; for f in "$WORK/$1".sqlite*; do cp "$f" "$WORK/r${f##*/$1}"; done; echo "sqlite://$WORK/r.sqlite"; }
"$BENCH" seed --database "sqlite://$WORK/burst.sqlite" --instances "$N" >&2
"$BENCH" seed --database "sqlite://$WORK/spread.sqlite" --instances "$N" --window-ms "$WINDOW" >&2
echo "$BENCH seed + scheduler, N=$N, $RUNS rounds, medians; lag run: due times spread over $WINDOW ms ($RATE/s)"
for round in $(seq "$RUNS"); do
  run sqlite "$(sqlite_copy burst)"
  run sqlite-raw "$(sqlite_copy burst)" --engine raw --body-bytes "$(cat "$WORK/body")"
  run sqlite-lag "$(sqlite_copy spread)"
done
summary "[sqlite] encore, all due at once     " sqlite
summary "[sqlite] raw SQL peer, same writes   " sqlite-raw
echo "[sqlite] ratio encore/raw: $(awk -v a="$(median < "$WORK/sqlite.rate")" -v b="$(median < "$WORK/sqlite-raw.rate")" 'BEGIN { printf "%.2f", a / b }')"
summary "[sqlite] encore, due at $RATE/s      " sqlite-lag

if [ -n "${POSTGRES_URL:-}" ]; then
  base="${POSTGRES_URL%/*}"
  psql -q "$POSTGRES_URL" -c "DROP DATABASE IF EXISTS encore_sched_burst" -c "DROP DATABASE IF EXISTS encore_sched_spread" \
    -c "CREATE DATABASE encore_sched_burst" -c "CREATE DATABASE encore_sched_spread" >/dev/null
  "$BENCH" seed --database "$base/encore_sched_burst" --instances "$N" >&2
  "$BENCH" seed --database "$base/encore_sched_spread" --instances "$N" --window-ms "$WINDOW" >&2
  pg_copy() { psql -q "$POSTGRES_URL" -c "DROP DATABASE IF EXISTS encore_sched_run" -c "CREATE DATABASE encore_sched_run TEMPLATE $1" >/dev/null; echo "$base/encore_sched_run"; }
  for round in $(seq "$RUNS"); do
    run pg "$(pg_copy encore_sched_burst)" --processes 2
    run pg-raw "$(pg_copy encore_sched_burst)" --processes 2 --engine raw --body-bytes "$(cat "$WORK/body")"
    run pg-lag "$(pg_copy encore_sched_spread)" --processes 2
  done
  psql -q "$POSTGRES_URL" -c "DROP DATABASE IF EXISTS encore_sched_run" -c "DROP DATABASE encore_sched_burst" -c "DROP DATABASE encore_sched_spread" >/dev/null
  summary "[postgres] encore, 2 processes, all due at once" pg
  summary "[postgres] raw SQL peer, 2 processes           " pg-raw
  echo "[postgres] ratio encore/raw: $(awk -v a="$(median < "$WORK/pg.rate")" -v b="$(median < "$WORK/pg-raw.rate")" 'BEGIN { printf "%.2f", a / b }')"
  summary "[postgres] encore, 2 processes, due at $RATE/s " pg-lag
fi
