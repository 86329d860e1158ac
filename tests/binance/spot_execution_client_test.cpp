// talon's Binance spot ExecutionClient against the loopback exchange over 127.0.0.1, driven
// by talon's order manager: the order states talon ends with equal the exchange's.
#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include <talon/binance/sim_exchange.hpp>
#include <talon/binance/spot_execution_client.hpp>
#include <talon/execution/order_manager.hpp>
#include <talon/execution/portfolio.hpp>
#include <talon/execution/report_queue.hpp>
#include <talon/execution/threaded_client.hpp>
#include <talon/net/http_server.hpp>

namespace talon::binance {
namespace {

Decimal d(const char* s) {
  return Decimal::parse(s);
}

Timestamp wall() {
  return Timestamp{std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count()};
}

Bar bar(const char* o, const char* h, const char* l, const char* c) {
  Bar b;
  b.open = d(o);
  b.high = d(h);
  b.low = d(l);
  b.close = d(c);
  b.volume = d("10");
  return b;
}

// The loopback exchange on a free port: 100 ms per bar, signatures checked.
class Loopback : public ::testing::Test {
 protected:
  void SetUp() override {
    SimExchangeConfig c;
    c.instrument = btc;
    for (int i = 0; i < 50; ++i) c.bars.push_back(bar("100000", "100100", "99900", "100000"));
    c.bars.push_back(bar("100000", "100000", "97000", "97500"));  // bar 50: dips to 97000
    c.bar_period_ns = 100 * kNanosPerMilli;
    c.api_key = "KEY";
    c.api_secret = "SECRET";
    exchange = std::make_unique<SimExchange>(std::move(c), wall());
    server = std::make_unique<net::HttpServer>(0, [this](const net::HttpRequest& r) {
      std::lock_guard lock(mu);
      return exchange->handle(r, wall());
    });
    server->start();
    SpotClientConfig cc;
    cc.base_url = "http://127.0.0.1:" + std::to_string(server->port());
    client = std::make_unique<SpotExecutionClient>(btc, "KEY", Signer::hmac("SECRET"), cc);
    client->set_report_sink(&queue);
  }
  void TearDown() override { server->stop(); }

  void deliver(OrderManager& om) {
    queue.drain([&](const ExecutionReport& r) { om.apply(r); });
  }

  Instrument btc = *find_builtin_instrument("BTCUSDT");
  std::mutex mu;
  std::unique_ptr<SimExchange> exchange;
  std::unique_ptr<net::HttpServer> server;
  std::unique_ptr<SpotExecutionClient> client;
  ReportQueue queue;
};

TEST_F(Loopback, ConnectSyncsTheClockAndChecksTheKey) {
  client->connect();
  EXPECT_LT(std::abs(client->clock_offset_ms()), 1000);
  SpotClientConfig cc;
  cc.base_url = "http://127.0.0.1:" + std::to_string(server->port());
  SpotExecutionClient wrong(btc, "KEY", Signer::hmac("NOT-THE-SECRET"), cc);
  try {
    wrong.connect();
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("-1022"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("NOT-THE-SECRET"), std::string::npos);
  }
}

TEST_F(Loopback, OrderManagerPlacesQueriesAndCancelsThroughTheAdapter) {
  client->connect();
  Portfolio portfolio(d("10000"), "BTC");
  OrderManager om(btc, portfolio, *client);
  OrderRequest req;
  req.client_order_id = ClientOrderId("adapter-1");
  req.type = OrderType::Limit;
  req.price = d("90000");
  req.quantity = d("0.001");
  om.submit(req, wall(), d("100000"));
  deliver(om);
  const Order* o = om.find_client(ClientOrderId("adapter-1"));
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->status, OrderStatus::New) << o->reject_reason;
  EXPECT_FALSE(o->venue_order_id.empty());
  ASSERT_EQ(client->open_orders({}).size(), 1U);
  EXPECT_EQ(client->open_orders({})[0].order.price, d("90000"));

  EXPECT_TRUE(om.cancel(ClientOrderId("adapter-1"), wall()).accepted);
  deliver(om);
  EXPECT_EQ(om.find_client(ClientOrderId("adapter-1"))->status, OrderStatus::Cancelled);
  EXPECT_TRUE(client->open_orders({}).empty());
  EXPECT_EQ(client->tracked(), 0U);

  // A refusal by the exchange reaches the order manager with Binance's code.
  req.client_order_id = ClientOrderId("adapter-2");
  req.quantity = d("0.00001");  // 0.9 USDT: below the 5 USDT minimum notional
  Order small;
  small.client_order_id = req.client_order_id;
  small.symbol = "BTCUSDT";
  small.instrument = btc.id();
  small.type = OrderType::Limit;
  small.quantity = req.quantity;
  small.price = req.price;
  client->submit(small, wall());
  ASSERT_EQ(queue.size(), 1U);
  queue.drain([](const ExecutionReport& r) {
    const auto* rej = std::get_if<OrderRejected>(&r);
    ASSERT_NE(rej, nullptr);
    EXPECT_EQ(rej->reason, "-1013 Filter failure: NOTIONAL");
  });
}

TEST_F(Loopback, FillsArriveByPollingAndEqualTheExchange) {
  client->connect();
  Portfolio portfolio(d("10000"), "BTC");
  OrderManager om(btc, portfolio, *client);
  OrderRequest limit;
  limit.client_order_id = ClientOrderId("dip-buy");
  limit.type = OrderType::Limit;
  limit.price = d("98000");
  limit.quantity = d("0.01");
  om.submit(limit, wall(), d("100000"));
  OrderRequest market;
  market.client_order_id = ClientOrderId("mkt-buy");
  market.quote_quantity = d("1000");
  om.submit(market, wall(), d("100000"));
  deliver(om);
  // Bars every 100 ms: the market order fills at the next open, the limit when bar 50 dips.
  for (int i = 0; i < 100 && client->tracked() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    client->poll(wall());
    deliver(om);
  }
  const Order* dip = om.find_client(ClientOrderId("dip-buy"));
  const Order* mkt = om.find_client(ClientOrderId("mkt-buy"));
  ASSERT_EQ(dip->status, OrderStatus::Filled) << dip->reject_reason;
  ASSERT_EQ(mkt->status, OrderStatus::Filled) << mkt->reject_reason;
  EXPECT_EQ(dip->filled_quantity, d("0.01"));
  EXPECT_EQ(dip->filled_quote, d("980"));
  EXPECT_EQ(om.fills().size(), 2U);
  // talon's position equals what the exchange holds (no base fee: fees are in USDT).
  EXPECT_EQ(portfolio.position_quantity(), dip->filled_quantity + mkt->filled_quantity);
}

TEST_F(Loopback, A429BacksOffAndA418StopsEveryRequestUntilTheBanEnds) {
  client->connect();
  Portfolio portfolio(d("10000"), "BTC");
  OrderManager om(btc, portfolio, *client);
  {
    std::lock_guard lock(mu);
    exchange->inject(429, 1, 1);
  }
  OrderRequest req;
  req.client_order_id = ClientOrderId("limited-1");
  req.type = OrderType::Limit;
  req.price = d("90000");
  req.quantity = d("0.001");
  om.submit(req, wall(), d("100000"));
  deliver(om);
  const Order* o = om.find_client(ClientOrderId("limited-1"));
  EXPECT_EQ(o->status, OrderStatus::Rejected);
  EXPECT_NE(o->reject_reason.find("-1003"), std::string::npos) << o->reject_reason;
  // Within the back-off nothing is sent.
  const std::size_t sent = client->requests_sent();
  req.client_order_id = ClientOrderId("limited-2");
  om.submit(req, wall(), d("100000"));
  deliver(om);
  EXPECT_EQ(client->requests_sent(), sent);
  EXPECT_NE(om.find_client(ClientOrderId("limited-2"))->reject_reason.find("rate limited until"),
            std::string::npos);
  // After Retry-After (1 s) requests flow again.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  req.client_order_id = ClientOrderId("after-backoff");
  om.submit(req, wall(), d("100000"));
  deliver(om);
  EXPECT_EQ(om.find_client(ClientOrderId("after-backoff"))->status, OrderStatus::New);

  // A 418 ban: nothing at all until it ends, not even a query.
  {
    std::lock_guard lock(mu);
    exchange->inject(418, 1, 60);
  }
  EXPECT_THROW((void)client->open_orders({}), Error);
  EXPECT_TRUE(client->limiter().banned(wall()));
  const std::size_t before = client->requests_sent();
  EXPECT_THROW((void)client->open_orders({}), Error);
  EXPECT_TRUE(om.cancel(ClientOrderId("after-backoff"), wall()).accepted);
  deliver(om);
  EXPECT_EQ(client->requests_sent(), before);
  EXPECT_EQ(om.find_client(ClientOrderId("after-backoff"))->status, OrderStatus::New);
}

// The adapter on its own network thread: the order manager's calls return at once and the
// reports reach it through the concurrent queue, the poll running on that thread too.
TEST_F(Loopback, OnItsOwnNetworkThreadReportsArriveThroughTheQueue) {
  ConcurrentReportQueue reports;
  ThreadedExecutionClient threaded(*client);
  threaded.set_report_sink(&reports);
  threaded.connect();
  threaded.set_periodic(std::chrono::milliseconds(50), [this] { client->poll(wall()); });
  Portfolio portfolio(d("10000"), "BTC");
  OrderManager om(btc, portfolio, threaded);
  OrderRequest market;
  market.client_order_id = ClientOrderId("threaded-mkt");
  market.quote_quantity = d("500");
  om.submit(market, wall(), d("100000"));
  const Order* o = om.find_client(ClientOrderId("threaded-mkt"));
  EXPECT_EQ(o->status, OrderStatus::Submitted);  // the answer has not come back yet
  for (int i = 0; i < 100 && o->status != OrderStatus::Filled; ++i) {
    reports.wait_for(1, std::chrono::milliseconds(100));
    reports.drain([&](const ExecutionReport& r) { om.apply(r); });
  }
  EXPECT_EQ(o->status, OrderStatus::Filled);
  EXPECT_EQ(portfolio.position_quantity(), o->filled_quantity);
}

}  // namespace
}  // namespace talon::binance
