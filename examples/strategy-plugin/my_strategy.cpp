// my_strategy: buy the dip, sell the bounce — a complete talon strategy plugin.
//
// Idea: when the close is at least `dip_pct` percent below the highest close of the last
// `lookback` bars, buy with all free cash; sell everything once the close is `target_pct`
// percent above the entry close, or `max_hold` bars after the entry. One decision per action
// (HOLD on other bars when the run records them), a log line per trade.

#include <memory>
#include <string>

#include <talon/strategy/helpers.hpp>
#include <talon/strategy/plugin.hpp>

namespace {

using talon::Decimal;

class MyStrategy final : public talon::Strategy {
 public:
  explicit MyStrategy(const talon::StrategyParams& p)
      : lookback_(p.get_int("lookback", 60, 2, 10'000)),
        max_hold_(p.get_int("max_hold", 120, 1, 1'000'000)),
        dip_pct_(p.get_decimal("dip_pct", Decimal::parse("0.5"), Decimal::parse("0.01"),
                               Decimal::from_int(50))),
        target_pct_(p.get_decimal("target_pct", Decimal::parse("0.3"), Decimal::parse("0.01"),
                                  Decimal::from_int(100))) {}

  void on_start(talon::StrategyContext& ctx) override {
    ctx.keep_bars(static_cast<std::size_t>(lookback_));
  }

  void on_bar(talon::StrategyContext& ctx, const talon::Bar& bar) override {
    if (ctx.has_open_orders()) return;
    if (ctx.position_quantity().is_positive()) {
      ++held_;
      const Decimal target =
          entry_ + talon::div(talon::mul(entry_, target_pct_, talon::Rounding::HalfEven),
                              Decimal::from_int(100), talon::Rounding::HalfEven);
      if (bar.close >= target || held_ >= max_hold_) {
        const std::string why =
            bar.close >= target ? "bounce reached the target" : "held for max_hold bars";
        if (talon::sell_everything(ctx, why)) ctx.log(talon::LogLevel::Info, "sell: " + why);
      }
      return;
    }
    const talon::Bar* oldest = ctx.bars_ago(lookback_ - 1);
    if (oldest == nullptr) return;  // not `lookback` bars yet
    Decimal high = bar.close;
    for (std::int64_t k = 1; k < lookback_; ++k) {
      const talon::Bar* b = ctx.bars_ago(k);
      if (b->close > high) high = b->close;
    }
    const Decimal floor = high - talon::div(talon::mul(high, dip_pct_, talon::Rounding::HalfEven),
                                            Decimal::from_int(100), talon::Rounding::HalfEven);
    if (bar.close <= floor &&
        talon::buy_with_all_cash(ctx, "close " + bar.close.to_string() + " is " +
                                          dip_pct_.to_string() + " % below the high " +
                                          high.to_string())) {
      entry_ = bar.close;
      held_ = 0;
      ctx.log(talon::LogLevel::Info, "buy the dip at " + bar.close.to_string());
      return;
    }
    talon::decide_hold(ctx, [] { return std::string("no dip"); });
  }

 private:
  std::int64_t lookback_, max_hold_;
  Decimal dip_pct_, target_pct_;
  Decimal entry_;
  std::int64_t held_ = 0;
};

}  // namespace

TALON_STRATEGY_PLUGIN(registry) {
  talon::StrategyInfo info;
  info.id = "my_strategy";
  info.idea = "Buy a dip of dip_pct % below the recent high, sell a bounce of target_pct %";
  info.source = "examples/strategy-plugin (a tutorial strategy)";
  info.params = {
      {"lookback", talon::ParamType::Int, Decimal::from_int(60), Decimal::from_int(2),
       Decimal::from_int(10'000), "bars whose highest close is the reference"},
      {"dip_pct", talon::ParamType::Decimal, Decimal::parse("0.5"), Decimal::parse("0.01"),
       Decimal::from_int(50), "dip below the reference that buys, percent"},
      {"target_pct", talon::ParamType::Decimal, Decimal::parse("0.3"), Decimal::parse("0.01"),
       Decimal::from_int(100), "gain over the entry close that sells, percent"},
      {"max_hold", talon::ParamType::Int, Decimal::from_int(120), Decimal::from_int(1),
       Decimal::from_int(1'000'000), "bars after which a position is sold anyway"}};
  info.make = [](const talon::StrategyParams& p) { return std::make_unique<MyStrategy>(p); };
  registry.add(std::move(info));
}
