#pragma once
// dca: dollar-cost averaging — buy a fixed amount of quote currency at fixed intervals,
// whatever the price; never sells.
//
// The first buy is at the close of the first bar; then a timer (StrategyContext::set_timer)
// fires every `every_hours` hours of the run's clock and each firing sends a MARKET BUY of
// `amount` (capped at the free cash; nothing when that is below the minimum notional + 1 %),
// filled at the next bar's open. A decision BUY records each buy.

#include <talon/strategy/params.hpp>
#include <talon/strategy/strategy.hpp>

namespace talon {

class Dca final : public Strategy {
 public:
  /// Reads `amount` (100, quote currency) and `every_hours` (24).
  explicit Dca(const StrategyParams& params);
  void on_bar(StrategyContext& ctx, const Bar& bar) override;
  void on_timer(StrategyContext& ctx, const Timer& timer) override;

 private:
  void buy(StrategyContext& ctx);
  Decimal amount_;
  std::int64_t every_ns_;
  bool started_ = false;
};

}  // namespace talon
