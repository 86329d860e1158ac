#pragma once
// macd_trend: long-only MACD signal-line crossover.
//
// Declares MACD(`fast`, `slow`, `signal`) (TA-Lib TA_MACD: EMA(fast) − EMA(slow) of the
// close, its signal line an EMA(signal) of that) and follows the sign of macd − macdsignal
// (the histogram) with follow_sign (helpers.hpp): buy with all free cash when the MACD line
// crosses above its signal line, sell everything when it crosses below. With `zero_filter` =
// 1 a buy needs the MACD line above zero too (trend confirmation; Appel 2005).

#include <talon/strategy/params.hpp>
#include <talon/strategy/strategy.hpp>

namespace talon {

class MacdTrend final : public Strategy {
 public:
  /// Reads `fast` (12), `slow` (26), `signal` (9), `zero_filter` (0); fast < slow.
  explicit MacdTrend(const StrategyParams& params);
  void on_start(StrategyContext& ctx) override;
  void on_bar(StrategyContext& ctx, const Bar& bar) override;

 private:
  std::int64_t fast_, slow_, signal_;
  bool zero_filter_ = false;
  IndicatorRef macd_;
  int last_sign_ = 0;
};

}  // namespace talon
