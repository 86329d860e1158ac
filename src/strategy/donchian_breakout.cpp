#include <talon/strategy/donchian_breakout.hpp>
#include <talon/strategy/helpers.hpp>

#include "builtins.hpp"

namespace talon {

StrategyInfo builtin::donchian_breakout_info() {
  StrategyInfo i;
  i.id = "donchian_breakout";
  i.idea =
      "Turtle breakout: buy above the highest high of the last `entry` bars sized by ATR, "
      "sell below the lowest low of the last `exit` bars or at an ATR stop; long only";
  i.source = "Faith, Way of the Turtle, 2007 (System 1); Donchian channel; TA-Lib TA_ATR";
  i.params = {{"entry", ParamType::Int, Decimal::from_int(20), Decimal::from_int(2),
               Decimal::from_int(100'000), "breakout channel, bars"},
              {"exit", ParamType::Int, Decimal::from_int(10), Decimal::from_int(2),
               Decimal::from_int(100'000), "exit channel, bars"},
              {"atr", ParamType::Int, Decimal::from_int(20), Decimal::from_int(1),
               Decimal::from_int(100'000), "ATR period N, bars"},
              {"risk_pct", ParamType::Decimal, Decimal::from_int(1), Decimal::from_scaled(1, 2),
               Decimal::from_int(100), "cash risked per 1 N move, percent"},
              {"stop_atr", ParamType::Decimal, Decimal::from_int(2), Decimal::from_scaled(1, 1),
               Decimal::from_int(100), "stop distance below the entry close, in N"}};
  i.make = [](const StrategyParams& p) { return std::make_unique<DonchianBreakout>(p); };
  return i;
}

DonchianBreakout::DonchianBreakout(const StrategyParams& params)
    : entry_(params.get_int("entry", 20, 2, 100'000)),
      exit_(params.get_int("exit", 10, 2, 100'000)),
      atr_period_(params.get_int("atr", 20, 1, 100'000)),
      risk_pct_(params.get_decimal("risk_pct", Decimal::from_int(1), Decimal::from_scaled(1, 2),
                                   Decimal::from_int(100))),
      stop_atr_(params.get_decimal("stop_atr", Decimal::from_int(2), Decimal::from_scaled(1, 1),
                                   Decimal::from_int(100))) {}

void DonchianBreakout::on_start(StrategyContext& ctx) {
  ctx.indicators().keep(2);
  entry_channel_ = ctx.indicator("DONCHIAN", {{"period", static_cast<double>(entry_)}});
  exit_channel_ = ctx.indicator("DONCHIAN", {{"period", static_cast<double>(exit_)}});
  atr_ = ctx.indicator("ATR", {{"period", static_cast<double>(atr_period_)}});
}

void DonchianBreakout::on_bar(StrategyContext& ctx, const Bar& bar) {
  const auto high = ctx.value_ago(entry_channel_, 0, 1);  // upper of the previous bars
  const auto low = ctx.value_ago(exit_channel_, 2, 1);    // lower of the previous bars
  const auto n = ctx.value(atr_);
  if (!high || !low || !n) return;
  const double close = bar.close.to_double();
  if (!ctx.has_open_orders()) {
    if (ctx.position_quantity().is_zero() && close > *high) {
      const Decimal atr = decimal_of(*n);
      if (atr.is_positive()) {
        const Decimal risk =
            div(mul(ctx.cash(), risk_pct_, Rounding::Down), Decimal::from_int(100), Rounding::Down);
        const Decimal units = floor_to_lot(ctx.instrument(), div(risk, atr, Rounding::Down));
        const Decimal cost = mul(units, bar.close, Rounding::Up);
        const Decimal room =
            ctx.free_cash() - apply_bps(ctx.free_cash(), Decimal::from_int(100), Rounding::Up);
        stop_ = bar.close - mul(stop_atr_, atr, Rounding::HalfEven);
        const std::string why = "close " + bar.close.to_string() + " above the " +
                                std::to_string(entry_) + "-bar high " + number_text(*high) +
                                "; N = " + atr.to_string(2) + ", stop " + stop_.to_string(2);
        if (cost > room || cost < min_spend(ctx.instrument())) {
          if (buy_with_all_cash(ctx, why)) return;
        } else {
          TradeDecision d;
          d.action = DecisionAction::Buy;
          d.size = units;
          d.size_quote = cost;
          d.stop_loss = stop_;
          d.reasoning = why;
          ctx.decide(d);
          OrderRequest r;
          r.side = OrderSide::Buy;
          r.type = OrderType::Market;
          r.quantity = units;
          ctx.submit_order(r);
          return;
        }
      }
    } else if (ctx.position_quantity().is_positive() && (close < *low || bar.close < stop_)) {
      const std::string why =
          bar.close < stop_
              ? "close " + bar.close.to_string() + " below the stop " + stop_.to_string(2)
              : "close " + bar.close.to_string() + " below the " + std::to_string(exit_) +
                    "-bar low " + number_text(*low);
      if (sell_everything(ctx, why)) return;
    }
  }
  decide_hold(ctx, [&] { return "inside the channels"; });
}

}  // namespace talon
