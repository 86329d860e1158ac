#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan + libFuzzer) in build/fuzz and runs each
# for a bounded time on its committed seed corpus (fuzz/corpus/<target>/). New inputs go to
# a scratch directory, never into the committed corpus. Exits non-zero on the first finding
# (the crashing input is kept as build/fuzz/findings/<target>/crash-*).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     default: 10 seconds, every target
#
# To fuzz longer: scripts/fuzz.sh 3600 kline_csv (see docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-10}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(kline_csv ohlcv_csv json_candles archive bar_cache decimal timestamp toml_config
    binance_stream binance_rest binance_user_data)
fi

build=build/fuzz
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTALON_FUZZ=ON -DTALON_BUILD_TESTS=OFF -DTALON_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" --target "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for t in "${targets[@]}"; do
  scratch=$(mktemp -d)
  findings="$build/findings/$t"
  mkdir -p "$findings"
  echo "fuzz: $t for ${seconds}s"
  if ! "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 \
    -timeout=10 -artifact_prefix="$findings/" -print_final_stats=1 \
    "$scratch" "fuzz/corpus/$t" 2>"$findings/log.txt"; then
    tail -50 "$findings/log.txt" >&2
    echo "fuzz: $t FOUND A PROBLEM: input kept in $findings/" >&2
    status=1
  else
    grep -E "^stat::number_of_executed_units" "$findings/log.txt" || true
  fi
  rm -rf "$scratch"
done
exit $status
