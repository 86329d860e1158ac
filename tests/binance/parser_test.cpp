// The Binance parsers on every fixture payload (Binance's documentation examples and
// nautilus_trader's Binance test data, tests/fixtures/binance/README.md), exact values on
// one payload of each kind, and malformed messages.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include <talon/binance/parser.hpp>

#include "fixtures.hpp"
#include "test_data.hpp"

namespace talon::binance {
namespace {

using nlohmann::json;

Decimal d(const char* s) {
  return Decimal::parse(s);
}

std::string nautilus(const std::string& rel) {
  return test::read_text(test::binance_fixture("nautilus/" + rel));
}

// Kinds the parser converts: a fixture of one of these must parse.
bool converted(const std::string& kind) {
  return kind == "trade" || kind == "aggTrade" || kind == "bookTicker" || kind == "depthUpdate" ||
         kind == "kline" || kind == "executionReport" || kind == "ORDER_TRADE_UPDATE";
}

TEST(BinanceParser, EveryNautilusPayloadParses) {
  int files = 0, events = 0;
  for (const auto& dir : {"spot", "futures"}) {
    Parser p(std::string(dir) == "spot" ? Market::Spot : Market::UsdM);
    for (const auto& e : std::filesystem::recursive_directory_iterator(
             test::binance_fixture(std::string("nautilus/") + dir))) {
      if (e.path().extension() != ".json") continue;
      Message m;
      const auto st = p.message(test::read_text(e.path().string()), m, Timestamp::from_ms(1));
      EXPECT_TRUE(st.ok) << e.path() << ": " << st.error;
      if (converted(m.kind)) {
        EXPECT_FALSE(std::holds_alternative<std::monostate>(m.value) && m.kind != "kline")
            << e.path();
        ++events;
      }
      ++files;
    }
    EXPECT_EQ(p.errors().total(), 0U);
  }
  EXPECT_EQ(files, 57);
  EXPECT_GE(events, 20);
}

TEST(BinanceParser, EveryDocumentationExampleParses) {
  Parser p(Market::Spot);
  int examples = 0, events = 0;
  for (const auto& name : {"web-socket-streams.json", "user-data-stream.json", "rest-api.json"}) {
    const json doc =
        json::parse(test::read_text(test::binance_fixture(std::string("spot-docs/") + name)));
    for (const json& ex : doc["examples"]) {
      Message m;
      const auto st = p.message(ex["json"].dump(), m);
      EXPECT_TRUE(st.ok) << name << " " << ex["section"] << ": " << st.error;
      if (converted(m.kind)) ++events;
      ++examples;
    }
  }
  EXPECT_EQ(examples, 76 + 27 + 6);
  EXPECT_GE(events, 7);
  EXPECT_EQ(p.errors().total(), 0U);
}

TEST(BinanceParser, SpotTradeAndAggTrade) {
  Parser p(Market::Spot);
  TradeTick t;
  ASSERT_TRUE(p.trade(
      R"({"e":"trade","E":1672515782136,"s":"BNBBTC","t":12345,"p":"0.001","q":"100","T":1672515782136,"m":true,"M":true})",
      t, Timestamp::from_ms(1672515782200)));
  EXPECT_EQ(t.instrument.to_string(), "BNBBTC.BINANCE");
  EXPECT_EQ(t.id, 12345);
  EXPECT_EQ(t.price, d("0.001"));
  EXPECT_EQ(t.quantity, d("100"));
  EXPECT_EQ(t.at, Timestamp::from_ms(1672515782136));
  EXPECT_EQ(t.ts_init, Timestamp::from_ms(1672515782200));
  EXPECT_TRUE(t.buyer_is_maker);

  Parser f(Market::UsdM);
  ASSERT_TRUE(f.agg_trade(nautilus("futures/market_data_json/agg_trade_stream.json"), t));
  EXPECT_EQ(t.instrument.to_string(), "BTCUSDT-PERP.BINANCE");
  EXPECT_EQ(t.id, 5933014);
  EXPECT_EQ(t.first_trade_id, 100);
  EXPECT_EQ(t.last_trade_id, 105);
  EXPECT_EQ(t.at, Timestamp::from_ms(123456785));
}

TEST(BinanceParser, BookTickers) {
  Parser p(Market::Spot);
  QuoteTick q;
  ASSERT_TRUE(p.book_ticker(
      R"({"u":400900217,"s":"BNBUSDT","b":"25.35190000","B":"31.21000000","a":"25.36520000","A":"40.66000000"})",
      q, Timestamp::from_ms(5)));
  EXPECT_EQ(q.update_id, 400900217U);
  EXPECT_EQ(q.bid_price, d("25.3519"));
  EXPECT_EQ(q.ask_quantity, d("40.66"));
  EXPECT_EQ(q.ts_event, Timestamp::from_ms(5));  // spot carries no time

  Parser f(Market::UsdM);
  ASSERT_TRUE(f.book_ticker(nautilus("futures/market_data_json/book_ticker_stream.json"), q));
  EXPECT_EQ(q.ts_event, Timestamp::from_ms(1568014460891));
}

TEST(BinanceParser, DepthUpdateWithPreviousId) {
  Parser f(Market::UsdM);
  DepthUpdate u;
  std::uint64_t pu = 0;
  ASSERT_TRUE(f.depth_update(nautilus("futures/market_data_json/depth_update_stream.json"), u, pu));
  EXPECT_EQ(u.first_update_id, 157U);
  EXPECT_EQ(u.final_update_id, 160U);
  EXPECT_EQ(pu, 149U);
  ASSERT_EQ(u.changes.size(), 2U);
  EXPECT_TRUE(u.changes[0].bid);
  EXPECT_EQ(u.changes[0].price, d("0.0024"));
  EXPECT_EQ(u.changes[1].quantity, d("100"));
}

TEST(BinanceParser, KlineStreamAndRestKlines) {
  Parser p(Market::Spot);
  Bar b;
  bool closed = true;
  ASSERT_TRUE(p.kline(
      R"({"e":"kline","E":1672515782136,"s":"BNBBTC","k":{"t":1672515780000,"T":1672515839999,"s":"BNBBTC","i":"1m","f":100,"L":200,"o":"0.0010","c":"0.0020","h":"0.0025","l":"0.0015","v":"1000","n":100,"x":false,"q":"1.0000","V":"500","Q":"0.500","B":"123456"}})",
      b, closed));
  EXPECT_FALSE(closed);
  EXPECT_EQ(b.interval_ns, kNanosPerMinute);
  EXPECT_EQ(b.high, d("0.0025"));
  EXPECT_EQ(b.trades_count, 100);

  std::vector<Bar> bars;
  const auto id = instrument_id("BTCUSDT", Market::Spot);
  ASSERT_TRUE(p.klines(test::read_text(test::test_data("binance_rest_klines_response.json")), id,
                       kNanosPerMinute, bars));
  ASSERT_FALSE(bars.empty());
  EXPECT_EQ(bars[0].instrument, id);
  EXPECT_LT(bars[0].open_time, bars[0].close_time);
}

TEST(BinanceParser, DepthSnapshot) {
  Parser p(Market::Spot);
  DepthSnapshot s;
  ASSERT_TRUE(p.depth_snapshot(nautilus("spot/http_json/depth_response.json"),
                               instrument_id("LTCBTC", Market::Spot), Timestamp::from_ms(7), s));
  EXPECT_EQ(s.last_update_id, 1027024U);
  ASSERT_EQ(s.levels.size(), 2U);
  EXPECT_EQ(s.levels[1].price, d("4.000002"));
  EXPECT_FALSE(s.levels[1].bid);
  EXPECT_EQ(s.at, Timestamp::from_ms(7));
}

TEST(BinanceParser, UsdmExchangeInfoGivesTheRealFilters) {
  Parser p(Market::UsdM);
  std::vector<Instrument> out;
  ASSERT_TRUE(p.exchange_info(
      test::read_text(test::test_data("binance_usdm_exchange_info_BTCUSDT_2025-05-30.json")), out));
  ASSERT_EQ(out.size(), 1U);
  const Instrument& i = out[0];
  EXPECT_EQ(i.symbol, "BTCUSDT");
  EXPECT_EQ(i.asset_type, AssetType::Perpetual);
  EXPECT_EQ(i.tick_size, d("0.1"));
  EXPECT_EQ(i.lot_size, d("0.001"));
  EXPECT_EQ(i.min_quantity, d("0.001"));
  EXPECT_EQ(i.max_quantity, d("1000"));
  EXPECT_EQ(i.market_lot_size, d("0.001"));
  EXPECT_EQ(i.min_notional, d("100"));
  EXPECT_EQ(i.price_precision, 2);
  EXPECT_EQ(i.quantity_precision, 3);
  EXPECT_EQ(i.id().to_string(), "BTCUSDT-PERP.BINANCE");
}

TEST(BinanceParser, SpotExchangeInfoWithoutFilters) {
  Parser p(Market::Spot);
  std::vector<Instrument> out;
  ASSERT_TRUE(p.exchange_info(nautilus("spot/http_json/exchange_info_response.json"), out));
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].base_currency, "ETH");
  EXPECT_EQ(out[0].quote_currency, "BTC");
  EXPECT_TRUE(out[0].tick_size.is_zero());
}

TEST(BinanceParser, ExecutionReportTradeIsAFill) {
  Parser p(Market::Spot);
  ExecutionReport r;
  ASSERT_TRUE(p.execution_report(nautilus("spot/user_data_json/execution_report_trade.json"), r));
  const auto* f = std::get_if<OrderFilled>(&r);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->client_order_id, "x-TD67BGP9-T0000000000000");
  EXPECT_EQ(f->venue_order_id, "12345678");
  EXPECT_EQ(f->fill.price, d("2500"));
  EXPECT_EQ(f->fill.quantity, d("1"));
  EXPECT_EQ(f->fill.fee, d("0.001"));
  EXPECT_EQ(f->fill.fee_currency, "ETH");
  EXPECT_EQ(f->fill.trade_id, "98765432");
  EXPECT_EQ(f->fill.liquidity, Liquidity::Maker);
  EXPECT_EQ(f->fill.side, OrderSide::Buy);
  EXPECT_EQ(f->ts_event, Timestamp::from_ms(1709654401000));
}

TEST(BinanceParser, ExecutionReportKinds) {
  Parser p(Market::Spot);
  ExecutionReport r;
  ASSERT_TRUE(p.execution_report(nautilus("spot/user_data_json/execution_report_new.json"), r));
  EXPECT_TRUE(std::holds_alternative<OrderAccepted>(r));
  ASSERT_TRUE(
      p.execution_report(nautilus("spot/user_data_json/execution_report_canceled.json"), r));
  EXPECT_TRUE(std::holds_alternative<OrderCancelled>(r));
  ASSERT_TRUE(p.execution_report(nautilus("spot/user_data_json/execution_report_expired.json"), r));
  EXPECT_TRUE(std::holds_alternative<OrderExpired>(r));
  // A cancel names the cancelled order in C.
  ASSERT_TRUE(p.execution_report(
      R"({"e":"executionReport","E":1,"s":"BTCUSDT","c":"cancel-req","C":"my-order","S":"BUY","x":"CANCELED","X":"CANCELED","i":5})",
      r));
  EXPECT_EQ(std::get<OrderCancelled>(r).client_order_id, "my-order");
}

TEST(BinanceParser, OrderTradeUpdate) {
  Parser f(Market::UsdM);
  ExecutionReport r;
  ASSERT_TRUE(
      f.order_trade_update(nautilus("futures/user_data_json/order_update_trade_partial.json"), r));
  const auto* fill = std::get_if<OrderFilled>(&r);
  ASSERT_NE(fill, nullptr);
  EXPECT_EQ(fill->instrument.to_string(), "BTCUSDT-PERP.BINANCE");
  ASSERT_TRUE(f.order_trade_update(nautilus("futures/user_data_json/order_update_new.json"), r));
  EXPECT_TRUE(std::holds_alternative<OrderAccepted>(r));
  // CALCULATED: a liquidation fill.
  ASSERT_TRUE(
      f.order_trade_update(nautilus("futures/user_data_json/order_update_calculated.json"), r));
  EXPECT_EQ(std::get<OrderFilled>(r).fill.price, d("9910.12"));
}

TEST(BinanceParser, MalformedMessagesAreCountedAndNamed) {
  Parser p(Market::Spot);
  TradeTick t;
  auto st = p.trade(R"({"e":"trade","s":"BTCUSDT","t":1,"p":"abc","q":"1","T":1,"m":true})", t);
  EXPECT_FALSE(st.ok);
  EXPECT_NE(st.error.find("\"p\""), std::string::npos) << st.error;
  st = p.trade(R"({"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"1","m":true})", t);
  EXPECT_NE(st.error.find("missing field \"T\""), std::string::npos) << st.error;
  st = p.trade(R"({"e":"trade",)", t);
  EXPECT_NE(st.error.find("not JSON"), std::string::npos) << st.error;
  st = p.trade(
      R"({"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"1","T":99999999999999999,"m":true})", t);
  EXPECT_NE(st.error.find("time range"), std::string::npos) << st.error;
  EXPECT_EQ(p.errors().count("trade"), 4U);

  Message m;
  EXPECT_FALSE(p.message(R"({"e":"depthUpdate","E":1,"s":"X","U":5,"u":4,"b":[],"a":[]})", m).ok);
  EXPECT_EQ(p.errors().count("depthUpdate"), 1U);
  EXPECT_FALSE(
      p.message(R"({"e":"depthUpdate","E":1,"s":"X","U":1,"u":4,"b":[["1"]],"a":[]})", m).ok);
  EXPECT_FALSE(
      p.message(R"({"e":"executionReport","E":1,"s":"X","c":"a","S":"BUY","x":"WEIRD","i":1})", m)
          .ok);
  EXPECT_EQ(p.errors().count("executionReport"), 1U);
  EXPECT_NE(p.errors().first_error("executionReport").find("WEIRD"), std::string::npos);
  // An unknown kind is not an error.
  EXPECT_TRUE(p.message(R"({"e":"somethingNew","E":1})", m).ok);
  EXPECT_EQ(m.kind, "somethingNew");
}

TEST(BinanceParser, CombinedStreamEnvelope) {
  Parser p(Market::Spot);
  Message m;
  ASSERT_TRUE(p.message(
      R"({"stream":"bnbbtc@trade","data":{"e":"trade","E":1,"s":"BNBBTC","t":7,"p":"1","q":"2","T":3,"m":false}})",
      m));
  EXPECT_EQ(m.kind, "trade");
  const auto& ev = std::get<MarketEvent>(m.value);
  EXPECT_EQ(std::get<TradeTick>(ev).id, 7);
}

}  // namespace
}  // namespace talon::binance
