#include <talon/strategy/bollinger.hpp>
#include <talon/strategy/helpers.hpp>

#include "builtins.hpp"

namespace talon {

namespace {
std::vector<ParamSpec> bollinger_params() {
  return {{"period", ParamType::Int, Decimal::from_int(20), Decimal::from_int(2),
           Decimal::from_int(100'000), "SMA and deviation window, bars"},
          {"k", ParamType::Decimal, Decimal::from_int(2), Decimal::from_scaled(1, 1),
           Decimal::from_int(10), "band width, standard deviations"}};
}
}  // namespace

StrategyInfo builtin::bollinger_breakout_info() {
  StrategyInfo i;
  i.id = "bollinger_breakout";
  i.idea =
      "Buy when the close breaks above the upper Bollinger Band, sell when it falls "
      "below the middle band; long only";
  i.source = "Bollinger, Bollinger on Bollinger Bands, 2001; TA-Lib TA_BBANDS";
  i.params = bollinger_params();
  i.make = [](const StrategyParams& p) {
    return std::make_unique<BollingerStrategy>(BollingerStrategy::Mode::Breakout, p);
  };
  return i;
}

StrategyInfo builtin::bollinger_reversion_info() {
  StrategyInfo i;
  i.id = "bollinger_reversion";
  i.idea =
      "Buy when the close drops below the lower Bollinger Band, sell when it is back "
      "above the middle band; long only";
  i.source = "Bollinger, Bollinger on Bollinger Bands, 2001; TA-Lib TA_BBANDS";
  i.params = bollinger_params();
  i.make = [](const StrategyParams& p) {
    return std::make_unique<BollingerStrategy>(BollingerStrategy::Mode::Reversion, p);
  };
  return i;
}

BollingerStrategy::BollingerStrategy(Mode mode, const StrategyParams& params)
    : mode_(mode),
      period_(params.get_int("period", 20, 2, 100'000)),
      k_(params
             .get_decimal("k", Decimal::from_int(2), Decimal::from_scaled(1, 1),
                          Decimal::from_int(10))
             .to_double()) {}

void BollingerStrategy::on_start(StrategyContext& ctx) {
  bands_ = ctx.indicator(
      "BBANDS", {{"period", static_cast<double>(period_)}, {"nbdevup", k_}, {"nbdevdn", k_}});
}

void BollingerStrategy::on_bar(StrategyContext& ctx, const Bar& bar) {
  const auto upper = ctx.value(bands_, std::size_t{0});
  const auto middle = ctx.value(bands_, std::size_t{1});
  const auto lower = ctx.value(bands_, std::size_t{2});
  if (!upper || !middle || !lower) return;
  const double close = bar.close.to_double();
  if (!ctx.has_open_orders()) {
    const bool flat = ctx.position_quantity().is_zero();
    const bool held = ctx.position_quantity().is_positive();
    if (mode_ == Mode::Breakout) {
      if (flat && close > *upper &&
          buy_with_all_cash(ctx, "close " + bar.close.to_string() + " above the upper band " +
                                     number_text(*upper))) {
        return;
      }
      if (held && close < *middle &&
          sell_everything(ctx, "close " + bar.close.to_string() + " below the middle band " +
                                   number_text(*middle))) {
        return;
      }
    } else {
      if (flat && close < *lower &&
          buy_with_all_cash(ctx, "close " + bar.close.to_string() + " below the lower band " +
                                     number_text(*lower))) {
        return;
      }
      if (held && close > *middle &&
          sell_everything(ctx, "close " + bar.close.to_string() + " back above the middle band " +
                                   number_text(*middle))) {
        return;
      }
    }
  }
  decide_hold(ctx, [&] {
    return "close " + bar.close.to_string() + " inside the bands [" + number_text(*lower) + ", " +
           number_text(*upper) + "]";
  });
}

}  // namespace talon
