#include <fmt/format.h>

#include <talon/core/error.hpp>
#include <talon/strategy/helpers.hpp>
#include <talon/strategy/macd_trend.hpp>

#include "builtins.hpp"

namespace talon {

StrategyInfo builtin::macd_trend_info() {
  StrategyInfo i;
  i.id = "macd_trend";
  i.idea =
      "Buy when the MACD line crosses above its signal line, sell when it crosses below; "
      "long only";
  i.source = "Appel, Technical Analysis: Power Tools for Active Investors, 2005; TA-Lib TA_MACD";
  i.params = {{"fast", ParamType::Int, Decimal::from_int(12), Decimal::from_int(2),
               Decimal::from_int(100'000), "fast EMA period, bars (< slow)"},
              {"slow", ParamType::Int, Decimal::from_int(26), Decimal::from_int(2),
               Decimal::from_int(100'000), "slow EMA period, bars"},
              {"signal", ParamType::Int, Decimal::from_int(9), Decimal::from_int(1),
               Decimal::from_int(100'000), "signal-line EMA period, bars"},
              {"zero_filter", ParamType::Bool, Decimal::from_int(0), Decimal::from_int(0),
               Decimal::from_int(1), "1: buy only while the MACD line is above zero"}};
  i.make = [](const StrategyParams& p) { return std::make_unique<MacdTrend>(p); };
  return i;
}

MacdTrend::MacdTrend(const StrategyParams& params)
    : fast_(params.get_int("fast", 12, 2, 100'000)),
      slow_(params.get_int("slow", 26, 2, 100'000)),
      signal_(params.get_int("signal", 9, 1, 100'000)),
      zero_filter_(params.get_int("zero_filter", 0, 0, 1) == 1) {
  if (fast_ >= slow_) {
    throw InvalidArgument(
        fmt::format("macd_trend: need fast < slow, got fast={} slow={}", fast_, slow_));
  }
}

void MacdTrend::on_start(StrategyContext& ctx) {
  macd_ = ctx.indicator("MACD", {{"fast", static_cast<double>(fast_)},
                                 {"slow", static_cast<double>(slow_)},
                                 {"signal", static_cast<double>(signal_)}});
  last_sign_ = 0;
}

void MacdTrend::on_bar(StrategyContext& ctx, const Bar&) {
  const auto macd = ctx.value(macd_, "macd");
  const auto signal = ctx.value(macd_, "macdsignal");
  if (!macd || !signal) return;
  int sign = *macd > *signal ? 1 : (*macd < *signal ? -1 : 0);
  // The zero filter holds back a buy (not a sell): an up-cross below zero is not a cross.
  if (zero_filter_ && sign > 0 && *macd <= 0.0) sign = 0;
  follow_sign(ctx, last_sign_, sign, "MACD crossed above its signal line",
              "MACD crossed below its signal line");
}

}  // namespace talon
