#pragma once
// donchian_breakout: the Turtle breakout (Faith, Way of the Turtle, 2007), long only, with
// ATR position sizing and an ATR stop.
//
// At each bar's close, with the channels of the bars before it (DONCHIAN, one bar back, so a
// breakout is measured against history, not against itself):
//  * flat and close > the highest high of the previous `entry` bars: buy. Size (the Turtle
//    "unit"): quantity = cash × risk_pct / 100 / N, N = ATR(`atr`) (TA-Lib TA_ATR, Wilder),
//    rounded down to the lot; when that costs more than the free cash, all free cash is
//    spent instead. The stop is close − stop_atr × N.
//  * long and (close < the lowest low of the previous `exit` bars, or close < the stop):
//    sell everything.
// Orders are MARKET, filled at the next open; nothing is sent while an order is open.

#include <talon/strategy/params.hpp>
#include <talon/strategy/strategy.hpp>

namespace talon {

class DonchianBreakout final : public Strategy {
 public:
  /// Reads `entry` (20), `exit` (10), `atr` (20), `risk_pct` (1) and `stop_atr` (2).
  explicit DonchianBreakout(const StrategyParams& params);
  void on_start(StrategyContext& ctx) override;
  void on_bar(StrategyContext& ctx, const Bar& bar) override;

 private:
  std::int64_t entry_, exit_, atr_period_;
  Decimal risk_pct_, stop_atr_;
  IndicatorRef entry_channel_, exit_channel_, atr_;
  Decimal stop_;
};

}  // namespace talon
