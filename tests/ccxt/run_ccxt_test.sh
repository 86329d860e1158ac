#!/usr/bin/env bash
# ctest case: starts `talon exchange-sim` on a free loopback port with a fixed key and secret
# (signatures checked), drives it with ccxt 4.5.84 (exchange_sim_ccxt.mjs), stops it.
# Usage: run_ccxt_test.sh TALON_BIN DATA_FILE
# Exit 77 (ctest SKIP_RETURN_CODE) only when node is not installed.
set -euo pipefail
talon="$1"
data="$2"
here="$(cd "$(dirname "$0")" && pwd)"

if ! command -v node >/dev/null 2>&1; then
  echo "SKIPPED: node is not installed, so the ccxt client cannot run (scripts/setup.sh installs ccxt when node is present)"
  exit 77
fi
if [ ! -d "$here/node_modules/ccxt" ]; then
  echo "FAIL: tests/ccxt/node_modules/ccxt is missing: run scripts/setup.sh (npm ci --prefix tests/ccxt)"
  exit 1
fi

key="SIMKEY0000000000000000000000000000000000000000000000000000000000"
secret="SIMSECRET000000000000000000000000000000000000000000000000000000"
log="$(mktemp)"
"$talon" exchange-sim --protocol binance --port 0 --data "$data" --speed 2 \
  --api-key "$key" --api-secret "$secret" >"$log" 2>&1 &
sim=$!
trap 'kill "$sim" 2>/dev/null || true; wait "$sim" 2>/dev/null || true; rm -f "$log"' EXIT

port=""
for _ in $(seq 1 100); do
  port="$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$log")"
  [ -n "$port" ] && break
  if ! kill -0 "$sim" 2>/dev/null; then
    cat "$log"
    echo "FAIL: exchange-sim exited before listening"
    exit 1
  fi
  sleep 0.1
done
if [ -z "$port" ]; then
  cat "$log"
  echo "FAIL: exchange-sim did not report its port"
  exit 1
fi
head -1 "$log"
node "$here/exchange_sim_ccxt.mjs" "http://127.0.0.1:$port" "$key" "$secret"
# The secret never appears in what the simulator prints.
if grep -q "$secret" "$log"; then
  echo "FAIL: exchange-sim printed the API secret"
  exit 1
fi
