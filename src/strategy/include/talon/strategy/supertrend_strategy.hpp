#pragma once
// supertrend: long-only trend following on the Supertrend line (Olivier Seban), an ATR
// trailing stop.
//
// Declares SUPERTREND(`period`, `multiplier`) (TradingView ta.supertrend with TA-Lib TA_ATR:
// the band hl2 ∓ multiplier × ATR that only tightens while the trend lasts; direction +1 up,
// −1 down) and follows the sign of its direction with follow_sign (helpers.hpp): buy with
// all free cash when it turns up, sell everything when the close crosses the trailing ATR
// stop and it turns down.

#include <talon/strategy/params.hpp>
#include <talon/strategy/strategy.hpp>

namespace talon {

class SupertrendStrategy final : public Strategy {
 public:
  /// Reads `period` (10 bars) and `multiplier` (3 ATRs).
  explicit SupertrendStrategy(const StrategyParams& params);
  void on_start(StrategyContext& ctx) override;
  void on_bar(StrategyContext& ctx, const Bar& bar) override;

 private:
  std::int64_t period_;
  double multiplier_;
  IndicatorRef line_;
  int last_sign_ = 0;
};

}  // namespace talon
