#include <fmt/format.h>

#include <talon/core/error.hpp>
#include <talon/strategy/helpers.hpp>
#include <talon/strategy/rsi_reversion.hpp>

#include "builtins.hpp"

namespace talon {

StrategyInfo builtin::rsi_reversion_info() {
  StrategyInfo i;
  i.id = "rsi_reversion";
  i.idea =
      "Buy when the RSI leaves oversold (crosses up through lower), sell when it leaves "
      "overbought (crosses down through upper); long only";
  i.source = "Wilder, New Concepts in Technical Trading Systems, 1978; TA-Lib TA_RSI";
  i.params = {
      {"period", ParamType::Int, Decimal::from_int(14), Decimal::from_int(2),
       Decimal::from_int(100'000), "RSI period, bars"},
      {"lower", ParamType::Decimal, Decimal::from_int(30), Decimal::from_scaled(1, 2),
       Decimal::from_scaled(9999, 2), "oversold level, RSI points (< upper)"},
      {"upper", ParamType::Decimal, Decimal::from_int(70), Decimal::from_scaled(1, 2),
       Decimal::from_scaled(9999, 2), "overbought level, RSI points"},
  };
  i.make = [](const StrategyParams& p) { return std::make_unique<RsiReversion>(p); };
  return i;
}

RsiReversion::RsiReversion(std::int64_t period, std::int64_t lower, std::int64_t upper)
    : RsiReversion(period, Decimal::from_int(lower), Decimal::from_int(upper)) {}

RsiReversion::RsiReversion(std::int64_t period, Decimal lower, Decimal upper)
    : period_(period), lower_(lower.to_double()), upper_(upper.to_double()) {
  if (period < 2 || period > 100'000) {
    throw InvalidArgument(fmt::format("rsi_reversion: period {} is outside [2, 100000]", period));
  }
  if (!lower.is_positive() || upper >= Decimal::from_int(100) || lower >= upper) {
    throw InvalidArgument(
        fmt::format("rsi_reversion: need 0 < lower < upper < 100, got lower={} upper={}",
                    lower.to_string(), upper.to_string()));
  }
}

RsiReversion::RsiReversion(const StrategyParams& params)
    : RsiReversion(params.get_int("period", 14, 2, 100'000),
                   params.get_decimal("lower", Decimal::from_int(30), Decimal::from_scaled(1, 2),
                                      Decimal::from_scaled(9999, 2)),
                   params.get_decimal("upper", Decimal::from_int(70), Decimal::from_scaled(1, 2),
                                      Decimal::from_scaled(9999, 2))) {
  params.check_known({"period", "lower", "upper"}, "rsi_reversion");
}

void RsiReversion::on_start(StrategyContext& ctx) {
  rsi_ = ctx.indicator("RSI", {{"period", static_cast<double>(period_)}});
  previous_.reset();
}

void RsiReversion::on_bar(StrategyContext& ctx, const Bar& bar) {
  (void)bar;
  const std::optional<double> rsi = ctx.value(rsi_);
  if (!rsi) return;
  const std::optional<double> previous = previous_;
  previous_ = rsi;
  if (!previous) return;
  if (ctx.has_open_orders()) {
    return decide_hold(ctx, [] { return std::string("an order is still open"); });
  }

  if (*previous < lower_ && lower_ <= *rsi && ctx.position_quantity().is_zero()) {
    OrderRequest buy;
    buy.side = OrderSide::Buy;
    buy.type = OrderType::Market;
    buy.quote_quantity = ctx.free_cash();
    if (buy.quote_quantity.is_positive()) {
      TradeDecision d;
      d.action = DecisionAction::Buy;
      d.size_quote = buy.quote_quantity;
      d.reasoning = "RSI " + number_text(*rsi) + " left oversold (" + number_text(*previous) +
                    " < " + number_text(lower_) + ")";
      ctx.decide(d);
      ctx.submit_order(buy);
      return;
    }
  } else if (*previous > upper_ && upper_ >= *rsi && ctx.position_quantity().is_positive()) {
    TradeDecision d;
    d.action = DecisionAction::Sell;
    d.size = ctx.position_quantity();
    d.reasoning = "RSI " + number_text(*rsi) + " left overbought (" + number_text(*previous) +
                  " > " + number_text(upper_) + ")";
    ctx.decide(d);
    OrderRequest sell;
    sell.side = OrderSide::Sell;
    sell.type = OrderType::Market;
    sell.quantity = ctx.position_quantity();
    ctx.submit_order(sell);
    return;
  }
  decide_hold(ctx, [&] { return "RSI " + number_text(*rsi) + ", no crossing"; });
}

}  // namespace talon
