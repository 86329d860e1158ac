#include <fmt/format.h>

#include <talon/core/error.hpp>
#include <talon/strategy/rsi_reversion.hpp>

namespace talon {

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
  if (!previous || ctx.has_open_orders()) return;

  if (*previous < lower_ && lower_ <= *rsi && ctx.position_quantity().is_zero()) {
    OrderRequest buy;
    buy.side = OrderSide::Buy;
    buy.type = OrderType::Market;
    buy.quote_quantity = ctx.free_cash();
    if (buy.quote_quantity.is_positive()) ctx.submit_order(buy);
  } else if (*previous > upper_ && upper_ >= *rsi && ctx.position_quantity().is_positive()) {
    OrderRequest sell;
    sell.side = OrderSide::Sell;
    sell.type = OrderType::Market;
    sell.quantity = ctx.position_quantity();
    ctx.submit_order(sell);
  }
}

}  // namespace talon
