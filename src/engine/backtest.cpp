#include <talon/core/error.hpp>
#include <talon/engine/backtest.hpp>
#include <talon/engine/clock.hpp>

namespace talon {
namespace {

// The StrategyContext of a backtest: the simulated clock and the order manager.
class BacktestContext final : public StrategyContext {
 public:
  BacktestContext(const Instrument& instrument, const SimulatedClock& clock, Portfolio& portfolio,
                  OrderManager& orders)
      : instrument_(instrument), clock_(clock), portfolio_(portfolio), orders_(orders) {}

  Timestamp now() const override { return clock_.now(); }
  const Instrument& instrument() const override { return instrument_; }
  Decimal free_cash() const override { return portfolio_.cash() - orders_.locked_cash(); }
  Decimal position_quantity() const override { return portfolio_.position_quantity(); }
  bool has_open_orders() const override { return orders_.open_order_count() != 0; }
  std::string submit_order(const OrderRequest& request) override {
    return orders_.submit(request, clock_.now());
  }
  IndicatorSet& indicators() override { return indicators_; }
  const IndicatorSet& indicators() const override { return indicators_; }

 private:
  const Instrument& instrument_;
  const SimulatedClock& clock_;
  Portfolio& portfolio_;
  OrderManager& orders_;
  IndicatorSet indicators_;
};

constexpr std::size_t kProgressEvery = 1 << 16;

}  // namespace

BacktestResult run_backtest(const BacktestConfig& config, std::span<const Bar> bars,
                            Strategy& strategy, const ProgressFn& progress) {
  if (config.equity_sample_ns < 0) {
    throw InvalidArgument("equity_sample_ns must not be negative");
  }
  if (!config.initial_cash.is_positive()) {
    throw InvalidArgument("initial cash must be positive, got " + config.initial_cash.to_string());
  }
  SimulatedClock clock;
  Portfolio portfolio(config.initial_cash);
  SimulatedVenue venue(config.instrument, config.venue);
  OrderManager orders(config.instrument, portfolio, venue);
  BacktestContext ctx(config.instrument, clock, portfolio, orders);
  ctx.indicators().set_recording(config.record_indicators);
  orders.set_update_handler([&](const Order& o) { strategy.on_order_update(ctx, o); });

  BacktestResult result;
  result.initial_cash = config.initial_cash;
  result.bars = bars.size();
  if (bars.empty()) {
    result.final_cash = result.final_equity = config.initial_cash;
    return result;
  }
  result.start = bars.front().open_time;
  result.end = bars.back().close_time;
  result.equity_curve.reserve(config.equity_sample_ns == 0 ? bars.size() + 1 : 1024);
  result.equity_curve.push_back({result.start, config.initial_cash});
  EquityTracker tracker(result.start, config.initial_cash);
  std::int64_t next_sample = result.start.ns;
  clock.advance_to(result.start);

  strategy.on_start(ctx);
  std::size_t done = 0;
  for (const Bar& bar : bars) {
    clock.advance_to(bar.open_time);
    venue.on_bar(bar);
    clock.advance_to(bar.close_time);
    deliver_bar(strategy, ctx, bar);
    const Decimal equity = portfolio.equity(bar.close);
    tracker.update(bar.close_time, equity);
    if (bar.close_time.ns >= next_sample) {
      result.equity_curve.push_back({bar.close_time, equity});
      if (config.equity_sample_ns > 0) {
        next_sample = (bar.close_time.ns / config.equity_sample_ns + 1) * config.equity_sample_ns;
      }
    }
    if (progress && ++done % kProgressEvery == 0) progress(done, bars.size());
  }
  strategy.on_stop(ctx);
  if (progress) progress(bars.size(), bars.size());

  result.final_cash = portfolio.cash();
  result.final_position = portfolio.position_quantity();
  result.final_equity = portfolio.equity(bars.back().close);
  result.total_fees = portfolio.total_fees();
  result.round_trips = portfolio.round_trips();
  result.max_drawdown = tracker.max_drawdown();
  result.longest_drawdown_ns = tracker.longest_underwater_ns();
  result.daily_equity = tracker.daily();
  result.orders = orders.take_orders();
  result.fills = orders.take_fills();
  result.order_events = orders.take_events();
  result.indicators = ctx.indicators().take_series();
  return result;
}

}  // namespace talon
