#!/usr/bin/env bash
# Fuzzes the HTTP API from its own OpenAPI document with schemathesis, against a running server:
# no 5xx, responses as documented (status, content type, schema), schema-valid requests not refused
# as malformed, schema-invalid ones refused, auth enforced, and the server still up at the end.
#
#   scripts/fuzz-api.sh [--ci | --full]
#
#   --ci     short: 75 examples per operation, stateful scenarios of up to 4 calls, stop at the first
#            failure of each operation (1-2 minutes on 2 slow cores)
#   --full   the default: 300 examples per operation, stateful scenarios of up to 10 calls along the
#            links schemathesis infers from the document (it declares none), every failing case
#            reported (5-7 minutes on 2 slow cores)
#
# Environment:
#   ENCORE_BIN                 the encore binary (default .build/debug/encore)
#   ENCORE_FUZZ_DATABASE_URL   postgres://... : run against this (preferably empty) database; default a
#                              fresh SQLite file in a temporary directory
#   ENCORE_FUZZ_REPORT         write the JUnit XML report here (and the console output next to it, .txt)
#   ENCORE_FUZZ_SEED           the schemathesis seed (default 20261124)
#   ENCORE_FUZZ_EXAMPLES       examples per operation, overriding the mode's
#   ENCORE_FUZZ_OPENAPI        fuzz from this OpenAPI file instead of the served /openapi.json (to try
#                              a change to the document before rebuilding)
#   ENCORE_FUZZ_KEEP=1         keep the temporary directory (database, server log, reports)
#   SCHEMATHESIS               the schemathesis command (default: `schemathesis` on PATH)
#
# Install schemathesis with: python3 -m pip install 'schemathesis==4.32.5'
# Exits 0 when schemathesis found nothing and the server is still up; 1 otherwise. The last line
# is "schemathesis: N operations, M test cases, F failures".
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODE=full
for arg in "$@"; do
  case "$arg" in
    --ci) MODE=ci ;;
    --full) MODE=full ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fuzz-api: unknown argument $arg (use --ci or --full)" >&2; exit 2 ;;
  esac
done

ENCORE_BIN=${ENCORE_BIN:-.build/debug/encore}
case "$ENCORE_BIN" in /*) ;; *) ENCORE_BIN="$ROOT/$ENCORE_BIN" ;; esac
[ -x "$ENCORE_BIN" ] || { echo "fuzz-api: no encore binary at $ENCORE_BIN (build it, or set ENCORE_BIN)" >&2; exit 1; }
SCHEMATHESIS=${SCHEMATHESIS:-schemathesis}
command -v "$SCHEMATHESIS" >/dev/null 2>&1 || {
  echo "fuzz-api: $SCHEMATHESIS not found; python3 -m pip install 'schemathesis==4.32.5'" >&2; exit 1; }
SEED=${ENCORE_FUZZ_SEED:-20261124}

if [ "$MODE" = ci ]; then
  EXAMPLES=${ENCORE_FUZZ_EXAMPLES:-75}; MAX_STEPS=4; MODE_FLAGS=()
else
  # Every failing case, not only the first per operation.
  EXAMPLES=${ENCORE_FUZZ_EXAMPLES:-300}; MAX_STEPS=10; MODE_FLAGS=(--continue-on-failure)
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/encore-apifuzz.XXXXXX")
SERVER_PID="" ST_PID="" TAIL_PID="" SUMMARY_DONE=""
show_server_log() {
  if [ -s "$WORK/server.log" ]; then
    echo "--- last lines of the server log ($WORK/server.log) ---" >&2
    tail -n 30 "$WORK/server.log" >&2 || true
  fi
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pid in $ST_PID $TAIL_PID; do kill -TERM "$pid" 2>/dev/null || true; done
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -z "$SUMMARY_DONE" ]; then show_server_log; fi
  if [ "${ENCORE_FUZZ_KEEP:-0}" = 1 ]; then echo "fuzz-api: kept $WORK" >&2; else rm -rf "$WORK"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The database: a fresh SQLite file, or the PostgreSQL database given. A store of its own per run,
# so a reused PostgreSQL database does not mix runs.
if [ -n "${ENCORE_FUZZ_DATABASE_URL:-}" ]; then
  DATABASE=$ENCORE_FUZZ_DATABASE_URL
else
  DATABASE="sqlite://$WORK/encore.sqlite"
fi
STORE="fuzz-$(date +%s)-$$"
export ENCORE_FUZZ_WEBHOOK_SECRET="fuzz-secret-$$"
echo "fuzz-api: $MODE mode, seed $SEED, $EXAMPLES examples per operation, database ${DATABASE%%://*}, binary $ENCORE_BIN"

"$ENCORE_BIN" stores create "$STORE" --database "$DATABASE" --currency USD --time-zone Europe/Paris \
  --webhook-secret "$ENCORE_FUZZ_WEBHOOK_SECRET" >/dev/null
ENCORE_FUZZ_KEY=$("$ENCORE_BIN" keys create --store "$STORE" --database "$DATABASE" | grep -E '^enc_' | tail -1)
[ -n "$ENCORE_FUZZ_KEY" ] || { echo "fuzz-api: encore keys create printed no key" >&2; exit 1; }
export ENCORE_FUZZ_KEY
# The shipped journeys, so live orders and events start journeys and the workers have real work.
"$ENCORE_BIN" journeys apply --defaults --store "$STORE" --database "$DATABASE" >/dev/null
python3 "$ROOT/scripts/fuzz-api-setup.py" csv "$WORK/history.csv"
"$ENCORE_BIN" import "$WORK/history.csv" --format csv --store "$STORE" --strict --database "$DATABASE" >/dev/null

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
# With the background workers (the default of `encore serve`): what the fuzzer sends flows on into
# journeys, the outbox (email stays in the local mailbox), loyalty and predictions, and a crash there
# takes the server down, which the check after the run reports.
"$ENCORE_BIN" serve --database "$DATABASE" --hostname 127.0.0.1 --port "$PORT" --base-url "$BASE" \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
up=""
for _ in $(seq 1 300); do
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "fuzz-api: the server exited at start-up" >&2; exit 1; }
  if curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null || curl -fsS -o /dev/null "$BASE/health" 2>/dev/null; then
    up=1; break
  fi
  sleep 0.2
done
[ -n "$up" ] || { echo "fuzz-api: the server did not answer /healthz within 60 s" >&2; exit 1; }
python3 "$ROOT/scripts/fuzz-api-setup.py" seed "$BASE" "$ENCORE_FUZZ_KEY"
python3 "$ROOT/scripts/fuzz-api-setup.py" config "$WORK/schemathesis.toml" "$STORE" "$ROOT/scripts/fuzz-api-hooks.py"
printf '\n[phases.stateful]\nmax-steps = %d\n' "$MAX_STEPS" >> "$WORK/schemathesis.toml"

curl -fsS "$BASE/openapi.json" -o "$WORK/openapi.json"
SCHEMA="$BASE/openapi.json"
if [ -n "${ENCORE_FUZZ_OPENAPI:-}" ]; then
  SCHEMA=$(cd "$(dirname "$ENCORE_FUZZ_OPENAPI")" && pwd)/$(basename "$ENCORE_FUZZ_OPENAPI")
  echo "fuzz-api: the document is $SCHEMA, not the served one"
fi

JUNIT=${ENCORE_FUZZ_REPORT:-$WORK/junit.xml}
case "$JUNIT" in /*) ;; *) JUNIT="$PWD/$JUNIT" ;; esac  # schemathesis runs in $WORK
mkdir -p "$(dirname "$JUNIT")"
set +e
# Run from the temporary directory: schemathesis and Hypothesis write caches into the working directory.
# In the background, so that an interrupt reaches the trap at once (bash runs traps only between
# foreground commands), with its output followed on the terminal.
(cd "$WORK" && PYTHONDONTWRITEBYTECODE=1 exec "$SCHEMATHESIS" --config-file "$WORK/schemathesis.toml" run "$SCHEMA" \
  --url "$BASE" \
  --checks all \
  --mode all \
  --phases examples,coverage,fuzzing,stateful \
  --max-examples "$EXAMPLES" \
  --seed "$SEED" \
  --workers 1 \
  --generation-database none \
  --request-timeout 30 \
  --no-color \
  --report junit,json \
  --report-junit-path "$JUNIT" \
  --report-json-path "$WORK/report.json" \
  ${MODE_FLAGS[@]+"${MODE_FLAGS[@]}"} \
  ) >"$WORK/schemathesis.txt" 2>&1 &
ST_PID=$!
tail -n +1 -f --pid="$ST_PID" "$WORK/schemathesis.txt" &
TAIL_PID=$!
wait "$ST_PID"
st_status=$?
wait "$TAIL_PID" 2>/dev/null
set -e
if [ -n "${ENCORE_FUZZ_REPORT:-}" ]; then cp "$WORK/schemathesis.txt" "${JUNIT%.xml}.txt"; fi

status=0
if [ -s "$WORK/report.json" ]; then
  python3 "$ROOT/scripts/fuzz-api-setup.py" summary "$WORK/report.json" > "$WORK/summary.txt" || status=1
else
  echo "schemathesis: 0 operations, 0 test cases, 1 failures (no report; schemathesis exited $st_status)" > "$WORK/summary.txt"
  status=1
fi
[ "$st_status" -eq 0 ] || status=1
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  echo "fuzz-api: the server died during the run" >&2; status=1
elif ! curl -fsS -o /dev/null "$BASE/health"; then
  echo "fuzz-api: the server no longer answers /health" >&2; status=1
fi
if grep -nE 'Fatal error|Assertion failed|Precondition failed|Illegal instruction|Segmentation fault' "$WORK/server.log" >&2; then
  echo "fuzz-api: the server log shows a crash" >&2; status=1
fi
# The server log on failure, the details, then the summary line last.
if [ "$status" -ne 0 ]; then show_server_log; fi
SUMMARY_DONE=1
sed -n '2,$p' "$WORK/summary.txt"
head -n 1 "$WORK/summary.txt"
exit "$status"
