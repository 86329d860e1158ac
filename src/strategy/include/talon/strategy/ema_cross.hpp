#pragma once
// ema_cross: long-only crossover of two exponential moving averages of the close.
//
// Declares EMA(`fast`) and EMA(`slow`) (TA-Lib TA_EMA: seeded with the SMA of the first
// `period` closes, then alpha = 2 / (period + 1)) and follows the sign of fast − slow with
// follow_sign (helpers.hpp): buys with all free cash at the next open when the fast EMA
// crosses above the slow one, sells everything when it crosses below. The first cross can
// come once both EMAs have two values: bar slow + 1.

#include <talon/strategy/params.hpp>
#include <talon/strategy/strategy.hpp>

namespace talon {

class EmaCross final : public Strategy {
 public:
  /// Reads `fast` (default 12) and `slow` (26); throws InvalidArgument unless fast < slow.
  explicit EmaCross(const StrategyParams& params);
  void on_start(StrategyContext& ctx) override;
  void on_bar(StrategyContext& ctx, const Bar& bar) override;

 private:
  std::int64_t fast_period_, slow_period_;
  IndicatorRef fast_, slow_;
  int last_sign_ = 0;
};

}  // namespace talon
