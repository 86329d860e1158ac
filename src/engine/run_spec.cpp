#include <fmt/format.h>

#include <algorithm>
#include <set>

#include <talon/core/error.hpp>
#include <talon/data/binance_depth_csv.hpp>
#include <talon/data/binance_files.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/data/resample.hpp>
#include <talon/engine/clock.hpp>
#include <talon/engine/kernel.hpp>
#include <talon/engine/run_spec.hpp>
#include <talon/strategy/registry.hpp>

namespace talon {

std::string_view to_string(FillMode mode) noexcept {
  switch (mode) {
    case FillMode::Bar: return "bar";
    case FillMode::Tick: return "tick";
    case FillMode::Book: return "book";
  }
  return "bar";
}

FillMode parse_fill_mode(std::string_view text) {
  if (text == "bar") return FillMode::Bar;
  if (text == "tick") return FillMode::Tick;
  if (text == "book") return FillMode::Book;
  throw InvalidArgument(fmt::format("fill mode '{}': expected bar, tick or book", text));
}

namespace {

// The capture layout has a header naming trade_id; Binance's public-data files have none
// (spot) or a different one (um).
std::vector<TradeTick> read_trades(const std::string& path) {
  const std::string text = load_verified_text(path);
  if (text.starts_with("trade_id,")) return parse_trades_csv(text, path);
  return parse_binance_trades(text, path);
}

void check_needs(const InstrumentSpec& in) {
  const std::string& s = in.instrument.symbol;
  switch (in.fill) {
    case FillMode::Bar:
      if (in.bars_file.empty()) throw InvalidArgument(s + ": bar mode needs a bars file");
      if (!in.trades_file.empty() || !in.depth_updates_file.empty()) {
        throw InvalidArgument(s + ": bar mode fills on bars; trades or depth need tick or book");
      }
      break;
    case FillMode::Tick:
      if (in.trades_file.empty()) throw InvalidArgument(s + ": tick mode needs a trades file");
      break;
    case FillMode::Book:
      if (in.depth_snapshot_file.empty() || in.depth_updates_file.empty()) {
        throw InvalidArgument(s + ": book mode needs a depth snapshot and depth updates");
      }
      if (in.bars_file.empty() && in.trades_file.empty()) {
        throw InvalidArgument(s + ": book mode needs trades or bars for the strategy's bars");
      }
      break;
  }
}

}  // namespace

std::vector<InstrumentData> load_run_data(const RunSpec& spec) {
  if (spec.trade_bar_ns <= 0) throw InvalidArgument("trade_bar_ns must be positive");
  std::vector<InstrumentData> out;
  for (const InstrumentSpec& in : spec.instruments) {
    check_needs(in);
    InstrumentData d;
    if (!in.trades_file.empty()) d.trades = read_trades(in.trades_file);
    if (!in.depth_snapshot_file.empty()) {
      d.depth_snapshot = parse_depth_snapshot_csv(load_verified_text(in.depth_snapshot_file),
                                                  in.depth_snapshot_file);
    }
    if (!in.depth_updates_file.empty()) {
      d.depth_updates =
          parse_depth_updates_csv(load_verified_text(in.depth_updates_file), in.depth_updates_file);
    }
    if (!in.bars_file.empty()) {
      KlineSeries s = read_klines(in.bars_file);
      d.bars = std::move(s.bars);
      d.bar_interval_ns = s.interval_ns;
      d.bars_source = in.bars_file;
    } else {
      TradeBarSpec bars;
      bars.interval_ns = spec.trade_bar_ns;
      d.bars = build_trade_bars(d.trades, bars);
      d.bar_interval_ns = spec.trade_bar_ns;
      d.bars_source = in.trades_file + " (time bars)";
    }
    if (d.bars.empty()) {
      throw DataError(fmt::format("{}: no bars for {}", d.bars_source, in.instrument.symbol));
    }
    out.push_back(std::move(d));
  }
  return out;
}

namespace {

// A venue seen through the fill mode: in tick and book mode the bars are for the strategy
// only, so the venue never sees them (a bar would otherwise fill orders a second time).
// In book mode a MARKET BUY given by a quote budget is turned into a base quantity, which
// is all a book venue takes.
class ModeClient final : public SimulatedExecutionClient {
 public:
  ModeClient(SimulatedExecutionClient& inner, const Instrument& instrument, const BookVenue* book,
             Decimal taker_fee_bps)
      : inner_(inner), instrument_(instrument), book_(book), taker_fee_bps_(taker_fee_bps) {}

  void set_report_sink(ReportSink* sink) override { inner_.set_report_sink(sink); }
  void submit(const Order& order, Timestamp at) override {
    if (book_ == nullptr || !order.quote_quantity.is_positive() || order.side != OrderSide::Buy ||
        order.type != OrderType::Market) {
      inner_.submit(order, at);
      return;
    }
    Order sized = order;
    sized.quote_quantity = {};
    sized.quantity = budget_quantity(order.quote_quantity);
    // Zero (no ask, or not one lot affordable) reaches the venue, which rejects it by name.
    inner_.submit(sized, at);
  }
  void cancel(const Order& order, Timestamp at) override { inner_.cancel(order, at); }
  void modify(const Order& order, Decimal price, Decimal quantity, Timestamp at) override {
    inner_.modify(order, price, quantity, at);
  }
  void cancel_all(const InstrumentId& instrument, Timestamp at) override {
    inner_.cancel_all(instrument, at);
  }
  void query_order(const Order& order, Timestamp at) override { inner_.query_order(order, at); }
  std::vector<OrderStatusReport> open_orders(const InstrumentId& instrument) const override {
    return inner_.open_orders(instrument);
  }
  std::vector<Fill> fills_since(Timestamp since) const override {
    return inner_.fills_since(since);
  }
  std::vector<PositionReport> positions() const override { return inner_.positions(); }
  void begin(const MarketEvent& event) override {
    skipping_ = std::holds_alternative<Bar>(event);
    if (!skipping_) inner_.begin(event);
  }
  bool step() override { return skipping_ ? false : inner_.step(); }

 private:
  // At most the best ask's displayed quantity, so the order fills at one price and the
  // budget (fee included) is never exceeded.
  Decimal budget_quantity(Decimal budget) const {
    const auto ask = book_->book().best_ask();
    if (!ask) return {};
    const Decimal lot = instrument_.market_lot_size.is_positive() ? instrument_.market_lot_size
                                                                  : instrument_.lot_size;
    const Decimal q = max_quantity_for_budget(budget, ask->price, taker_fee_bps_, lot);
    const Decimal shown =
        lot.is_positive()
            ? mul(round_to_places(div(ask->quantity, lot, Rounding::Down), 0, Rounding::Down), lot,
                  Rounding::Down)
            : ask->quantity;
    return std::min(q, shown);
  }

  SimulatedExecutionClient& inner_;
  const Instrument& instrument_;
  const BookVenue* book_;
  Decimal taker_fee_bps_;
  bool skipping_ = false;
};

// The combined equity after the bars closing at one instant: computed at each close (the
// last close of the instant wins) and recorded when a later instant begins or the run ends.
class CombinedEquity final : public KernelListener {
 public:
  CombinedEquity(Kernel& kernel, const SpotAccount& account, const std::string& quote,
                 BacktestResult& result, EquityTracker& tracker, std::int64_t sample_ns)
      : kernel_(kernel),
        account_(account),
        quote_(quote),
        result_(result),
        tracker_(tracker),
        sample_ns_(sample_ns),
        next_(result.start.ns) {}

  void on_bar_closed(std::size_t, const Bar& bar) override {
    if (pending_ && bar.close_time != at_) flush();
    at_ = bar.close_time;
    equity_ = equity();
    pending_ = true;
  }
  void flush() {
    if (!pending_) return;
    pending_ = false;
    tracker_.update(at_, equity_);
    if (at_.ns >= next_) {
      result_.equity_curve.push_back({at_, equity_});
      if (sample_ns_ > 0) next_ = (at_.ns / sample_ns_ + 1) * sample_ns_;
    }
  }
  Decimal equity() const {
    Decimal e = account_.balance(quote_).total();
    for (std::size_t i = 0; i < account_.instruments(); ++i) {
      const Decimal pos = account_.holding(i).position(PositionSide::Both);
      if (!pos.is_zero()) e += mul(pos, kernel_.last_price(i), Rounding::HalfEven);
    }
    return e;
  }

 private:
  Kernel& kernel_;
  const SpotAccount& account_;
  const std::string& quote_;
  BacktestResult& result_;
  EquityTracker& tracker_;
  std::int64_t sample_ns_;
  std::int64_t next_;
  Timestamp at_;
  Decimal equity_;
  bool pending_ = false;
};

void check_spec(const RunSpec& spec, std::span<const InstrumentData> data) {
  if (spec.instruments.empty()) throw InvalidArgument("run: no instruments");
  if (data.size() != spec.instruments.size()) {
    throw InvalidArgument(
        fmt::format("run: {} instruments but data for {}", spec.instruments.size(), data.size()));
  }
  if (!spec.initial_cash.is_positive()) {
    throw InvalidArgument("initial cash must be positive, got " + spec.initial_cash.to_string());
  }
  if (spec.equity_sample_ns < 0) throw InvalidArgument("equity_sample_ns must not be negative");
  std::set<std::string> seen;
  const std::string& quote = spec.instruments.front().instrument.quote_currency;
  for (const InstrumentSpec& in : spec.instruments) {
    if (!seen.insert(in.instrument.id().to_string()).second) {
      throw InvalidArgument(fmt::format("{} is in the run twice", in.instrument.symbol));
    }
    if (in.instrument.quote_currency != quote) {
      throw InvalidArgument(fmt::format(
          "{} is quoted in {}, {} in {}: the instruments of a run share one quote balance",
          spec.instruments.front().instrument.symbol, quote, in.instrument.symbol,
          in.instrument.quote_currency));
    }
  }
}

}  // namespace

RunResult run_spec(const RunSpec& spec, std::span<const InstrumentData> data,
                   const ProgressFn& progress) {
  check_spec(spec, data);
  const std::size_t n = spec.instruments.size();
  RunResult out;
  out.quote_currency = spec.instruments.front().instrument.quote_currency;
  BacktestResult& combined = out.combined;
  combined.initial_cash = spec.initial_cash;
  combined.start = Timestamp::from_ns(INT64_MAX);
  for (const InstrumentData& d : data) {
    if (d.bars.empty()) continue;
    combined.start = std::min(combined.start, d.bars.front().open_time);
    combined.end = std::max(combined.end, d.bars.back().close_time);
    combined.bars += d.bars.size();
  }
  if (combined.bars == 0) throw InvalidArgument("run: no bars in any instrument");
  combined.equity_curve.push_back({combined.start, spec.initial_cash});
  EquityTracker tracker(combined.start, spec.initial_cash);

  SpotAccount account({{out.quote_currency, spec.initial_cash}});
  SimulatedClock clock;
  Kernel kernel(clock);
  // Owned here, outliving the kernel's run: venues, their mode filters and strategies.
  std::vector<std::unique_ptr<SimulatedVenue>> bar_venues;
  std::vector<std::unique_ptr<BookVenue>> book_venues;
  std::vector<std::unique_ptr<ModeClient>> clients;
  std::vector<std::unique_ptr<Strategy>> strategies;
  for (std::size_t i = 0; i < n; ++i) {
    const InstrumentSpec& in = spec.instruments[i];
    const InstrumentData& d = data[i];
    const Instrument& rules = in.instrument;
    SpotHolding& holding = account.add_instrument(rules, spec.venue.buy_fee_in_base);
    SimulatedExecutionClient* client = nullptr;
    if (in.fill == FillMode::Book) {
      book_venues.push_back(std::make_unique<BookVenue>(rules, spec.book));
      clients.push_back(std::make_unique<ModeClient>(
          *book_venues.back(), rules, book_venues.back().get(), spec.book.taker_fee_bps));
      client = clients.back().get();
    } else {
      bar_venues.push_back(std::make_unique<SimulatedVenue>(rules, spec.venue));
      client = bar_venues.back().get();
      if (in.fill == FillMode::Tick) {
        clients.push_back(std::make_unique<ModeClient>(*bar_venues.back(), rules, nullptr,
                                                       spec.venue.taker_fee_bps));
        client = clients.back().get();
      }
    }
    strategies.push_back(spec.factory ? spec.factory(rules)
                                      : make_strategy(spec.strategy, spec.params));
    const std::size_t lane =
        kernel.add_instrument(rules, *client, holding, strategies.back().get());
    OrderManager& orders = kernel.orders(lane);
    holding.set_reservations([&orders] { return orders.locked_cash(); },
                             [&orders] { return orders.locked_base(); });
    const InstrumentId id = rules.id();
    // Trades and depth before bars: at one instant the strategy sees a bar after the trades
    // it contains, and the book is current when the trades reach it.
    if (d.depth_snapshot && in.fill == FillMode::Book) {
      kernel.add_source(std::make_unique<SpanSource<DepthSnapshot>>(
          std::span<const DepthSnapshot>(&*d.depth_snapshot, 1), id, in.depth_snapshot_file));
    }
    if (in.fill == FillMode::Book) {
      kernel.add_source(
          std::make_unique<SpanSource<DepthUpdate>>(d.depth_updates, id, in.depth_updates_file));
    }
    if (in.fill != FillMode::Bar) {
      kernel.add_source(std::make_unique<SpanSource<TradeTick>>(d.trades, id, in.trades_file));
    }
    kernel.add_source(std::make_unique<SpanSource<Bar>>(d.bars, id, d.bars_source));
  }
  CombinedEquity equity(kernel, account, out.quote_currency, combined, tracker,
                        spec.equity_sample_ns);
  kernel.set_listener(&equity);
  kernel.set_decisions(spec.decisions, spec.decision_recording);
  kernel.run([&progress](std::size_t done, std::size_t total) {
    if (progress) progress(done, total);
  });
  equity.flush();
  // Before the order logs are moved out: the locked amounts are read from the open orders.
  out.balances = account.balances();
  combined.final_cash = account.balance(out.quote_currency).total();
  combined.final_equity = equity.equity();

  for (std::size_t i = 0; i < n; ++i) {
    const SpotHolding& h = account.holding(i);
    const Portfolio& book = h.book();
    InstrumentResult r;
    r.instrument = spec.instruments[i].instrument;
    r.fill = spec.instruments[i].fill;
    OrderManager& orders = kernel.orders(i);
    r.orders = orders.take_orders();
    r.fills = orders.take_fills();
    r.order_events = orders.take_events();
    r.round_trips = book.round_trips();
    r.position = book.position_quantity();
    r.cost_basis = book.cost_basis();
    r.realized_pnl = book.realized_pnl();
    r.last_price = kernel.last_price(i);
    r.unrealized_pnl = book.unrealized_pnl(r.last_price);
    r.fees = book.total_fees();
    r.bars = data[i].bars.size();
    r.trades = r.fill == FillMode::Bar ? 0 : data[i].trades.size();
    r.depth_updates = r.fill == FillMode::Book ? data[i].depth_updates.size() : 0;
    r.start = data[i].bars.front().open_time;
    r.end = data[i].bars.back().close_time;
    combined.total_fees += r.fees;
    combined.round_trips.insert(combined.round_trips.end(), r.round_trips.begin(),
                                r.round_trips.end());
    out.instruments.push_back(std::move(r));
  }
  std::stable_sort(
      combined.round_trips.begin(), combined.round_trips.end(),
      [](const RoundTrip& a, const RoundTrip& b) { return a.exit_time < b.exit_time; });
  combined.last_price = out.instruments.size() == 1 ? out.instruments[0].last_price : Decimal{};
  combined.max_drawdown = tracker.max_drawdown();
  combined.longest_drawdown_ns = tracker.longest_underwater_ns();
  combined.daily_equity = tracker.daily();
  return out;
}

}  // namespace talon
