#pragma once
// One self-contained HTML file per backtest (or parameter search): candlesticks with entries
// and exits, equity and drawdown charts (TradingView lightweight-charts, inlined), a monthly
// returns heat map, a sortable trade table and the metrics. It opens offline: the page loads
// nothing (no network request, no other file).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <talon/model/bar.hpp>

namespace talon {

/// A candle as the chart draws it: time in UTC seconds, prices as doubles (display only).
struct HtmlCandle {
  std::int64_t time = 0;
  double open = 0, high = 0, low = 0, close = 0;
};

/// One equity sample: UTC seconds, quote currency (display only).
struct HtmlEquityPoint {
  std::int64_t time = 0;
  double equity = 0;
};

struct HtmlReportInput {
  std::string title{};         ///< e.g. "BTCUSDT 1m — sma_cross fast=10 slow=30"
  std::string metrics_json{};  ///< a JSON object: format_json_report's (or the stored) metrics
  /// The round trips as a JSON array of {entry_time, exit_time (ISO-8601), quantity,
  /// entry_notional, exit_notional, fees, pnl}: the trade table and the chart's markers
  /// (entry and exit at the average prices notional / quantity).
  std::string trades_json = "[]";
  std::vector<HtmlCandle> candles{};
  std::vector<HtmlEquityPoint> equity{};
  /// Optional heat map of a parameter search: {"x": name, "y": name, "objective": name,
  /// "xs": [...], "ys": [...], "values": [[row of ys[0]], ...]} (null cells allowed); empty:
  /// no heat map. Searched runs table: "runs" (array of {parameters, objective}) may be
  /// included in the same object.
  std::string heatmap_json{};
};

/// Buckets `bars` into at most `max_candles` candles of k consecutive bars each (k the
/// smallest that fits): open of the first, highest high, lowest low, close of the last,
/// time of the first. Prices become doubles, which is only for drawing.
std::vector<HtmlCandle> chart_candles(std::span<const Bar> bars, std::size_t max_candles = 10'000);

/// The whole page. `charts_js` is the text of lightweight-charts' standalone production
/// build (it defines the global LightweightCharts), inlined in a <script>. Throws
/// InvalidArgument when `charts_js` is empty or contains "</script".
std::string render_html_report(const HtmlReportInput& input, std::string_view charts_js);

}  // namespace talon
