#!/usr/bin/env bash
# Builds examples/strategy-plugin against a `cmake --install` of this build, lists it with
# `talon strategies --plugin`, backtests it with `talon backtest --plugin`, and checks that a
# plugin of another strategy ABI is refused by name.
# Usage: plugin_example.sh BUILD_DIR SOURCE_DIR TALON_BIN DATA_FILE WORK_DIR
set -euo pipefail
build=$1 src=$2 talon=$3 data=$4 work=$5
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
cmake -S "$src/examples/strategy-plugin" -B "$work/build" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$work/prefix" > "$work/configure.log"
cmake --build "$work/build" > "$work/build.log"
plugin="$work/build/libmy_strategy.so"

"$talon" strategies --plugin "$plugin" > "$work/strategies.txt"
grep -q '^my_strategy$' "$work/strategies.txt"
grep -q 'dip_pct' "$work/strategies.txt"

"$talon" backtest --plugin "$plugin" --strategy my_strategy --data "$data" --symbol BTCUSDT \
  --param dip_pct=0.8 --no-store --json > "$work/backtest.json"
grep -q '"strategy": *"my_strategy"' "$work/backtest.json"

# A plugin built against another ABI: refused with both versions named.
cat > "$work/old_abi.cpp" <<'CPP'
#include <cstdint>
extern "C" std::uint32_t talon_plugin_abi_version() { return 999; }
extern "C" std::uint64_t talon_plugin_abi_fingerprint() { return 1; }
extern "C" void talon_plugin_register(void*) {}
CPP
c++ -shared -fPIC -o "$work/libold_abi.so" "$work/old_abi.cpp"
if "$talon" strategies --plugin "$work/libold_abi.so" 2> "$work/refused.txt"; then
  echo "a plugin of ABI 999 was loaded" >&2
  exit 1
fi
grep -q 'built against talon strategy ABI 999' "$work/refused.txt"
echo "plugin example: installed, built, listed, backtested; ABI 999 refused"
