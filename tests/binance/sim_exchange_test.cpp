// The loopback exchange's answers, called directly (no sockets): what it serves is read back
// with talon's own Binance parsers, orders go through the simulated venue, and signatures are
// verified as Binance does.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <talon/binance/parser.hpp>
#include <talon/binance/signer.hpp>
#include <talon/binance/sim_exchange.hpp>

namespace talon::binance {
namespace {

using json = nlohmann::json;
Decimal d(const char* s) {
  return Decimal::parse(s);
}

constexpr std::int64_t kStartMs = 1'750'000'000'000;
const Timestamp kStart = Timestamp::from_ms(kStartMs);

Bar bar(const char* o, const char* h, const char* l, const char* c) {
  Bar b;
  b.open = d(o);
  b.high = d(h);
  b.low = d(l);
  b.close = d(c);
  b.volume = d("10");
  return b;
}

SimExchangeConfig config(std::string secret = {}) {
  SimExchangeConfig c;
  c.instrument = *find_builtin_instrument("BTCUSDT");
  c.bars = {bar("100000", "100100", "99900", "100000"), bar("100000", "100050", "99000", "99500"),
            bar("99500", "99600", "98000", "98500"), bar("98500", "99000", "98400", "98900")};
  c.bar_period_ns = kNanosPerSecond;
  if (!secret.empty()) {
    c.api_key = "KEY";
    c.api_secret = std::move(secret);
  }
  return c;
}

Timestamp at(double seconds) {
  return Timestamp{kStart.ns + static_cast<std::int64_t>(seconds * 1e9)};
}

net::HttpRequest get(std::string path, std::string query = {}) {
  net::HttpRequest r;
  r.method = "GET";
  r.path = std::move(path);
  r.query = std::move(query);
  return r;
}

net::HttpRequest signed_req(std::string method, std::string path, std::string params, Timestamp now,
                            const std::string& secret = "any") {
  net::HttpRequest r;
  r.method = std::move(method);
  r.path = std::move(path);
  if (!params.empty()) params += "&";
  params += "timestamp=" + std::to_string(now.unix_ms()) + "&recvWindow=1000";
  r.query = Signer::hmac(secret).sign(params);
  r.headers.emplace_back("X-MBX-APIKEY", "KEY");
  return r;
}

TEST(SimExchange, ExchangeInfoReadsBackAsTheInstrumentsRules) {
  SimExchange ex(config(), kStart);
  const auto res = ex.handle(get("/api/v3/exchangeInfo"), at(0.1));
  ASSERT_EQ(res.status, 200) << res.body;
  Parser p(Market::Spot);
  std::vector<Instrument> out;
  ASSERT_TRUE(p.exchange_info(res.body, out).ok);
  ASSERT_EQ(out.size(), 1U);
  const Instrument want = *find_builtin_instrument("BTCUSDT");
  EXPECT_EQ(out[0].symbol, "BTCUSDT");
  EXPECT_EQ(out[0].tick_size, want.tick_size);
  EXPECT_EQ(out[0].lot_size, want.lot_size);
  EXPECT_EQ(out[0].min_quantity, want.min_quantity);
  EXPECT_EQ(out[0].min_notional, want.min_notional);
  EXPECT_FALSE(res.header("X-MBX-USED-WEIGHT-1M").empty());
}

TEST(SimExchange, DepthIsASyntheticBookAroundTheLastPrice) {
  SimExchange ex(config(), kStart);
  const auto res = ex.handle(get("/api/v3/depth", "symbol=BTCUSDT&limit=5"), at(0.1));
  ASSERT_EQ(res.status, 200) << res.body;
  Parser p(Market::Spot);
  DepthSnapshot s;
  ASSERT_TRUE(p.depth_snapshot(res.body, instrument_id("BTCUSDT", Market::Spot), at(0.1), s).ok);
  ASSERT_EQ(s.levels.size(), 10U);
  EXPECT_EQ(s.last_update_id, 1U);
  EXPECT_EQ(s.levels[0].price, d("99999.99"));  // last close 100000 − 1 tick
  EXPECT_EQ(s.levels[5].price, d("100000.01"));
  EXPECT_EQ(s.levels[0].quantity, d("0.1"));  // 10,000 USDT worth, down to the lot
  EXPECT_EQ(ex.handle(get("/api/v3/depth", "symbol=ETHUSDT"), at(0.1)).status, 400);
}

TEST(SimExchange, BarsReplayOnTheWallClock) {
  SimExchange ex(config(), kStart);
  EXPECT_EQ(ex.bars_replayed(), 1U);
  ex.advance(at(2.5));
  EXPECT_EQ(ex.bars_replayed(), 3U);
  ex.advance(at(100));
  EXPECT_EQ(ex.bars_replayed(), 4U);  // then the market stands still
  const auto res = ex.handle(get("/api/v3/klines", "symbol=BTCUSDT&interval=1m&limit=2"), at(100));
  Parser p(Market::Spot);
  std::vector<Bar> bars;
  ASSERT_TRUE(p.klines(res.body, instrument_id("BTCUSDT", Market::Spot), kNanosPerSecond, bars).ok);
  ASSERT_EQ(bars.size(), 2U);
  EXPECT_EQ(bars[1].open_time, at(3));
  EXPECT_EQ(bars[1].close, d("98900"));
}

TEST(SimExchange, LimitOrderRestsThenFillsWhenTheBarReachesIt) {
  SimExchange ex(config(), kStart);
  auto res = ex.handle(
      signed_req("POST", "/api/v3/order",
                 "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=98600&"
                 "newClientOrderId=my-1",
                 at(0.2)),
      at(0.2));
  ASSERT_EQ(res.status, 200) << res.body;
  auto j = json::parse(res.body);
  EXPECT_EQ(j["status"], "NEW");
  EXPECT_EQ(j["clientOrderId"], "my-1");
  const auto id = j["orderId"].get<std::int64_t>();
  EXPECT_FALSE(res.header("X-MBX-ORDER-COUNT-10S").empty());

  // Locked: 986 USDT (+ fee headroom as the order manager reserves it).
  res = ex.handle(signed_req("GET", "/api/v3/account", "", at(0.3)), at(0.3));
  j = json::parse(res.body);
  EXPECT_EQ(j["balances"][1]["asset"], "USDT");
  EXPECT_NE(j["balances"][1]["locked"], "0.00000000");

  // Bar 1 (low 99000) does not reach 98600; bar 2 (low 98000) does.
  res = ex.handle(
      signed_req("GET", "/api/v3/order", "symbol=BTCUSDT&orderId=" + std::to_string(id), at(1.5)),
      at(1.5));
  EXPECT_EQ(json::parse(res.body)["status"], "NEW");
  res = ex.handle(
      signed_req("GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=my-1", at(2.5)),
      at(2.5));
  j = json::parse(res.body);
  EXPECT_EQ(j["status"], "FILLED") << res.body;
  EXPECT_EQ(j["executedQty"], "0.01000000");
  EXPECT_EQ(j["cummulativeQuoteQty"], "986.00000000");
  res = ex.handle(signed_req("GET", "/api/v3/account", "", at(2.6)), at(2.6));
  j = json::parse(res.body);
  EXPECT_EQ(j["balances"][0]["free"], "0.01000000");
  EXPECT_EQ(j["balances"][1]["locked"], "0.00000000");
}

TEST(SimExchange, CancelListAndRefusals) {
  SimExchange ex(config(), kStart);
  auto res = ex.handle(
      signed_req("POST", "/api/v3/order",
                 "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=90000",
                 at(0.2)),
      at(0.2));
  ASSERT_EQ(res.status, 200) << res.body;
  const auto id = json::parse(res.body)["orderId"].get<std::int64_t>();
  res = ex.handle(signed_req("GET", "/api/v3/openOrders", "symbol=BTCUSDT", at(0.3)), at(0.3));
  EXPECT_EQ(json::parse(res.body).size(), 1U);
  res = ex.handle(signed_req("DELETE", "/api/v3/order",
                             "symbol=BTCUSDT&orderId=" + std::to_string(id), at(0.4)),
                  at(0.4));
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(json::parse(res.body)["status"], "CANCELED");
  res = ex.handle(signed_req("DELETE", "/api/v3/order",
                             "symbol=BTCUSDT&orderId=" + std::to_string(id), at(0.5)),
                  at(0.5));
  EXPECT_EQ(json::parse(res.body)["code"], -2011);
  res = ex.handle(signed_req("GET", "/api/v3/allOrders", "symbol=BTCUSDT", at(0.6)), at(0.6));
  const auto all = json::parse(res.body);
  ASSERT_EQ(all.size(), 1U);
  EXPECT_EQ(all[0]["status"], "CANCELED");

  // Lot size, minimum notional, balance, unknown order, missing timestamp, old timestamp.
  res = ex.handle(
      signed_req("POST", "/api/v3/order",
                 "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.000001&price=90000",
                 at(1)),
      at(1));
  EXPECT_EQ(json::parse(res.body)["msg"], "Filter failure: LOT_SIZE");
  res = ex.handle(
      signed_req("POST", "/api/v3/order",
                 "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.00001&price=90000",
                 at(1)),
      at(1));
  EXPECT_EQ(json::parse(res.body)["msg"], "Filter failure: NOTIONAL");
  res = ex.handle(
      signed_req("POST", "/api/v3/order",
                 "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=90000",
                 at(1)),
      at(1));
  EXPECT_EQ(json::parse(res.body)["code"], -2010);
  res = ex.handle(signed_req("GET", "/api/v3/order", "symbol=BTCUSDT&orderId=999", at(1)), at(1));
  EXPECT_EQ(json::parse(res.body)["code"], -2013);
  res = ex.handle(get("/api/v3/account"), at(1));
  EXPECT_EQ(json::parse(res.body)["code"], -1102);
  res = ex.handle(signed_req("GET", "/api/v3/account", "", at(1)), at(3));
  EXPECT_EQ(json::parse(res.body)["code"], -1021);
  EXPECT_EQ(ex.handle(get("/api/v3/nothing"), at(1)).status, 404);
}

TEST(SimExchange, MarketOrderFillsAtTheNextBarsOpen) {
  SimExchange ex(config(), kStart);
  auto res = ex.handle(
      signed_req("POST", "/api/v3/order",
                 "symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=1000&newClientOrderId=m1",
                 at(0.5)),
      at(0.5));
  ASSERT_EQ(res.status, 200) << res.body;
  res = ex.handle(
      signed_req("GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=m1", at(1.1)), at(1.1));
  const auto j = json::parse(res.body);
  EXPECT_EQ(j["status"], "FILLED") << res.body;
  EXPECT_EQ(j["type"], "MARKET");
}

TEST(SimExchange, SignaturesAreVerifiedWhenASecretIsSet) {
  SimExchange ex(config("s3cret"), kStart);
  auto res = ex.handle(signed_req("GET", "/api/v3/account", "", at(0.1), "s3cret"), at(0.1));
  EXPECT_EQ(res.status, 200) << res.body;
  res = ex.handle(signed_req("GET", "/api/v3/account", "", at(0.1), "wrong"), at(0.1));
  EXPECT_EQ(json::parse(res.body)["code"], -1022);
  EXPECT_EQ(res.body.find("s3cret"), std::string::npos);
  auto req = signed_req("GET", "/api/v3/account", "", at(0.1), "s3cret");
  req.headers[0].second = "OTHER";
  EXPECT_EQ(json::parse(ex.handle(req, at(0.1)).body)["code"], -2015);
  // A POST signed over its body, as ccxt sends it.
  net::HttpRequest post;
  post.method = "POST";
  post.path = "/api/v3/order";
  post.headers = {{"X-MBX-APIKEY", "KEY"}, {"Content-Type", "application/x-www-form-urlencoded"}};
  post.body = Signer::hmac("s3cret").sign("timestamp=" + std::to_string(at(0.2).unix_ms()) +
                                          "&symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&"
                                          "quantity=0.001&price=90000&recvWindow=60000");
  res = ex.handle(post, at(0.2));
  EXPECT_EQ(res.status, 200) << res.body;
  post.body += "0";
  EXPECT_EQ(json::parse(ex.handle(post, at(0.2)).body)["code"], -1022);
}

}  // namespace
}  // namespace talon::binance
