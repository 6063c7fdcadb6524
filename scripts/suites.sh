#!/usr/bin/env bash
# The hardening suites in their CI form, against the built `encore` (scripts/test.sh runs this after
# `swift test`; the full forms are the scripts themselves, see SECURITY.md):
#
#   crash   scripts/crash-suite.py: 50 kill -9 per backend over import, API burst, journeys, ledger
#   api     scripts/fuzz-api.sh --ci: schemathesis from the served OpenAPI document, SQLite and PostgreSQL
#   faults  scripts/fault-suite.py: every scenario (SMTP down, down long, slow, slow with pipelining,
#           4xx/5xx; SMS and webhook endpoints hanging and failing; SQLite's disk full; PostgreSQL
#           restarted under load), in parallel; the disk and PostgreSQL ones need root
#   fuzz    scripts/fuzz-parsers.sh --ci: libFuzzer with AddressSanitizer, 30 s per parser target on a
#           copy of the committed corpus (the instrumented build takes about 2 min)
#   soak    scripts/soak.py --minutes 10 on SQLite (30 by hand): errors, p99, queues and memory per
#           minute, at 50 requests/s; the server runs with MALLOC_ARENA_MAX=2, as docs/OPERATIONS.md's
#           systemd unit runs it
#
#   ENCORE_SUITES=crash,api   run only these (default: crash,api,faults,fuzz,soak); ENCORE_SUITES=none skips them
#   ENCORE_FAULTS=a,b         only these fault scenarios; ENCORE_SOAK_MINUTES (default 10)
#   ENCORE_BIN                the binary (default: the debug build, built here if missing)
#   ENCORE_TEST_POSTGRES_URL  an admin URL; without it, and CI unset, the PostgreSQL halves are skipped
#
# Exits non-zero when a suite fails; every suite runs and the failures are named at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
SUITES=${ENCORE_SUITES:-crash,api,faults,fuzz,soak}
[ "$SUITES" = none ] && { echo "suites: skipped (ENCORE_SUITES=none)"; exit 0; }
FAULTS=${ENCORE_FAULTS:-}
SOAK_MINUTES=${ENCORE_SOAK_MINUTES:-10}

if [ -z "${ENCORE_BIN:-}" ]; then
  swift build --product encore >/dev/null || { echo "suites: swift build --product encore failed" >&2; exit 1; }
  ENCORE_BIN="$(swift build --show-bin-path)/encore"
fi
export ENCORE_BIN
PG=${ENCORE_TEST_POSTGRES_URL:-}
if [ -z "$PG" ] && [ "${CI:-}" = true ]; then
  echo "suites: CI=true needs ENCORE_TEST_POSTGRES_URL (scripts/start-postgres.sh)" >&2
  exit 1
fi

# pip may put schemathesis's command where PATH does not look; its module always runs.
if ! command -v "${SCHEMATHESIS:-schemathesis}" >/dev/null 2>&1 && python3 -c "import schemathesis" 2>/dev/null; then
  wrapper=$(mktemp -d)/schemathesis
  printf '#!/bin/sh\nexec python3 -m schemathesis.cli "$@"\n' > "$wrapper"
  chmod +x "$wrapper"
  export SCHEMATHESIS=$wrapper
fi

failed=()
run() {
  local name=$1; shift
  local started=$SECONDS
  echo "==== suite $name: $*"
  if "$@"; then
    echo "==== suite $name passed in $((SECONDS - started)) s"
  else
    echo "==== suite $name FAILED (exit $?) after $((SECONDS - started)) s"
    failed+=("$name")
  fi
}

fuzz_postgres() {
  local database="encore_fuzz_$$_$RANDOM"
  psql "$PG" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $database" || return 1
  local url="${PG%/*}/$database"
  local status=0
  ENCORE_FUZZ_DATABASE_URL="$url" scripts/fuzz-api.sh --ci || status=$?
  psql "$PG" -X -q -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" || true
  return $status
}

for suite in ${SUITES//,/ }; do
  case "$suite" in
    crash)
      if [ -n "$PG" ]; then run crash python3 scripts/crash-suite.py --postgres-url "$PG"
      else run crash python3 scripts/crash-suite.py; fi ;;
    api)
      run api-sqlite scripts/fuzz-api.sh --ci
      [ -n "$PG" ] && run api-postgres fuzz_postgres ;;
    faults)
      if [ -n "$FAULTS" ]; then run faults python3 scripts/fault-suite.py --only "$FAULTS"
      else run faults python3 scripts/fault-suite.py; fi ;;
    fuzz)
      run fuzz scripts/fuzz-parsers.sh --ci ;;
    soak)
      run soak env MALLOC_ARENA_MAX=2 python3 scripts/soak.py --minutes "$SOAK_MINUTES" ;;
    *) echo "suites: unknown suite '$suite' (crash, api, faults, fuzz, soak)" >&2; failed+=("$suite") ;;
  esac
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "==== suites failed: ${failed[*]}"
  exit 1
fi
echo "==== suites passed: $SUITES"
