#!/usr/bin/env bash
# Email: render the shipped order confirmation per message (TemplateRenderer) and send it through
# SMTPChannel to postfix's smtp-sink, vs postfix's smtp-source sending as many messages of the
# same size to the same sink over as many connections, in the same run. RUNS rounds, medians.
# Usage: Benchmarks/email.sh [MESSAGES] [CONCURRENCY] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}
C=${2:-8}
RUNS=${3:-3}
PORT=${SINK_PORT:-25025}
if ! [ -x /usr/sbin/smtp-sink ] || ! [ -x /usr/sbin/smtp-source ]; then
  # Debian's postfix ships both; only the two tools are used, the mail daemon is never started.
  export DEBIAN_FRONTEND=noninteractive
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -qq && apt-get install -y -qq postfix >/dev/null
fi
swift build -c release --product encore-bench 2>&1 | tail -1 >&2
BENCH="$(swift build -c release --show-bin-path)/encore-bench"
WORK=$(mktemp -d /tmp/encore-email.XXXXXX)
/usr/sbin/smtp-sink -u nobody -c "127.0.0.1:$PORT" 1024 > "$WORK/sink.log" 2>&1 &
SINK=$!
trap 'kill "$SINK" 2>/dev/null || true; rm -rf "$WORK"' EXIT
sleep 0.5
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
SIZE=$("$BENCH" email --smtp "127.0.0.1:$PORT" --size-only)
for round in $(seq "$RUNS"); do
  "$BENCH" email --smtp "127.0.0.1:$PORT" --messages "$N" --concurrency "$C" --per-connection 100 > "$WORK/out"
  cat "$WORK/out" >&2
  sed -n 's/.*messages_per_s=\([0-9.]*\).*/\1/p' "$WORK/out" >> "$WORK/encore"
  start=$(date +%s.%N)
  # -d: keep each connection for many messages (Encore's pool reuses connections too).
  /usr/sbin/smtp-source -d -s "$C" -m "$N" -l "$SIZE" -f shop@shop.example -t c0@example.com "127.0.0.1:$PORT"
  end=$(date +%s.%N)
  awk -v n="$N" -v a="$start" -v b="$end" 'BEGIN { printf "%.0f\n", n / (b - a) }' >> "$WORK/peer"
  echo "smtp-source round $round: $(tail -1 "$WORK/peer") messages/s" >&2
done
E=$(median < "$WORK/encore"); P=$(median < "$WORK/peer")
echo "messages: $N of $SIZE bytes, $C connections, $RUNS rounds, medians; sink: smtp-sink on 127.0.0.1:$PORT"
echo "encore (render + SMTPChannel):     $E messages/s"
echo "smtp-source (peer, same size):     $P messages/s"
echo "ratio encore/smtp-source:          $(awk -v a="$E" -v b="$P" 'BEGIN { printf "%.2f", a / b }')"
