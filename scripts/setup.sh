#!/usr/bin/env bash
# Installs every Debian 12 package talon needs to build, test and run. Idempotent:
# packages already present are skipped by apt; run as root or with sudo available.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  zlib1g-dev libsqlite3-dev libsqlitecpp-dev
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libfmt-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  libzip-dev libdeflate-dev libssl-dev libboost1.81-dev
  libpq-dev postgresql-15 libargon2-dev
  libsimdjson-dev
  clang-format clang-tidy
  clang libclang-rt-14-dev
  chromium
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} Debian packages present"
else
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

# TradingView lightweight-charts (npm, pinned in report/package-lock.json): the build embeds
# its standalone file into talon for the self-contained HTML reports (--report, talon report).
report_dir="$(cd "$(dirname "$0")/.." && pwd)/report"
if command -v npm >/dev/null 2>&1; then
  if [ ! -f "$report_dir/node_modules/lightweight-charts/package.json" ]; then
    echo "setup: npm ci in report/ (lightweight-charts for HTML reports)"
    npm ci --prefix "$report_dir" --no-audit --no-fund --ignore-scripts
  fi
else
  echo "setup: npm not found: talon will build without HTML reports"
fi

# ccxt (npm, pinned in tests/ccxt/package-lock.json) for the test that drives
# `talon exchange-sim` with a real Binance client. Without node that test is skipped.
ccxt_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/ccxt"
if command -v npm >/dev/null 2>&1; then
  if [ ! -f "$ccxt_dir/node_modules/ccxt/package.json" ]; then
    echo "setup: npm ci in tests/ccxt (ccxt for the exchange-sim test)"
    npm ci --prefix "$ccxt_dir" --no-audit --no-fund --ignore-scripts
  fi
else
  echo "setup: npm not found: the ccxt exchange-sim test will be skipped"
fi
