#pragma once
// Two long-only strategies on Bollinger Bands (Bollinger, Bollinger on Bollinger Bands,
// 2001; TA-Lib TA_BBANDS on the SMA of the close, bands `k` population standard deviations
// away). Both act at a bar's close on that bar's bands (which include it) and trade at the
// next open with all free cash / the whole position; no signal while an order is open.
//
//  * bollinger_breakout (momentum): buy when the close is above the upper band; sell when
//    it falls below the middle band (the SMA).
//  * bollinger_reversion (mean reversion): buy when the close is below the lower band; sell
//    when it is back above the middle band.

#include <talon/strategy/params.hpp>
#include <talon/strategy/strategy.hpp>

namespace talon {

class BollingerStrategy final : public Strategy {
 public:
  enum class Mode { Breakout, Reversion };
  /// Reads `period` (20 bars) and `k` (2 deviations, 0.1..10).
  BollingerStrategy(Mode mode, const StrategyParams& params);
  void on_start(StrategyContext& ctx) override;
  void on_bar(StrategyContext& ctx, const Bar& bar) override;

 private:
  Mode mode_;
  std::int64_t period_;
  double k_;
  IndicatorRef bands_;
};

}  // namespace talon
