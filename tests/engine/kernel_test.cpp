// The kernel as a rule book: the order in which it hands events to venues, strategies and
// listeners, that reports reach the order manager only after the venue has returned, and
// that a report about an order nobody here created is adopted or recorded, never a crash.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include <talon/engine/kernel.hpp>
#include <talon/execution/portfolio.hpp>
#include <talon/venue/simulated_venue.hpp>

#include "minute_bars.hpp"

namespace talon {
namespace {

Decimal D(const char* s) {
  return Decimal::parse(s);
}

const Timestamp kT0 = test::kMinute0;

Bar minute_bar(int minute, const char* o, const char* h, const char* l, const char* c) {
  return test::minute_bar(minute, o, h, l, c, "100");
}

// Writes down what it sees, in order, as "<what> <symbol> <seconds after t0>".
struct Journal final : public KernelListener {
  std::vector<std::string> lines;
  static std::string at(Timestamp t) { return std::to_string((t.ns - kT0.ns) / kNanosPerMilli); }
  void on_bar_closed(std::size_t, const Bar& bar) override {
    lines.push_back("close " + std::string(bar.instrument.symbol()) + " " + at(bar.close_time));
  }
  void on_funding(std::size_t, const FundingRate& f) override {
    lines.push_back("funding " + std::string(f.instrument.symbol()) + " " + at(f.at));
  }
  void on_report(std::size_t, const ExecutionReport& r) override {
    lines.push_back(std::string(kind_name(r)) + " " +
                    std::string(header_of(r).instrument.symbol()) + " " +
                    at(header_of(r).ts_event));
  }
};

// Buys 0.01 at market on the first bar it sees, then watches.
struct BuyOnce final : public Strategy {
  std::vector<std::string>* log = nullptr;
  bool bought = false;
  void on_bar(StrategyContext& ctx, const Bar& bar) override {
    if (log != nullptr) {
      log->push_back("strategy " + std::string(ctx.instrument().symbol) + " " +
                     Journal::at(ctx.now()));
    }
    (void)bar;
    if (bought) return;
    bought = true;
    OrderRequest r;
    r.quantity = D("0.01");
    ctx.submit_order(r);
  }
};

TEST(Kernel, TwoInstrumentsInterleaveInTimeOrder) {
  const Instrument btc = *find_builtin_instrument("BTCUSDT");
  const Instrument eth = *find_builtin_instrument("ETHUSDT");
  // BTC has bars at minutes 0, 1, 2; ETH at minutes 1 and 2 only.
  const std::vector<Bar> btc_bars = {minute_bar(0, "100000", "100100", "99900", "100050"),
                                     minute_bar(1, "100050", "100200", "100000", "100100"),
                                     minute_bar(2, "100100", "100300", "100000", "100200")};
  const std::vector<Bar> eth_bars = {minute_bar(1, "2500", "2510", "2490", "2505"),
                                     minute_bar(2, "2505", "2520", "2500", "2515")};
  SimulatedClock clock;
  Kernel kernel(clock);
  Portfolio btc_book(D("10000")), eth_book(D("10000"));
  SimulatedVenue btc_venue(btc, {}), eth_venue(eth, {});
  Journal journal;
  BuyOnce btc_strategy, eth_strategy;
  btc_strategy.log = eth_strategy.log = &journal.lines;
  kernel.add_instrument(btc, btc_venue, btc_book, &btc_strategy);
  kernel.add_instrument(eth, eth_venue, eth_book, &eth_strategy);
  kernel.add_source(std::make_unique<SpanSource<Bar>>(btc_bars, btc.id(), "btc"));
  kernel.add_source(std::make_unique<SpanSource<Bar>>(eth_bars, eth.id(), "eth"));
  kernel.set_listener(&journal);
  kernel.run();
  // Each strategy buys at its first close; the order arrives at its next bar's open, where
  // the venue accepts and fills it. Events at the same time go in the order the sources
  // were added (BTC first).
  const std::vector<std::string> want = {
      "strategy BTCUSDT 59999",  "close BTCUSDT 59999",     "ACCEPTED BTCUSDT 60000",
      "FILLED BTCUSDT 60000",    "strategy BTCUSDT 119999", "close BTCUSDT 119999",
      "strategy ETHUSDT 119999", "close ETHUSDT 119999",    "ACCEPTED ETHUSDT 120000",
      "FILLED ETHUSDT 120000",   "strategy BTCUSDT 179999", "close BTCUSDT 179999",
      "strategy ETHUSDT 179999", "close ETHUSDT 179999"};
  EXPECT_EQ(journal.lines, want);
  EXPECT_EQ(btc_book.position_quantity(), D("0.01"));
  EXPECT_EQ(eth_book.position_quantity(), D("0.01"));
  EXPECT_EQ(kernel.events(), 5u);
}

TEST(Kernel, FundingInsideABarComesAfterTheFillAtItsOpenAndBeforeItsClose) {
  const Instrument perp = *find_builtin_instrument("BTCUSDT", "BINANCE_USDM");
  const std::vector<Bar> bars = {minute_bar(0, "100000", "100100", "99900", "100050"),
                                 minute_bar(1, "100050", "100200", "100000", "100100")};
  FundingRate f;
  f.at = Timestamp::from_ns(kT0.ns + kNanosPerMinute + 5 * kNanosPerMilli);  // 60,005 ms
  f.rate = D("0.0001");
  const std::vector<FundingRate> funding = {f};
  SimulatedClock clock;
  Kernel kernel(clock);
  Portfolio book(D("10000"));
  SimulatedVenue venue(perp, {});
  Journal journal;
  BuyOnce strategy;
  strategy.log = &journal.lines;
  kernel.add_instrument(perp, venue, book, &strategy);
  kernel.add_source(std::make_unique<SpanSource<Bar>>(bars, perp.id(), "bars"));
  kernel.add_source(std::make_unique<SpanSource<FundingRate>>(funding, perp.id(), "funding"));
  kernel.set_listener(&journal);
  kernel.run();
  const std::vector<std::string> want = {"strategy BTCUSDT 59999",      "close BTCUSDT-PERP 59999",
                                         "ACCEPTED BTCUSDT-PERP 60000", "FILLED BTCUSDT-PERP 60000",
                                         "funding BTCUSDT-PERP 60005",  "strategy BTCUSDT 119999",
                                         "close BTCUSDT-PERP 119999"};
  EXPECT_EQ(journal.lines, want);
}

TEST(Kernel, EventsOutOfTimeOrderStopTheRunNamingTheSource) {
  const Instrument btc = *find_builtin_instrument("BTCUSDT");
  const std::vector<Bar> bars = {minute_bar(1, "1", "1", "1", "1"),
                                 minute_bar(0, "1", "1", "1", "1")};
  SimulatedClock clock;
  Kernel kernel(clock);
  Portfolio book(D("10000"));
  SimulatedVenue venue(btc, {});
  kernel.add_instrument(btc, venue, book, nullptr);
  kernel.add_source(std::make_unique<SpanSource<Bar>>(bars, btc.id(), "file.csv"));
  try {
    kernel.run();
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("file.csv"), std::string::npos) << e.what();
  }
}

// A venue that knows orders talon never sent: on its first step it reports a fill of one
// and the status of another, as an exchange does for orders placed by hand.
class StrangerVenue final : public SimulatedExecutionClient {
 public:
  explicit StrangerVenue(InstrumentId id) : id_(id) {}
  void set_report_sink(ReportSink* sink) override { sink_ = sink; }
  void submit(const Order&, Timestamp) override {}
  void begin(const MarketEvent&) override {}
  bool step() override {
    if (done_) return false;
    done_ = true;
    OrderFilled fill;
    fill.instrument = id_;
    fill.client_order_id = ClientOrderId("web-123");
    fill.venue_order_id = VenueOrderId("9001");
    fill.fill.quantity = Decimal::parse("1");
    fill.fill.price = Decimal::parse("100");
    sink_->push(fill);
    OrderStatusReport status;
    status.instrument = id_;
    status.client_order_id = ClientOrderId("web-124");
    status.venue_order_id = VenueOrderId("9002");
    status.order.side = OrderSide::Sell;
    status.order.type = OrderType::Limit;
    status.order.quantity = Decimal::parse("0.5");
    status.order.price = Decimal::parse("120");
    status.order.status = OrderStatus::New;
    sink_->push(status);
    return false;
  }

 private:
  InstrumentId id_;
  ReportSink* sink_ = nullptr;
  bool done_ = false;
};

TEST(Kernel, AReportForAnUnknownOrderIsAdoptedOrRecordedNeverACrash) {
  const Instrument btc = *find_builtin_instrument("BTCUSDT");
  const std::vector<Bar> bars = {minute_bar(0, "100", "101", "99", "100")};
  SimulatedClock clock;
  Kernel kernel(clock);
  Portfolio book(D("10000"));
  StrangerVenue venue(btc.id());
  kernel.add_instrument(btc, venue, book, nullptr);
  kernel.add_source(std::make_unique<SpanSource<Bar>>(bars, btc.id(), "bars"));
  ASSERT_NO_THROW(kernel.run());
  const OrderManager& om = kernel.orders(0);
  // The fill of an order nobody here knows is recorded, not booked.
  EXPECT_EQ(om.unknown_report_count(), 1u);
  EXPECT_STREQ(kind_name(om.unknown_reports()[0]), "FILLED");
  EXPECT_EQ(book.cash(), D("10000"));
  // The open order the venue holds is adopted with its ids, still open.
  const Order* adopted = om.find_client(ClientOrderId("web-124"));
  ASSERT_NE(adopted, nullptr);
  EXPECT_EQ(adopted->venue_order_id, VenueOrderId("9002"));
  EXPECT_EQ(adopted->status, OrderStatus::New);
  EXPECT_EQ(om.open_order_count(), 1u);
}

// Wraps a venue and counts how deep the kernel is inside one of its calls.
class GuardedVenue final : public SimulatedExecutionClient {
 public:
  explicit GuardedVenue(SimulatedVenue& inner) : inner_(inner) {}
  int depth = 0;
  std::size_t calls = 0;
  void set_report_sink(ReportSink* sink) override { inner_.set_report_sink(sink); }
  void submit(const Order& o, Timestamp at) override {
    guard([&] { inner_.submit(o, at); });
  }
  void cancel(const Order& o, Timestamp at) override {
    guard([&] { inner_.cancel(o, at); });
  }
  void modify(const Order& o, Decimal p, Decimal q, Timestamp at) override {
    guard([&] { inner_.modify(o, p, q, at); });
  }
  void begin(const MarketEvent& e) override {
    guard([&] { inner_.begin(e); });
  }
  bool step() override {
    bool more = false;
    guard([&] { more = inner_.step(); });
    return more;
  }

 private:
  template <class F>
  void guard(F&& f) {
    ++depth;
    ++calls;
    f();
    --depth;
  }
  SimulatedVenue& inner_;
};

struct DepthCheck final : public KernelListener {
  const GuardedVenue* venue = nullptr;
  std::size_t reports = 0;
  std::size_t inside = 0;
  void on_report(std::size_t, const ExecutionReport&) override {
    ++reports;
    if (venue->depth != 0) ++inside;
  }
};

// Places, modifies and cancels random orders of every type, with attached stop-loss and
// take-profit, so that fills create children and OCO cancels inside bars.
struct RandomTrader final : public Strategy {
  explicit RandomTrader(unsigned seed) : rng(seed) {}
  std::mt19937 rng;
  std::vector<ClientOrderId> ids;
  void on_bar(StrategyContext& ctx, const Bar& bar) override {
    std::uniform_int_distribution<int> pick(0, 9);
    const Decimal px = bar.close;
    auto off = [&](int cents) { return px + Decimal::from_scaled(cents, 2); };
    OrderRequest r;
    r.quantity = D("0.01");
    switch (pick(rng)) {
      case 0:
        r.stop_loss = off(-2000);
        r.take_profit = off(2000);
        break;
      case 1:
        r.type = OrderType::Limit;
        r.price = off(-500);
        break;
      case 2:
        if (ctx.position_quantity() >= r.quantity) {
          r.side = OrderSide::Sell;
          r.type = OrderType::StopMarket;
          r.stop_price = off(-800);
        }
        break;
      case 4:
        if (ctx.position_quantity() >= r.quantity) {
          r.side = OrderSide::Sell;
          r.type = OrderType::TrailingStop;
          r.callback_rate = D("0.5");
        }
        break;
      default: return;
    }
    ids.push_back(ctx.submit_order(r));
  }
};

TEST(KernelProperty, NoReportReachesTheOrderManagerWhileTheVenueIsInsideACall) {
  const Instrument btc = *find_builtin_instrument("BTCUSDT");
  std::size_t total_reports = 0;
  for (unsigned seed = 1; seed <= 40; ++seed) {
    std::mt19937 rng(seed);
    std::vector<Bar> bars;
    long px = 10'000'000;  // cents
    for (int i = 0; i < 150; ++i) {
      std::uniform_int_distribution<long> move(-3000, 3000), wick(0, 4000);
      const long open = px;
      const long close = std::max(100'000L, px + move(rng));
      const long high = std::max(open, close) + wick(rng);
      const long low = std::max(1000L, std::min(open, close) - wick(rng));
      Bar b = minute_bar(i, "1", "1", "1", "1");
      b.open = Decimal::from_scaled(open, 2);
      b.high = Decimal::from_scaled(high, 2);
      b.low = Decimal::from_scaled(low, 2);
      b.close = Decimal::from_scaled(close, 2);
      bars.push_back(b);
      px = close;
    }
    SimulatedClock clock;
    Kernel kernel(clock);
    Portfolio book(D("1000000"), "BTC");
    SimulatedVenue venue(btc, {});
    GuardedVenue guarded(venue);
    RandomTrader trader(seed);
    DepthCheck check;
    check.venue = &guarded;
    kernel.add_instrument(btc, guarded, book, &trader);
    kernel.add_source(std::make_unique<SpanSource<Bar>>(bars, btc.id(), "random"));
    kernel.set_listener(&check);
    kernel.run();
    EXPECT_EQ(check.inside, 0u) << "seed " << seed;
    total_reports += check.reports;
  }
  EXPECT_GT(total_reports, 1000u);  // the streams did exercise the venue
}

}  // namespace
}  // namespace talon
