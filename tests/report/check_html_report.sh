#!/usr/bin/env bash
# Opens talon's HTML reports in Debian's headless Chromium: every chart must render (its
# canvases present), the page must log no error and make no network request; a screenshot of
# each is saved next to the reports. Exit 77 (skipped) when chromium is not installed.
# Usage: check_html_report.sh TALON DATA_FILE OUT_DIR
set -euo pipefail
talon=$1 data=$2 out=$3
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "chromium not installed (scripts/setup.sh installs it): skipped"
  exit 77
fi
rm -rf "$out" && mkdir -p "$out"

"$talon" backtest --data "$data" --no-store --param fast=10 --param slow=30 \
  --report "$out/backtest.html" >/dev/null
"$talon" optimize --data "$data" --no-store --grid fast=5:20:5 --grid slow=10:40:10 --threads 2 \
  --report "$out/optimize.html" >/dev/null
# `talon report RUN_ID` from a stored run.
"$talon" backtest --data "$data" --db "$out/t.db" --json >"$out/run.json"
run_id=$(sed -n 's/.*"backtest_id":"\([0-9a-f-]*\)".*/\1/p' "$out/run.json")
"$talon" report "$run_id" --db "$out/t.db" -o "$out/stored.html"

status=0
for page in backtest optimize stored; do
  file="$out/$page.html"
  # The only URLs a report may hold are the charts library's SVG namespace and its links.
  if grep -oE '(src|href)="(https?:)?//[^"]*' "$file" | grep -q .; then
    echo "FAIL $page: the page references an external resource"; status=1
  fi
  # --dump-dom after the scripts ran: the page writes its render state onto <body>.
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --virtual-time-budget=5000 \
    --enable-logging=stderr --v=0 --dump-dom "file://$file" >"$out/$page.dom" 2>"$out/$page.log"
  body=$(grep -o '<body[^>]*>' "$out/$page.dom" || true)
  echo "$page: $body"
  [[ $body == *'data-rendered="ok"'* ]] || { echo "FAIL $page: not rendered without error"; status=1; }
  [[ $body == *'data-charts="3"'* ]] || { echo "FAIL $page: not all 3 charts drawn"; status=1; }
  [[ $body == *'data-requests="0"'* ]] || { echo "FAIL $page: network requests made"; status=1; }
  canvases=$(sed -n 's/.*data-canvases="\([0-9]*\)".*/\1/p' <<<"$body")
  if [ "${canvases:-0}" -lt 3 ]; then echo "FAIL $page: ${canvases:-0} canvases"; status=1; fi
  if grep -E 'CONSOLE.*(Uncaught|Error)|Refused to (load|connect)' "$out/$page.log"; then
    echo "FAIL $page: console error"; status=1
  fi
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --virtual-time-budget=5000 --window-size=1400,2400 --screenshot="$out/$page.png" \
    "file://$file" >/dev/null 2>&1
  if [ ! -s "$out/$page.png" ]; then echo "FAIL $page: no screenshot"; status=1; fi
done
grep -q 'id="heatmap"' "$out/optimize.html" && grep -q '"xs":' "$out/optimize.html" ||
  { echo "FAIL optimize: no heat map data"; status=1; }
echo "screenshots: $out/*.png"
exit $status
