#include <talon/strategy/helpers.hpp>
#include <talon/strategy/supertrend_strategy.hpp>

#include "builtins.hpp"

namespace talon {

StrategyInfo builtin::supertrend_info() {
  StrategyInfo i;
  i.id = "supertrend";
  i.idea =
      "Buy when the Supertrend (an ATR trailing stop) turns up, sell when the close "
      "breaks it and it turns down; long only";
  i.source = "Seban; TradingView Pine ta.supertrend with TA-Lib TA_ATR";
  i.params = {{"period", ParamType::Int, Decimal::from_int(10), Decimal::from_int(1),
               Decimal::from_int(100'000), "ATR period, bars"},
              {"multiplier", ParamType::Decimal, Decimal::from_int(3), Decimal::from_scaled(1, 1),
               Decimal::from_int(100), "stop distance, ATRs"}};
  i.make = [](const StrategyParams& p) { return std::make_unique<SupertrendStrategy>(p); };
  return i;
}

SupertrendStrategy::SupertrendStrategy(const StrategyParams& params)
    : period_(params.get_int("period", 10, 1, 100'000)),
      multiplier_(params
                      .get_decimal("multiplier", Decimal::from_int(3), Decimal::from_scaled(1, 1),
                                   Decimal::from_int(100))
                      .to_double()) {}

void SupertrendStrategy::on_start(StrategyContext& ctx) {
  line_ = ctx.indicator("SUPERTREND",
                        {{"period", static_cast<double>(period_)}, {"multiplier", multiplier_}});
  last_sign_ = 0;
}

void SupertrendStrategy::on_bar(StrategyContext& ctx, const Bar&) {
  const auto direction = ctx.value(line_, std::size_t{1});
  if (!direction) return;
  const int sign = *direction > 0 ? 1 : (*direction < 0 ? -1 : 0);
  follow_sign(ctx, last_sign_, sign, "Supertrend turned up",
              "close broke the ATR stop: Supertrend turned down");
}

}  // namespace talon
