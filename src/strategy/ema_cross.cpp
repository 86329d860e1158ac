#include <fmt/format.h>

#include <talon/core/error.hpp>
#include <talon/strategy/ema_cross.hpp>
#include <talon/strategy/helpers.hpp>

#include "builtins.hpp"

namespace talon {

StrategyInfo builtin::ema_cross_info() {
  StrategyInfo i;
  i.id = "ema_cross";
  i.idea =
      "Buy when the fast EMA of closes crosses above the slow EMA, sell when it crosses "
      "below; long only";
  i.source = "exponential moving-average crossover (Murphy 1999, ch. 9); TA-Lib TA_EMA";
  i.params = {{"fast", ParamType::Int, Decimal::from_int(12), Decimal::from_int(1),
               Decimal::from_int(100'000), "fast EMA period, bars (< slow)"},
              {"slow", ParamType::Int, Decimal::from_int(26), Decimal::from_int(2),
               Decimal::from_int(100'000), "slow EMA period, bars"}};
  i.make = [](const StrategyParams& p) { return std::make_unique<EmaCross>(p); };
  return i;
}

EmaCross::EmaCross(const StrategyParams& params)
    : fast_period_(params.get_int("fast", 12, 1, 100'000)),
      slow_period_(params.get_int("slow", 26, 2, 100'000)) {
  if (fast_period_ >= slow_period_) {
    throw InvalidArgument(fmt::format("ema_cross: need fast < slow, got fast={} slow={}",
                                      fast_period_, slow_period_));
  }
}

void EmaCross::on_start(StrategyContext& ctx) {
  fast_ = ctx.indicator("EMA", {{"period", static_cast<double>(fast_period_)}});
  slow_ = ctx.indicator("EMA", {{"period", static_cast<double>(slow_period_)}});
  last_sign_ = 0;
}

void EmaCross::on_bar(StrategyContext& ctx, const Bar&) {
  const auto fast = ctx.value(fast_);
  const auto slow = ctx.value(slow_);
  if (!fast || !slow) return;
  const int sign = *fast > *slow ? 1 : (*fast < *slow ? -1 : 0);
  follow_sign(ctx, last_sign_, sign, "fast EMA crossed above slow EMA",
              "fast EMA crossed below slow EMA");
}

}  // namespace talon
