#include <fmt/format.h>

#include <optional>

#include <talon/core/error.hpp>
#include <talon/engine/backtest.hpp>
#include <talon/engine/clock.hpp>
#include <talon/engine/kernel.hpp>

namespace talon {
namespace {

// Equity at every bar's close: the drawdown tracker sees every bar, the recorded curve (the
// journal's, or the result's without one) every `sample_ns`.
class EquitySampler {
 public:
  EquitySampler(BacktestResult& result, Journal* journal, std::int64_t sample_ns, Decimal initial)
      : result_(result), journal_(journal), sample_ns_(sample_ns), initial_(initial) {}

  /// The first bar opened at `at`: the curve starts there at the initial capital.
  void start(Timestamp at) {
    if (!tracker_) begin(at);  // once; out of line, so the call a bar stays a test
  }
  EquityTracker* tracker() { return tracker_ ? &*tracker_ : nullptr; }

  void record(Timestamp at, Decimal equity) {
    tracker_->update(at, equity);
    if (at.ns >= next_) keep_sample(at, equity);
  }

 private:
  [[gnu::noinline]] void begin(Timestamp at) {
    tracker_.emplace(at, initial_);
    result_.start = at;
    keep({at, initial_});
    next_ = at.ns;
  }
  [[gnu::noinline]] void keep_sample(Timestamp at, Decimal equity) {
    keep({at, equity});
    if (sample_ns_ > 0) next_ = (at.ns / sample_ns_ + 1) * sample_ns_;
  }
  void keep(const EquityPoint& p) {
    if (journal_ != nullptr) {
      journal_->on_equity(p);
    } else {
      result_.equity_curve.push_back(p);
    }
  }

  BacktestResult& result_;
  Journal* journal_;
  std::optional<EquityTracker> tracker_;
  std::int64_t sample_ns_;
  Decimal initial_;
  std::int64_t next_ = 0;
};

// The caller's journal behind a counter: the result keeps the tally of orders and fills that
// went to the journal, and the books learn whether anything was journaled since their last
// checkpoint (most bars journal nothing, and then build no position list).
class TallyJournal final : public Journal {
 public:
  TallyJournal(Journal& inner, OrderTally& tally) : inner_(inner), tally_(tally) {}
  void on_order_event(const OrderEvent& e) override {
    dirty_ = true;
    inner_.on_order_event(e);
  }
  void on_fill(const Fill& f) override {
    dirty_ = true;
    ++tally_.fills;
    inner_.on_fill(f);
  }
  void on_order(const Order& o) override {
    dirty_ = true;
    tally_order(tally_, o);
    inner_.on_order(o);
  }
  void on_round_trip(const RoundTrip& t) override { inner_.on_round_trip(t); }
  void on_position(const Position& p) override { inner_.on_position(p); }
  void on_equity(const EquityPoint& p) override { inner_.on_equity(p); }
  void on_funding(const FundingPayment& f) override { inner_.on_funding(f); }
  void checkpoint(std::span<const Position> open) override {
    dirty_ = false;
    inner_.checkpoint(open);
  }
  bool dirty() const noexcept { return dirty_; }

 private:
  Journal& inner_;
  OrderTally& tally_;
  bool dirty_ = false;
};

// What every run notes about its bars: the first open, the last close, how many.
void note_bar_closed(BacktestResult& r, const Bar& bar) {
  r.end = bar.close_time;
  r.last_price = bar.close;
  ++r.bars;
}

// The risk stage's view of each bar's close equity: on the bar that breaches a halting limit
// it cancels the lane's open orders (and closes the position when the stage says so); the
// stage itself refuses every later order.
class RiskWatch {
 public:
  RiskWatch(RiskStage& stage, Kernel& kernel, std::size_t lane, bool futures,
            BacktestResult& result)
      : stage_(stage), kernel_(kernel), lane_(lane), futures_(futures), result_(result) {}
  void on_close(const Bar& bar, Decimal equity) {
    std::optional<RiskBreach> breach =
        stage_.on_close_equity(bar.open_time, bar.close_time, equity);
    if (!breach) return;
    result_.risk_breach = std::move(breach);
    StrategyContext& context = kernel_.context(lane_);
    context.cancel_all_orders();
    if (!stage_.close_on_breach()) return;
    const Decimal held = context.position(PositionSide::Both);
    if (held.is_zero()) return;
    OrderRequest close;
    close.type = OrderType::Market;
    close.side = held.is_positive() ? OrderSide::Sell : OrderSide::Buy;
    close.quantity = held.abs();
    close.reduce_only = futures_;  // spot has no reduce-only orders: selling what is held
    // The close is the risk stage's own order, not the strategy's: it bypasses the stage,
    // which refuses everything from the breach on.
    kernel_.set_risk(nullptr);
    context.submit_order(close);
    kernel_.set_risk(&stage_);
  }

 private:
  RiskStage& stage_;
  Kernel& kernel_;
  std::size_t lane_;
  bool futures_;
  BacktestResult& result_;
};

class SpotBooks final : public KernelListener {
 public:
  SpotBooks(const Portfolio& portfolio, EquitySampler& sampler, BacktestResult& result,
            TallyJournal* journal)
      : portfolio_(portfolio), sampler_(sampler), result_(result), journal_(journal) {}
  void set_watch(RiskWatch* watch) noexcept { watch_ = watch; }
  void on_bar_opened(std::size_t, const Bar& bar) override { sampler_.start(bar.open_time); }
  void on_bar_closed(std::size_t, const Bar& bar) override {
    note_bar_closed(result_, bar);
    const Decimal equity = portfolio_.equity(bar.close);
    sampler_.record(bar.close_time, equity);
    if (watch_ != nullptr) watch_->on_close(bar, equity);
    if (journal_ == nullptr) return;
    const auto& trips = portfolio_.round_trips();
    for (; journaled_ < trips.size(); ++journaled_) journal_->on_round_trip(trips[journaled_]);
    if (!journal_->dirty()) return;
    const std::optional<Position> open = portfolio_.open_position(bar.close, bar.close_time);
    journal_->checkpoint(open ? std::span<const Position>(&*open, 1) : std::span<const Position>{});
  }

 private:
  const Portfolio& portfolio_;
  EquitySampler& sampler_;
  BacktestResult& result_;
  TallyJournal* journal_;
  RiskWatch* watch_ = nullptr;
  std::size_t journaled_ = 0;  ///< round trips handed to the journal
};

// Calls f(position) for each open position of the account (BOTH, LONG, SHORT).
template <class F>
void for_each_open(const FuturesAccount& account, F&& f) {
  for (PositionSide side : {PositionSide::Both, PositionSide::Long, PositionSide::Short}) {
    if (const Position* p = account.open_position(side)) f(*p);
  }
}

// Wallet + unrealized PnL of every open position at its last mark.
Decimal futures_equity(const FuturesAccount& account) {
  Decimal equity = account.wallet_balance();
  for_each_open(account, [&](const Position& p) { equity += p.unrealized_pnl; });
  return equity;
}

Decimal open_notional(const FuturesAccount& account, Decimal price) {
  Decimal notional;
  for_each_open(account, [&](const Position& p) {
    notional += mul(p.quantity.abs(), price, Rounding::HalfUp);
  });
  return notional;
}

// The futures account between events: marks at each close, pays funding at the mark, counts
// liquidations.
class FuturesBooks final : public KernelListener {
 public:
  FuturesBooks(FuturesAccount& account, EquitySampler& sampler, BacktestResult& result,
               TallyJournal* journal)
      : account_(account), sampler_(sampler), result_(result), journal_(journal) {}

  void on_bar_opened(std::size_t, const Bar& bar) override {
    sampler_.start(bar.open_time);
    in_data_ = true;
    bar_open_ = bar.open;
    bar_from_ = bar.open_time;
    bar_to_ = bar.close_time;
  }
  void on_mark_price(std::size_t, const MarkPrice& mark) override { mark_ = mark.price; }
  void on_funding(std::size_t, const FundingRate& f) override {
    // Paid only inside the data: a time in a gap or outside the bars has no price here.
    if (!in_data_ || f.at < bar_from_ || f.at > bar_to_) return;
    const Decimal price = mark_.is_positive() ? mark_ : bar_open_;
    bool open = false;
    for_each_open(account_, [&](const Position&) { open = true; });
    if (!open) return;
    const Decimal amount = account_.apply_funding(f.rate, price, f.at);
    result_.total_funding += amount;
    ++result_.funding_payments;
    if (journal_ != nullptr) journal_->on_funding({f.instrument, f.at, f.rate, price, amount});
  }
  void on_report(std::size_t, const ExecutionReport& report) override {
    if (std::holds_alternative<PositionLiquidated>(report)) ++result_.liquidations;
    if (const auto* fill = std::get_if<OrderFilled>(&report)) total_fees_ += fill->fill.fee;
  }
  void on_bar_closed(std::size_t, const Bar& bar) override {
    note_bar_closed(result_, bar);
    account_.mark(bar.close, bar.close_time);
    const Decimal equity = futures_equity(account_);
    sampler_.record(bar.close_time, equity);
    if (watch_ != nullptr) watch_->on_close(bar, equity);
    if (equity.is_positive()) {
      const Decimal used = div(open_notional(account_, bar.close), equity, Rounding::HalfEven);
      if (used > max_used_) max_used_ = used;
    }
    if (journal_ != nullptr) journal_positions();
  }
  void set_watch(RiskWatch* watch) noexcept { watch_ = watch; }
  Decimal max_leverage_used() const { return round_to_places(max_used_, 4, Rounding::HalfEven); }
  /// Trading fees of every fill, quote currency.
  Decimal total_fees() const { return total_fees_; }

 private:
  // Closed and liquidated positions go to the journal once; the open ones name themselves in
  // the checkpoint. In hedge mode positions close out of order: `first_open_` skips the
  // prefix that is finished, `journaled_` marks the rest.
  void journal_positions() {
    const std::vector<Position>& all = account_.positions();
    journaled_.resize(all.size());
    for (std::size_t i = first_open_; i < all.size(); ++i) {
      if (all[i].status == PositionStatus::Open || journaled_[i]) continue;
      journal_->on_position(all[i]);
      journaled_[i] = true;
    }
    while (first_open_ < all.size() && journaled_[first_open_]) ++first_open_;
    if (!journal_->dirty()) return;
    open_.clear();
    for_each_open(account_, [&](const Position& p) { open_.push_back(p); });
    journal_->checkpoint(open_);
  }

  FuturesAccount& account_;
  EquitySampler& sampler_;
  BacktestResult& result_;
  TallyJournal* journal_;
  RiskWatch* watch_ = nullptr;
  bool in_data_ = false;  ///< a bar has opened: funding before the first bar is not paid
  Decimal bar_open_;
  Timestamp bar_from_;
  Timestamp bar_to_;
  Decimal mark_;
  Decimal max_used_;
  Decimal total_fees_;
  std::size_t first_open_ = 0;   ///< positions before it are finished and journaled
  std::vector<bool> journaled_;  ///< per position: handed to the journal already
  std::vector<Position> open_;
};

// One closed position as the round trip analytics counts: pnl net of fees and funding.
RoundTrip round_trip_of(const Position& p) {
  RoundTrip t;
  t.entry_time = p.opened_at;
  t.exit_time = p.closed_at;
  t.quantity = p.peak_quantity.abs();
  t.entry_notional = mul(p.entry_price, t.quantity, Rounding::HalfUp);
  t.exit_notional = p.exit_notional;
  t.fees = p.fees;
  t.pnl = p.realized_pnl - p.fees + p.funding;
  return t;
}

void check_config(const BacktestConfig& config) {
  if (config.equity_sample_ns < 0) {
    throw InvalidArgument("equity_sample_ns must not be negative");
  }
  if (!config.initial_cash.is_positive()) {
    throw InvalidArgument("initial cash must be positive, got " + config.initial_cash.to_string());
  }
  if (config.market == Market::UsdM && config.instrument.asset_type != AssetType::Perpetual) {
    throw InvalidArgument(fmt::format("{} is not a perpetual: USDⓈ-M needs a perpetual's rules",
                                      config.instrument.symbol));
  }
  if (config.market == Market::Spot && (!config.funding.empty() || !config.marks.empty())) {
    throw InvalidArgument("funding and mark prices apply to USDⓈ-M perpetuals only");
  }
}

}  // namespace

BacktestResult run_backtest(const BacktestConfig& config, std::span<const Bar> bars,
                            Strategy& strategy, const ProgressFn& progress, Journal* journal) {
  return run_backtest(
      config,
      std::make_unique<SpanSource<Bar>>(bars, config.instrument.id(), "bars of the backtest"),
      strategy, progress, journal);
}

BacktestResult run_backtest(const BacktestConfig& config, std::unique_ptr<DataSource> bars,
                            Strategy& strategy, const ProgressFn& progress, Journal* journal) {
  check_config(config);
  BacktestResult result;
  result.market = config.market;
  result.initial_cash = config.initial_cash;
  std::optional<TallyJournal> tally;
  if (journal != nullptr) tally.emplace(*journal, result.tally);
  TallyJournal* tj = tally ? &*tally : nullptr;
  if (tj == nullptr && config.equity_sample_ns == 0 && bars->size_hint() != 0) {
    result.equity_curve.reserve(bars->size_hint() + 1);
  }
  EquitySampler sampler(result, tj, config.equity_sample_ns, config.initial_cash);

  const bool futures = config.market == Market::UsdM;
  SimulatedVenueConfig venue_config = config.venue;
  if (futures) venue_config.leverage = config.futures.leverage;
  SimulatedClock clock;
  Portfolio portfolio(config.initial_cash);
  std::unique_ptr<FuturesAccount> account;
  if (futures) {
    account = std::make_unique<FuturesAccount>(config.instrument.symbol, config.initial_cash,
                                               config.futures);
  }
  SimulatedVenue venue(config.instrument, venue_config);
  if (futures) venue.set_liquidation_source(account.get());
  Kernel kernel(clock);
  const std::size_t lane = kernel.add_instrument(
      config.instrument, venue, futures ? static_cast<Account&>(*account) : portfolio, &strategy);
  kernel.set_record_indicators(config.record_indicators);
  OrderManager& orders = kernel.orders(lane);
  orders.set_journal(tj);
  kernel.set_decisions(config.decisions, config.decision_recording);
  if (config.state != nullptr) kernel.restore_state(lane, *config.state);
  const InstrumentId id = config.instrument.id();
  kernel.add_source(std::move(bars));
  if (futures) {
    // Marks before funding: a mark and a funding time at the same instant value it at that mark.
    kernel.add_source(std::make_unique<SpanSource<MarkPrice>>(config.marks, id, "mark prices"));
    kernel.add_source(std::make_unique<SpanSource<FundingRate>>(config.funding, id, "funding"));
  }
  SpotBooks spot(portfolio, sampler, result, tj);
  std::unique_ptr<FuturesBooks> books;
  if (futures) books = std::make_unique<FuturesBooks>(*account, sampler, result, tj);
  kernel.set_listener(futures ? static_cast<KernelListener*>(books.get()) : &spot);
  std::optional<RiskWatch> watch;
  if (config.risk != nullptr) {
    kernel.set_risk(config.risk);
    config.risk->on_start(Timestamp{}, config.initial_cash);
    watch.emplace(*config.risk, kernel, lane, futures, result);
    spot.set_watch(&*watch);
    if (books) books->set_watch(&*watch);
  }
  kernel.run(progress);
  if (config.state != nullptr) *config.state = kernel.state(lane);

  if (result.bars == 0) {
    result.final_cash = result.final_equity = config.initial_cash;
    return result;
  }
  if (futures) {
    result.final_cash = account->wallet_balance();
    result.final_position = account->position(PositionSide::Both);
    result.final_equity = futures_equity(*account);
    result.positions = account->positions();
    for (const Position& p : result.positions) {
      if (p.status != PositionStatus::Open) result.round_trips.push_back(round_trip_of(p));
    }
    result.total_fees = books->total_fees();
    result.max_leverage_used = books->max_leverage_used();
  } else {
    result.final_cash = portfolio.cash();
    result.final_position = portfolio.position_quantity();
    result.final_equity = portfolio.equity(result.last_price);
    result.total_fees = portfolio.total_fees();
    result.round_trips = portfolio.round_trips();
    if (auto open = portfolio.open_position(result.last_price, result.end)) {
      result.positions.push_back(*open);
    }
  }
  const EquityTracker& tracker = *sampler.tracker();
  result.max_drawdown = tracker.max_drawdown();
  result.longest_drawdown_ns = tracker.longest_underwater_ns();
  result.daily_equity = tracker.daily();
  if (tj != nullptr) {
    orders.journal_open_orders();
    for (const Position& p : result.positions) {
      if (p.status == PositionStatus::Open) tj->on_position(p);
    }
  } else {
    result.orders = orders.take_orders();
    result.fills = orders.take_fills();
    result.order_events = orders.take_events();
    result.tally.fills = result.fills.size();
    for (const Order& o : result.orders) tally_order(result.tally, o);
  }
  result.indicators = kernel.context(lane).indicators().take_series();
  return result;
}

}  // namespace talon
