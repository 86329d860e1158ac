#include <talon/core/error.hpp>
#include <talon/engine/backtest.hpp>
#include <talon/engine/clock.hpp>
#include <talon/engine/kernel.hpp>

namespace talon {
namespace {

// Marks the spot portfolio at every bar's close: the drawdown tracker sees every bar, the
// recorded curve every `sample_ns`.
class EquityRecorder final : public KernelListener {
 public:
  EquityRecorder(const Portfolio& portfolio, BacktestResult& result, EquityTracker& tracker,
                 std::int64_t sample_ns)
      : portfolio_(portfolio),
        result_(result),
        tracker_(tracker),
        sample_ns_(sample_ns),
        next_sample_(result.start.ns) {}

  void on_bar_closed(std::size_t, const Bar& bar) override {
    const Decimal equity = portfolio_.equity(bar.close);
    tracker_.update(bar.close_time, equity);
    if (bar.close_time.ns >= next_sample_) {
      result_.equity_curve.push_back({bar.close_time, equity});
      if (sample_ns_ > 0) next_sample_ = (bar.close_time.ns / sample_ns_ + 1) * sample_ns_;
    }
  }

 private:
  const Portfolio& portfolio_;
  BacktestResult& result_;
  EquityTracker& tracker_;
  std::int64_t sample_ns_;
  std::int64_t next_sample_;
};

}  // namespace

BacktestResult run_backtest(const BacktestConfig& config, std::span<const Bar> bars,
                            Strategy& strategy, const ProgressFn& progress) {
  if (config.equity_sample_ns < 0) {
    throw InvalidArgument("equity_sample_ns must not be negative");
  }
  if (!config.initial_cash.is_positive()) {
    throw InvalidArgument("initial cash must be positive, got " + config.initial_cash.to_string());
  }
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

  SimulatedClock clock;
  Portfolio portfolio(config.initial_cash);
  SimulatedVenue venue(config.instrument, config.venue);
  Kernel kernel(clock);
  const std::size_t lane = kernel.add_instrument(config.instrument, venue, portfolio, &strategy);
  kernel.set_record_indicators(config.record_indicators);
  kernel.add_source(
      std::make_unique<SpanSource<Bar>>(bars, config.instrument.id(), "bars of the backtest"));
  EquityTracker tracker(result.start, config.initial_cash);
  EquityRecorder recorder(portfolio, result, tracker, config.equity_sample_ns);
  kernel.set_listener(&recorder);
  kernel.run([&progress](std::size_t done, std::size_t total) {
    if (progress) progress(done, total);
  });

  OrderManager& orders = kernel.orders(lane);
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
  result.indicators = kernel.context(lane).indicators().take_series();
  return result;
}

}  // namespace talon
