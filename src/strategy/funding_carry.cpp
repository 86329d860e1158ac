#include <fmt/format.h>

#include <talon/core/error.hpp>
#include <talon/strategy/funding_carry.hpp>
#include <talon/strategy/helpers.hpp>

#include "builtins.hpp"

namespace talon {

StrategyInfo builtin::funding_carry_info() {
  StrategyInfo i;
  i.id = "funding_carry";
  i.idea =
      "Perpetuals: go short when a funding settlement pays shorts at least enter_bps, "
      "close when the rate falls to exit_bps";
  i.source =
      "Binance USDⓈ-M funding; He, Manela, Ross & von Wachter, Fundamentals of "
      "Perpetual Futures, 2022";
  i.params = {{"enter_bps", ParamType::Decimal, Decimal::from_int(1), Decimal::from_int(-100),
               Decimal::from_int(100), "funding rate that opens the short, basis points"},
              {"exit_bps", ParamType::Decimal, Decimal::from_int(0), Decimal::from_int(-100),
               Decimal::from_int(100), "funding rate that closes it, basis points (<= enter)"}};
  i.make = [](const StrategyParams& p) { return std::make_unique<FundingCarry>(p); };
  return i;
}

FundingCarry::FundingCarry(const StrategyParams& params)
    : enter_(div(params.get_decimal("enter_bps", Decimal::from_int(1), Decimal::from_int(-100),
                                    Decimal::from_int(100)),
                 Decimal::from_int(10'000), Rounding::HalfEven)),
      exit_(div(params.get_decimal("exit_bps", Decimal::from_int(0), Decimal::from_int(-100),
                                   Decimal::from_int(100)),
                Decimal::from_int(10'000), Rounding::HalfEven)) {
  if (exit_ > enter_) {
    throw InvalidArgument(fmt::format("funding_carry: need exit_bps <= enter_bps, got {} > {}",
                                      exit_.to_string(), enter_.to_string()));
  }
}

void FundingCarry::on_start(StrategyContext& ctx) {
  if (ctx.instrument().asset_type != AssetType::Perpetual) {
    throw InvalidArgument(fmt::format("funding_carry: {} is not a perpetual (use --market usdm)",
                                      ctx.instrument().symbol));
  }
}

void FundingCarry::on_bar(StrategyContext&, const Bar&) {}

void FundingCarry::on_funding(StrategyContext& ctx, const FundingRate& funding) {
  const Decimal pos = ctx.position_quantity();
  const std::string rate = funding.rate.to_string();
  if (!ctx.has_open_orders()) {
    if (pos.is_zero() && funding.rate >= enter_) {
      const Decimal budget = ctx.free_cash();
      if (budget.is_positive()) {
        TradeDecision d;
        d.action = DecisionAction::OpenShort;
        d.size_quote = budget;
        d.reasoning = "funding " + rate + " pays shorts (>= " + enter_.to_string() + ")";
        d.predicted_roi = funding.rate;
        ctx.decide(d);
        OrderRequest r;
        r.side = OrderSide::Sell;
        r.type = OrderType::Market;
        r.quote_quantity = budget;
        ctx.submit_order(r);
        return;
      }
    } else if (pos.is_negative() && funding.rate <= exit_) {
      TradeDecision d;
      d.action = DecisionAction::ClosePosition;
      d.size = pos.abs();
      d.reasoning = "funding " + rate + " fell to the exit level " + exit_.to_string();
      ctx.decide(d);
      OrderRequest r;
      r.side = OrderSide::Buy;
      r.type = OrderType::Market;
      r.quantity = pos.abs();
      r.reduce_only = true;
      ctx.submit_order(r);
      return;
    }
  }
  decide_hold(ctx, [&] { return "funding " + rate + ": no change"; });
}

}  // namespace talon
