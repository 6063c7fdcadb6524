#!/usr/bin/env bash
# The BG/NBD fit on the CDNOW calibration summary (2,357 customers): Encore (encore-bench clv,
# median of RUNS fits in one process) beside the Python `lifetimes` library (BetaGeoFitter, median
# of RUNS fits in one process) on the same file in the same run, with both sets of parameters; then
# SYNTHETIC customers simulated from the fit (1,000,000 by default) fitted once, with peak memory.
# The same for the Gamma-Gamma fit: CDNOW's 946 repeat customers with their average spend, Encore
# beside lifetimes' GammaGammaFitter, then the simulated customers given spend from the fitted model.
# Usage: Benchmarks/clv.sh [RUNS] [SYNTHETIC]    (installs lifetimes from PyPI when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-21}
SYNTHETIC=${2:-1000000}
SUMMARY=Tests/Fixtures/cdnow_customers_summary.csv
SPEND=Tests/Fixtures/cdnow_customers_summary_with_transactions.csv
python3 -c "import lifetimes" 2>/dev/null || python3 -m pip install -q lifetimes 2>/dev/null \
  || python3 -m pip install -q --break-system-packages lifetimes
BUILD=${ENCORE_BUILD_PATH:-.build-release}
[ -x "$BUILD/release/encore-bench" ] || swift build -c release --scratch-path "$BUILD" --product encore-bench >&2
BENCH=$(mktemp /tmp/encore-bench.XXXXXX)
cp "$BUILD/release/encore-bench" "$BENCH"
chmod +x "$BENCH"
trap 'rm -f "$BENCH"' EXIT

python3 - "$SUMMARY" "$RUNS" <<'PY'
import sys, time, statistics, warnings
warnings.filterwarnings("ignore")
import pandas as pd
from lifetimes import BetaGeoFitter
df = pd.read_csv(sys.argv[1])
times = []
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    fitter = BetaGeoFitter().fit(df["frequency"], df["recency"], df["T"])
    times.append(time.perf_counter() - start)
p = fitter.params_
print("lifetimes: %d customers, median %.2f ms (min %.2f) over %d fits; r %.6f alpha %.6f a %.6f b %.6f"
      % (len(df), statistics.median(times) * 1000, min(times) * 1000, len(times), p["r"], p["alpha"], p["a"], p["b"]))
PY
python3 - "$SPEND" "$RUNS" <<'PY'
import sys, time, statistics, warnings
warnings.filterwarnings("ignore")
import pandas as pd
from lifetimes import GammaGammaFitter
df = pd.read_csv(sys.argv[1])
df = df[(df["x"] > 0) & (df["zbar"] > 0)]
times = []
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    fitter = GammaGammaFitter().fit(df["x"], df["zbar"])
    times.append(time.perf_counter() - start)
p = fitter.params_
print("lifetimes spend: %d customers, median %.2f ms (min %.2f) over %d Gamma-Gamma fits; p %.6f q %.6f v %.6f"
      % (len(df), statistics.median(times) * 1000, min(times) * 1000, len(times), p["p"], p["q"], p["v"]))
PY
"$BENCH" clv --input "$SUMMARY" --runs "$RUNS" --synthetic "$SYNTHETIC" --spend-input "$SPEND"
