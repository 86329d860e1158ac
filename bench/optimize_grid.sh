#!/usr/bin/env bash
# `talon optimize` against separate processes on the repository's month of BTCUSDT minutes
# (docs/BENCHMARKS.md, "Parameter search"). A 1,000-point sma_cross grid: fast 2..20 step 2
# (10 values) × slow 30..228 step 2 (100 values), every pair valid (fast < slow).
# Usage: bench/optimize_grid.sh [build/release/talon]
set -euo pipefail
talon=${1:-build/release/talon}
data=data/binance_spot_BTCUSDT_1m_2025-06.csv.gz
grid=(--grid fast=2:20:2 --grid slow=30:228:2)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
wall() { /usr/bin/time -f "%e s wall, %U s user, %M KB max RSS" "$@"; }

echo "== one talon backtest --no-store process (sma_cross 10/30)"
wall "$talon" backtest --data "$data" --no-store >/dev/null 2>"$tmp/one.err"; tail -1 "$tmp/one.err"
for t in 1 2; do
  echo "== talon optimize, 1,000 points, --no-store, --threads $t"
  wall "$talon" optimize --data "$data" "${grid[@]}" --no-store --threads "$t" >/dev/null \
    2>"$tmp/opt$t.err"
  grep -E "runs in|wall" "$tmp/opt$t.err"
done
echo "== talon optimize, 1,000 points, store on (SQLite), --threads 2"
wall "$talon" optimize --data "$data" "${grid[@]}" --db "$tmp/t.db" --threads 2 >/dev/null \
  2>"$tmp/store.err"
grep -E "runs in|wall" "$tmp/store.err"
echo "== 100 separate talon backtest --no-store processes (pairs of the same grid)"
start=$(date +%s.%N)
for fast in 2 4 6 8 10 12 14 16 18 20; do
  for slow in 30 32 34 36 38 40 42 44 46 48; do
    "$talon" backtest --data "$data" --no-store --param fast=$fast --param slow=$slow \
      >/dev/null 2>&1
  done
done
end=$(date +%s.%N)
echo "$(echo "$end - $start" | bc) s wall for 100 (×10 for 1,000: $(echo "($end - $start) * 10" | bc) s)"
