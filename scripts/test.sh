#!/usr/bin/env bash
# Runs the whole test suite: SQLite always, PostgreSQL too; then the hardening suites (scripts/suites.sh).
# Uses ENCORE_TEST_POSTGRES_URL if set; otherwise starts a throwaway cluster (scripts/start-postgres.sh).
# When the run fails, every recorded issue is printed again at the end, so the tail of the output names them.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${ENCORE_TEST_POSTGRES_URL:-}" ]; then
  if [ "$(id -u)" = "0" ]; then
    ENCORE_TEST_POSTGRES_URL=$(scripts/start-postgres.sh | tail -1)
    export ENCORE_TEST_POSTGRES_URL
  else
    echo "note: not root and ENCORE_TEST_POSTGRES_URL unset: PostgreSQL suites are skipped (CI=true makes them fail)" >&2
  fi
fi
export ENCORE_CDNOW_PATH=${ENCORE_CDNOW_PATH:-$(pwd)/../shared/data/cdnow/CDNOW_master.txt}
[ -f "$ENCORE_CDNOW_PATH" ] || unset ENCORE_CDNOW_PATH
log=$(mktemp -t encore-test.XXXXXX)
trap 'rm -f "$log"' EXIT
status=0
swift test "$@" 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
  echo
  echo "==== test run failed (exit $status); the issues recorded:"
  grep -a -E '^✘|: error:|error: fatalError|Fatal error|crashed|signal code' "$log" | head -60 || true
fi
# Then the hardening suites against the built binary (crash, API fuzz, faults, parser fuzz, soak; ENCORE_SUITES=none
# skips them, e.g. with a --filter), whatever the tests gave, so one run reports both.
suites=0
scripts/suites.sh || suites=$?
if [ "$status" -eq 0 ] && [ "$suites" -ne 0 ]; then status=$suites; fi
exit "$status"
