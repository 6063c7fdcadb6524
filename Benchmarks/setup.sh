#!/usr/bin/env bash
# Installs the tools the benchmark scripts use (Debian packages) and builds Encore in release mode.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
for tool in sqlite3 wrk hyperfine; do command -v "$tool" >/dev/null || need+=("$tool"); done
[ -x /usr/bin/time ] || need+=(time)
dpkg -s libsqlite3-dev >/dev/null 2>&1 || need+=(libsqlite3-dev)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi
# ENCORE_BUILD_PATH names another build folder (e.g. .build-release, so a debug build can go on beside it).
SCRATCH=(--scratch-path "${ENCORE_BUILD_PATH:-.build}")
swift build -c release --product encore "${SCRATCH[@]}" 2>&1 | tail -1 >&2
echo "$(swift build -c release "${SCRATCH[@]}" --show-bin-path)/encore"
