// Book mode: the L2 book rebuilt from real Binance depth data (checked against Binance's own
// bookTicker stream), queue position, partial fills across levels and latency. Synthetic
// books use round numbers so that each fill can be worked by hand; fees maker 2 / taker 5
// bps.

#include <gtest/gtest.h>

#include <talon/core/error.hpp>
#include <talon/data/binance_depth_csv.hpp>
#include <talon/data/binance_files.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/execution/order_manager.hpp>
#include <talon/execution/portfolio.hpp>
#include <talon/venue/book_venue.hpp>

#include "desk.hpp"
#include "test_data.hpp"

namespace talon::test {
namespace {

Decimal D(const char* s) {
  return Decimal::parse(s);
}

const char* kSnapshot = "binance_spot_BTCUSDT_depth_snapshot_2024-08-08T235414.csv.gz";
const char* kUpdates = "binance_spot_BTCUSDT_depth_updates_2024-08-08T235415_60s.csv.gz";
const char* kTicker = "binance_spot_BTCUSDT_bookticker_2024-08-08T235415_60s.csv.gz";
const char* kTrades = "binance_spot_BTCUSDT_trades_2024-08-08T235415_60s.csv.gz";

template <typename Fn>
auto load(const char* name, Fn parse) {
  const std::string path = test_data(name);
  return parse(read_maybe_gzip(path), path);
}

TEST(L2Book, MatchesBinanceBookTickerAfterEveryDepthMessage) {
  const DepthSnapshot snap = load(kSnapshot, parse_depth_snapshot_csv);
  const auto updates = load(kUpdates, parse_depth_updates_csv);
  const auto ticker = load(kTicker, parse_binance_book_ticker);
  ASSERT_EQ(snap.levels.size(), 2000u);
  L2Book book;
  book.load(snap);
  std::size_t applied = 0, dropped = 0, compared = 0;
  std::size_t t = 0;
  for (const DepthUpdate& u : updates) {
    if (!book.apply(u)) {
      ++dropped;
      continue;
    }
    ++applied;
    ASSERT_FALSE(book.crossed());
    // Binance's own best bid/offer at the latest bookTicker update id <= u.
    auto id = [&](std::size_t i) { return static_cast<std::uint64_t>(ticker[i].update_id); };
    while (t + 1 < ticker.size() && id(t + 1) <= u.final_update_id) ++t;
    if (id(t) > u.final_update_id) continue;
    ++compared;
    ASSERT_EQ(book.best_bid()->price, ticker[t].bid_price) << "u=" << u.final_update_id;
    ASSERT_EQ(book.best_bid()->quantity, ticker[t].bid_qty) << "u=" << u.final_update_id;
    ASSERT_EQ(book.best_ask()->price, ticker[t].ask_price) << "u=" << u.final_update_id;
    ASSERT_EQ(book.best_ask()->quantity, ticker[t].ask_qty) << "u=" << u.final_update_id;
  }
  EXPECT_GT(dropped, 0u);  // the first messages predate the snapshot (data README)
  EXPECT_GT(compared, 500u);
  EXPECT_EQ(applied + dropped, updates.size());
}

TEST(L2Book, GapInTheUpdateIdsIsReported) {
  const DepthSnapshot snap = load(kSnapshot, parse_depth_snapshot_csv);
  auto updates = load(kUpdates, parse_depth_updates_csv);
  L2Book book;
  book.load(snap);
  std::size_t i = 0;
  while (!book.apply(updates[i])) ++i;
  ++i;  // skip one message: the next no longer continues the book
  try {
    book.apply(updates[i + 1]);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("gap"), std::string::npos) << e.what();
  }
}

TEST(L2Book, MalformedDepthRowIsReportedWithSourceLineAndField) {
  const std::string text =
      "local_ts_ns,last_update_id,side,level,price,qty\n1,5,b,0,100.00,1\n1,5,x,1,99.99,1\n";
  try {
    parse_depth_snapshot_csv(text, "snap.csv");
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("snap.csv:3: field side"), std::string::npos);
  }
}

// A small synthetic book: bids 100.00 × 2, 99.99 × 1; asks 100.01 × 0.3, 100.02 × 0.5,
// 100.05 × 1.
struct BookExchange {
  explicit BookExchange(std::int64_t latency_ns = 0)
      : instrument(*find_builtin_instrument("BTCUSDT")),
        portfolio(D("1000000")),
        venue(instrument,
              [&] {
                BookVenueConfig c;
                c.maker_fee_bps = D("2");
                c.taker_fee_bps = D("5");
                c.latency_ns = latency_ns;
                return c;
              }()),
        manager(instrument, portfolio, venue),
        om(manager, reports) {
    venue.set_report_sink(&reports);
    DepthSnapshot s;
    s.last_update_id = 100;
    s.levels = {{true, D("100"), D("2")},
                {true, D("99.99"), D("1")},
                {false, D("100.01"), D("0.3")},
                {false, D("100.02"), D("0.5")},
                {false, D("100.05"), D("1")}};
    venue.load_snapshot(s);
  }
  ClientOrderId submit(OrderRequest r, std::int64_t at_ms = 0) {
    return om.submit(r, Timestamp::from_ms(at_ms));
  }
  const Order& order(const ClientOrderId& id) const { return *om.find_client(id); }
  void trade(std::int64_t ms, const char* price, const char* qty, bool buyer_is_maker) {
    TradeTick t;
    t.at = Timestamp::from_ms(ms);
    t.price = D(price);
    t.quantity = D(qty);
    t.buyer_is_maker = buyer_is_maker;
    on_trade(t);
  }
  // The venue's calls, each followed by delivering the reports it queued.
  bool on_depth(const DepthUpdate& u) {
    const bool applied = venue.on_depth(u);
    om.deliver();
    return applied;
  }
  void on_trade(const TradeTick& t) {
    venue.on_trade(t);
    om.deliver();
  }
  void advance_to(Timestamp t) {
    venue.advance_to(t);
    om.deliver();
  }
  void depth(std::int64_t ms, std::vector<DepthChange> changes) {
    DepthUpdate u;
    u.at = Timestamp::from_ms(ms);
    u.first_update_id = next_id;
    u.final_update_id = next_id;
    ++next_id;
    u.changes = std::move(changes);
    on_depth(u);
  }
  Instrument instrument;
  Portfolio portfolio;
  BookVenue venue;
  ReportQueue reports;
  OrderManager manager;
  Desk om;
  std::uint64_t next_id = 101;
};

OrderRequest book_limit(OrderSide side, const char* qty, const char* price,
                        TimeInForce tif = TimeInForce::Gtc) {
  OrderRequest r;
  r.side = side;
  r.type = OrderType::Limit;
  r.quantity = D(qty);
  r.price = D(price);
  r.time_in_force = tif;
  return r;
}

TEST(QueuePosition, RestingBidFillsOnlyAfterTheQuantityAheadHasTraded) {
  BookExchange x;
  const auto id = x.submit(book_limit(OrderSide::Buy, "1", "100"));
  x.advance_to(Timestamp::from_ms(0));
  EXPECT_EQ(*x.venue.queue_ahead(x.order(id).id), D("2"));  // the displayed 2 BTC
  x.trade(1, "100", "1.5", true);                           // sells hit 1.5 of the 2 ahead
  EXPECT_EQ(*x.venue.queue_ahead(x.order(id).id), D("0.5"));
  EXPECT_TRUE(x.om.fills().empty());
  x.trade(2, "100", "1", true);  // 0.5 clears the queue, 0.5 reaches us
  EXPECT_EQ(x.order(id).status, OrderStatus::PartiallyFilled);
  EXPECT_EQ(x.order(id).filled_quantity, D("0.5"));
  x.trade(3, "100.01", "3", false);  // a buy at the ask does not touch bids
  x.trade(4, "100", "0.7", true);
  EXPECT_EQ(x.order(id).status, OrderStatus::Filled);
  ASSERT_EQ(x.om.fills().size(), 2u);
  EXPECT_EQ(x.om.fills()[1].quantity, D("0.5"));
  EXPECT_EQ(x.om.fills()[1].liquidity, Liquidity::Maker);
  EXPECT_EQ(x.om.fills()[1].fee, D("0.01"));  // 50 × 2 bps
}

TEST(QueuePosition, CancellationsAtTheLevelShrinkTheQueueAhead) {
  BookExchange x;
  const auto id = x.submit(book_limit(OrderSide::Buy, "1", "100"));
  x.advance_to(Timestamp::from_ms(0));
  x.depth(1, {{true, D("100"), D("0.3")}});  // 1.7 BTC left the level
  EXPECT_EQ(*x.venue.queue_ahead(x.order(id).id), D("0.3"));
  x.depth(2, {{true, D("100"), D("5")}});  // newcomers queue behind us
  EXPECT_EQ(*x.venue.queue_ahead(x.order(id).id), D("0.3"));
  x.trade(3, "100", "0.5", true);
  EXPECT_EQ(x.order(id).filled_quantity, D("0.2"));
}

TEST(QueuePosition, TradeThroughThePriceFillsTheWholeOrder) {
  BookExchange x;
  const auto id = x.submit(book_limit(OrderSide::Buy, "1", "100"));
  x.advance_to(Timestamp::from_ms(0));
  x.trade(1, "99.99", "0.01", true);
  EXPECT_EQ(x.order(id).status, OrderStatus::Filled);
  EXPECT_EQ(x.om.fills()[0].price, D("100"));
}

TEST(BookMarket, MarketOrderFillsAcrossLevelsAtEachLevelsPrice) {
  BookExchange x;
  OrderRequest r;
  r.quantity = D("1");
  const auto id = x.submit(r);
  x.advance_to(Timestamp::from_ms(0));
  ASSERT_EQ(x.om.fills().size(), 3u);
  EXPECT_EQ(x.om.fills()[0].price, D("100.01"));
  EXPECT_EQ(x.om.fills()[0].quantity, D("0.3"));
  EXPECT_EQ(x.om.fills()[1].quantity, D("0.5"));
  EXPECT_EQ(x.om.fills()[2].price, D("100.05"));
  EXPECT_EQ(x.om.fills()[2].quantity, D("0.2"));
  // 30.003 + 50.01 + 20.01 = 100.023 quote; taker fees 0.0150015 + 0.025005 + 0.010005
  EXPECT_EQ(x.order(id).filled_quote, D("100.023"));
  EXPECT_EQ(x.order(id).fees, D("0.0500115"));
  EXPECT_EQ(x.venue.book().quantity_at(false, D("100.05")), D("0.8"));  // what we left
}

TEST(BookIOC, TakesTheLevelsWithinItsLimitAndExpiresTheRest) {
  BookExchange x;
  const auto id = x.submit(book_limit(OrderSide::Buy, "1", "100.02", TimeInForce::Ioc));
  x.advance_to(Timestamp::from_ms(0));
  EXPECT_EQ(x.order(id).status, OrderStatus::Expired);
  EXPECT_EQ(x.order(id).filled_quantity, D("0.8"));
}

TEST(BookFOK, ExpiresUntouchedWhenTheLevelsWithinItsLimitAreTooThin) {
  BookExchange x;
  const auto id = x.submit(book_limit(OrderSide::Buy, "1", "100.02", TimeInForce::Fok));
  x.advance_to(Timestamp::from_ms(0));
  EXPECT_EQ(x.order(id).status, OrderStatus::Expired);
  EXPECT_TRUE(x.om.fills().empty());
  EXPECT_EQ(x.venue.book().quantity_at(false, D("100.01")), D("0.3"));
}

TEST(BookPostOnly, GtxCrossingTheSpreadIsRejectedAndAPassiveOneQueues) {
  BookExchange x;
  const auto a = x.submit(book_limit(OrderSide::Buy, "1", "100.01", TimeInForce::Gtx));
  const auto b = x.submit(book_limit(OrderSide::Buy, "1", "99.99", TimeInForce::Gtx));
  x.advance_to(Timestamp::from_ms(0));
  EXPECT_EQ(x.order(a).status, OrderStatus::Rejected);
  EXPECT_EQ(x.order(b).status, OrderStatus::New);
  EXPECT_EQ(*x.venue.queue_ahead(x.order(b).id), D("1"));
}

TEST(BookLimit, RestingBidFillsWhenTheAskSideCrossesIt) {
  BookExchange x;
  const auto id = x.submit(book_limit(OrderSide::Buy, "1", "100"));
  x.advance_to(Timestamp::from_ms(0));
  x.depth(1, {{false, D("100"), D("0.4")}});  // an ask at our bid
  EXPECT_EQ(x.order(id).filled_quantity, D("0.4"));
}

TEST(Latency, OrderMeetsTheBookAsItIsWhenItArrives) {
  BookExchange x(5 * kNanosPerMilli);
  OrderRequest r;
  r.quantity = D("0.3");
  const auto id = x.submit(r, 0);
  x.depth(2, {{false, D("100.01"), D("0")}});  // the best ask leaves before we arrive
  EXPECT_EQ(x.order(id).status, OrderStatus::Submitted);
  x.depth(6, {});  // the next event after arrival at 5 ms
  EXPECT_EQ(x.order(id).status, OrderStatus::Filled);
  EXPECT_EQ(x.om.fills()[0].price, D("100.02"));
  EXPECT_EQ(x.om.fills()[0].executed_at, Timestamp::from_ms(5));
}

TEST(Latency, CancelArrivingAfterTheFillIsRefused) {
  BookExchange x(5 * kNanosPerMilli);
  const auto id = x.submit(book_limit(OrderSide::Buy, "1", "100"), 0);
  x.advance_to(Timestamp::from_ms(5));                           // resting from 5 ms
  EXPECT_TRUE(x.om.cancel(id, Timestamp::from_ms(6)).accepted);  // sent; arrives at 11 ms
  x.trade(8, "99.5", "1", true);                                 // trades through: filled at 8 ms
  x.advance_to(Timestamp::from_ms(11));
  EXPECT_EQ(x.order(id).status, OrderStatus::Filled);
  EXPECT_EQ(x.om.events().back().kind, OrderEventKind::CancelRejected);
}

TEST(QueuePosition, OnRealDataAnAskFillsWhenTheTradesAtItsPriceExceedTheQueueAhead) {
  // Reference worked independently (a Python replay of the same files under the model of
  // book_venue.hpp): after the 10th depth message applied (event time 1723161256308 ms)
  // the best ask is 61,824.01 with 5.8137 BTC displayed; a 0.001 BTC SELL placed there
  // fills when the buy trade at 1723161259113 ms carries the traded quantity at that price
  // 0.01804 BTC beyond the (shrinking) queue ahead of it.
  const DepthSnapshot snap = load(kSnapshot, parse_depth_snapshot_csv);
  const auto updates = load(kUpdates, parse_depth_updates_csv);
  const auto trades = load(kTrades, parse_trades_csv);
  BookExchange x;
  OrderRequest inventory;  // buy the 0.001 BTC to sell, on the synthetic book
  inventory.quantity = D("0.001");
  x.submit(inventory);
  x.advance_to(Timestamp::from_ms(0));
  ASSERT_EQ(x.portfolio.position_quantity(), D("0.001"));
  x.venue.load_snapshot(snap);
  std::size_t ui = 0;
  while (!x.on_depth(updates[ui])) ++ui;
  for (int k = 0; k < 9; ++k) x.on_depth(updates[++ui]);
  const Timestamp start = updates[ui].at;
  ASSERT_EQ(start, Timestamp::from_ms(1723161256308));
  const Decimal ask = x.venue.book().best_ask()->price;
  ASSERT_EQ(ask, D("61824.01"));
  const auto id = x.om.submit(book_limit(OrderSide::Sell, "0.001", "61824.01"), start);
  x.advance_to(start);
  EXPECT_EQ(*x.venue.queue_ahead(x.order(id).id), D("5.8137"));
  // Replay depth and trades merged by time (depth first on ties).
  std::size_t ti = 0;
  while (ti < trades.size() && trades[ti].at < start) ++ti;
  ++ui;
  while ((ui < updates.size() || ti < trades.size()) && x.om.fills().size() < 2) {
    if (ti >= trades.size() || (ui < updates.size() && updates[ui].at <= trades[ti].at)) {
      x.on_depth(updates[ui++]);
    } else {
      x.on_trade(trades[ti++]);
    }
  }
  EXPECT_EQ(x.order(id).status, OrderStatus::Filled);
  ASSERT_EQ(x.om.fills().size(), 2u);
  EXPECT_EQ(x.om.fills()[1].executed_at, Timestamp::from_ms(1723161259113));
  EXPECT_EQ(x.om.fills()[1].price, D("61824.01"));
  EXPECT_EQ(x.om.fills()[1].liquidity, Liquidity::Maker);
}

}  // namespace
}  // namespace talon::test
