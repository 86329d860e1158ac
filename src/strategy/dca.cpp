#include <cstdint>

#include <talon/strategy/dca.hpp>
#include <talon/strategy/helpers.hpp>

#include "builtins.hpp"

namespace talon {

StrategyInfo builtin::dca_info() {
  StrategyInfo i;
  i.id = "dca";
  i.idea = "Dollar-cost averaging: buy a fixed quote amount every N hours, never sell";
  i.source =
      "periodic investment plan (Graham, The Intelligent Investor, 1949: "
      "\"dollar-cost averaging\")";
  i.params = {{"amount", ParamType::Decimal, Decimal::from_int(100), Decimal::from_int(1),
               Decimal::from_int(1'000'000'000), "quote currency per buy"},
              {"every_hours", ParamType::Int, Decimal::from_int(24), Decimal::from_int(1),
               Decimal::from_int(24 * 366), "hours between buys"}};
  i.make = [](const StrategyParams& p) { return std::make_unique<Dca>(p); };
  return i;
}

Dca::Dca(const StrategyParams& params)
    : amount_(params.get_decimal("amount", Decimal::from_int(100), Decimal::from_int(1),
                                 Decimal::from_int(1'000'000'000))),
      every_ns_(params.get_int("every_hours", 24, 1, 24 * 366) * kNanosPerHour) {}

void Dca::buy(StrategyContext& ctx) {
  if (!buy_quote(ctx, amount_, "scheduled buy of " + amount_.to_string())) {
    decide_hold(ctx, [] { return std::string("scheduled buy: not enough free cash"); });
  }
}

void Dca::on_bar(StrategyContext& ctx, const Bar&) {
  if (started_) return;
  started_ = true;
  buy(ctx);
  const std::int64_t now = ctx.now().ns;
  const std::int64_t first = now > INT64_MAX - every_ns_ ? INT64_MAX : now + every_ns_;
  ctx.set_timer(Timestamp::from_ns(first), "dca", every_ns_);
}

void Dca::on_timer(StrategyContext& ctx, const Timer&) {
  buy(ctx);
}

}  // namespace talon
