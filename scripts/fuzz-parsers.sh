#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer + AddressSanitizer) of Encore's parsers: the CSV readers and
# decoders, Shopify webhook mapping, JSONParser, the journey YAML loader, the template library and
# renderer, and the SMTP reply parser/decoder. See Fuzz/README.md.
#
#   scripts/fuzz-parsers.sh [--ci|--full] [seconds]
#
#   --ci    (default) each target for 30 s (or `seconds`), on a copy of the committed corpus
#   --full  each target for 600 s (or `seconds`); the grown corpus is kept and its path printed
#
# Env: FUZZ_TARGETS="FuzzCSV FuzzJSON" to run some targets only; FUZZ_OPTIMIZE=0 to build with
# -Onone (default -O: about 10x the executions a second; SwiftPM's debug configuration either way,
# see Fuzz/Sources/FuzzDriver/include/FuzzDriver.h);
# FUZZ_SCRATCH=DIR build directory (default Fuzz/.build-fuzz); FUZZ_JOBS=N build jobs;
# FUZZ_SKIP_BUILD=1 to reuse the last build.
# Exits non-zero when a target crashes, traps, hangs (-timeout=5), runs out of memory
# (-rss_limit_mb=2048) or breaks an invariant, after printing the saved input's path and a hexdump.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

mode=ci
seconds=
for arg in "$@"; do
  case "$arg" in
    --ci) mode=ci ;;
    --full) mode=full ;;
    ''|*[!0-9]*) echo "usage: $0 [--ci|--full] [seconds]" >&2; exit 2 ;;
    *) seconds=$arg ;;
  esac
done
if [ -z "$seconds" ]; then
  if [ "$mode" = full ]; then seconds=600; else seconds=30; fi
fi
targets=${FUZZ_TARGETS:-"FuzzCSV FuzzShopify FuzzJSON FuzzJourneyYAML FuzzTemplate FuzzSMTPReply"}
scratch=${FUZZ_SCRATCH:-$root/Fuzz/.build-fuzz}

# The fuzz package depends on the main package by path; it resolves its other dependencies to the
# versions the main package uses.
if [ -f Package.resolved ] && { [ ! -f Fuzz/Package.resolved ] || [ Package.resolved -nt Fuzz/Package.resolved ]; }; then
  cp Package.resolved Fuzz/Package.resolved
fi

build=(swift build --package-path Fuzz --scratch-path "$scratch" -c debug
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
[ "${FUZZ_OPTIMIZE:-1}" = 0 ] || build+=(-Xswiftc -O)
[ -n "${FUZZ_JOBS:-}" ] && build+=(-j "$FUZZ_JOBS")
if [ -z "${FUZZ_SKIP_BUILD:-}" ]; then
  echo "==== building the fuzz targets: ${build[*]}"
  start=$(date +%s)
  "${build[@]}" 2>&1 | grep -E -v '^\[[0-9]+/[0-9]+\] ' || true
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "fuzz build failed" >&2; exit 1; }
  echo "==== built in $(( $(date +%s) - start )) s"
fi
bin=$("${build[@]}" --show-bin-path)

work=$(mktemp -d -t encore-fuzz.XXXXXX)
artifacts="$work/artifacts"
mkdir -p "$artifacts"
if [ "$mode" = ci ]; then trap 'rm -rf "$work"' EXIT; fi
# Swift's runtime keeps metadata caches for the life of the process: leak reports would be noise.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0:symbolize=1}
# Swift's own crash backtracer would catch traps before libFuzzer and AddressSanitizer do.
export SWIFT_BACKTRACE=enable=no

status=0
summary=()
for target in $targets; do
  corpus="$work/corpus/$target"
  mkdir -p "$corpus"
  cp "Fuzz/Corpus/$target/"* "$corpus/" 2>/dev/null || true
  before=$(ls "$corpus" | wc -l)
  options=(-max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1
    -artifact_prefix="$artifacts/$target-")
  [ -f "Fuzz/Dictionaries/$target.dict" ] && options+=(-dict="Fuzz/Dictionaries/$target.dict")
  # SMTP reply lines may be up to 2,048 bytes: let inputs grow past that.
  [ "$target" = FuzzSMTPReply ] && options+=(-max_len=8192)
  log="$work/$target.log"
  echo "==== $target: ${seconds} s, $before seed inputs"
  rc=0
  "$bin/$target" "${options[@]}" "$corpus" >"$log" 2>&1 || rc=$?
  after=$(ls "$corpus" | wc -l)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -a -E '^#[0-9]+' "$log" | grep -a -o 'cov: [0-9]* ft: [0-9]*' | tail -1)
  line="$target: ${execs:-?} executions, ${rate:-?} exec/s, ${cov:-cov: ? ft: ?}, $((after - before)) new inputs"
  echo "$line"
  summary+=("$line")
  if [ "$rc" -ne 0 ]; then
    status=1
    echo "!!!! $target failed (exit $rc); the end of its log:"
    grep -a -v -E '^#[0-9]+ ' "$log" | tail -60
    for artifact in "$artifacts/$target-"*; do
      [ -f "$artifact" ] || continue
      echo "---- input saved at $artifact ($(wc -c <"$artifact") bytes); reproduce with: $bin/$target $artifact"
      od -A d -t x1z -v "$artifact" | head -40
    done
  fi
done

echo
echo "==== fuzzing summary ($mode, ${seconds} s per target)"
printf '%s\n' "${summary[@]}"
if [ "$mode" = full ]; then
  echo "grown corpora: $work/corpus (logs in $work); to add new seeds to Fuzz/Corpus, minimize first:"
  echo "  $bin/TARGET -merge=1 Fuzz/Corpus/TARGET $work/corpus/TARGET"
fi
if [ "$status" -ne 0 ]; then
  echo "fuzzing found a problem; inputs in $artifacts" >&2
  trap - EXIT
fi
exit "$status"
