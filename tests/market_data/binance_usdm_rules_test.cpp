// Binance USDⓈ-M rules read from the exchange's own JSON: recorded exchangeInfo responses
// and leverageBracket tables (tests/data/README.md says where each came from), checked
// field by field against the values in those files and against the built-in rules.

#include <gtest/gtest.h>

#include <fstream>

#include <talon/core/error.hpp>
#include <talon/data/binance_usdm_rules.hpp>

#include "test_data.hpp"

namespace talon {
namespace {

Decimal D(const char* s) {
  return Decimal::parse(s);
}

std::filesystem::path fixture(const char* name) {
  return std::filesystem::path(TALON_TEST_DATA_DIR) / name;
}

std::string what(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(UsdmExchangeInfo, ReadsBtcusdtFiltersFromA2025Response) {
  const Instrument i = read_usdm_exchange_info(
      fixture("binance_usdm_exchange_info_BTCUSDT_2025-05-30.json"), "BTCUSDT");
  EXPECT_EQ(i.exchange, "BINANCE_USDM");
  EXPECT_EQ(i.asset_type, AssetType::Perpetual);
  EXPECT_EQ(i.base_currency, "BTC");
  EXPECT_EQ(i.quote_currency, "USDT");
  EXPECT_EQ(i.status, InstrumentStatus::Trading);
  EXPECT_EQ(i.tick_size, D("0.1"));
  EXPECT_EQ(i.lot_size, D("0.001"));
  EXPECT_EQ(i.min_quantity, D("0.001"));
  EXPECT_EQ(i.max_quantity, D("1000"));
  EXPECT_EQ(i.market_lot_size, D("0.001"));
  EXPECT_EQ(i.market_min_quantity, D("0.001"));
  EXPECT_EQ(i.market_max_quantity, D("1000"));
  EXPECT_EQ(i.min_notional, D("100"));
  EXPECT_EQ(i.price_precision, 2);
  EXPECT_EQ(i.quantity_precision, 3);
}

TEST(UsdmExchangeInfo, ReadsEthusdtAndPicksTheSymbolAskedFor) {
  const auto file = fixture("binance_usdm_exchange_info_BTCUSDT_ETHUSDT_2024-05-07.json");
  const Instrument eth = read_usdm_exchange_info(file, "ETHUSDT");
  EXPECT_EQ(eth.tick_size, D("0.01"));
  EXPECT_EQ(eth.lot_size, D("0.001"));
  EXPECT_EQ(eth.max_quantity, D("10000"));
  EXPECT_EQ(eth.market_max_quantity, D("2000"));
  EXPECT_EQ(eth.min_notional, D("20"));
  // The same response's BTCUSDT capped market orders at 120 then (1000 in 2025).
  EXPECT_EQ(read_usdm_exchange_info(file, "BTCUSDT").market_max_quantity, D("120"));
}

TEST(UsdmExchangeInfo, BuiltInRulesAreTheRecordedResponses) {
  auto same = [](const Instrument& a, const Instrument& b) {
    EXPECT_EQ(a.symbol, b.symbol);
    EXPECT_EQ(a.base_currency, b.base_currency);
    EXPECT_EQ(a.quote_currency, b.quote_currency);
    EXPECT_EQ(a.tick_size, b.tick_size);
    EXPECT_EQ(a.lot_size, b.lot_size);
    EXPECT_EQ(a.min_quantity, b.min_quantity);
    EXPECT_EQ(a.max_quantity, b.max_quantity);
    EXPECT_EQ(a.market_lot_size, b.market_lot_size);
    EXPECT_EQ(a.market_min_quantity, b.market_min_quantity);
    EXPECT_EQ(a.market_max_quantity, b.market_max_quantity);
    EXPECT_EQ(a.min_notional, b.min_notional);
    EXPECT_EQ(a.price_precision, b.price_precision);
    EXPECT_EQ(a.quantity_precision, b.quantity_precision);
    EXPECT_EQ(a.asset_type, b.asset_type);
    EXPECT_EQ(a.exchange, b.exchange);
  };
  same(*find_builtin_instrument("BTCUSDT", "BINANCE_USDM"),
       read_usdm_exchange_info(fixture("binance_usdm_exchange_info_BTCUSDT_2025-05-30.json"),
                               "BTCUSDT"));
  same(*find_builtin_instrument("ETHUSDT", "BINANCE_USDM"),
       read_usdm_exchange_info(
           fixture("binance_usdm_exchange_info_BTCUSDT_ETHUSDT_2024-05-07.json"), "ETHUSDT"));
}

TEST(UsdmExchangeInfo, ErrorsNameTheField) {
  const std::string spot = (std::ifstream(fixture("binance_spot_exchange_info_response.json"))
                                ? [] {
                                    std::ifstream in(fixture("binance_spot_exchange_info_response.json"));
                                    return std::string(std::istreambuf_iterator<char>(in), {});
                                  }()
                                : std::string());
  ASSERT_FALSE(spot.empty());
  // A spot response has no contractType: it is not a USDⓈ-M answer.
  EXPECT_EQ(what([&] { parse_usdm_exchange_info(spot, "ETHBTC"); }),
            "exchangeInfo ETHBTC contractType: missing");
  EXPECT_EQ(what([&] { parse_usdm_exchange_info(spot, "BTCUSDT"); }),
            "exchangeInfo: symbols: no entry for BTCUSDT");
  const std::string base = R"({"symbols":[{"symbol":"X","contractType":"PERPETUAL","baseAsset":"A",
    "quoteAsset":"B","status":"TRADING","pricePrecision":2,"quantityPrecision":3,"filters":[
    {"filterType":"PRICE_FILTER","tickSize":"0.10"},
    {"filterType":"LOT_SIZE","stepSize":"0.001","minQty":"0.001","maxQty":"1000"},
    {"filterType":"MARKET_LOT_SIZE","stepSize":"0.001","minQty":"0.001","maxQty":"120"},
    {"filterType":"MIN_NOTIONAL","notional":"100"}]}]})";
  EXPECT_EQ(parse_usdm_exchange_info(base, "X").market_max_quantity, D("120"));
  auto with = [&](const std::string& from, const std::string& to) {
    std::string s = base;
    const auto at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return s.replace(at, from.size(), to);
  };
  EXPECT_EQ(what([&] {
              parse_usdm_exchange_info(with(R"("tickSize":"0.10")", R"("tickSize":"0,1")"), "X");
            }),
            "exchangeInfo X filters.PRICE_FILTER.tickSize: not a decimal number: '0,1'");
  EXPECT_EQ(what([&] {
              parse_usdm_exchange_info(with(R"("tickSize":"0.10")", R"("tickSize":"0")"), "X");
            }),
            "exchangeInfo X filters.PRICE_FILTER.tickSize: 0 is not positive");
  EXPECT_EQ(what([&] {
              parse_usdm_exchange_info(with(R"({"filterType":"MIN_NOTIONAL","notional":"100"})",
                                            R"({"filterType":"NOTIONAL","minNotional":"100"})"),
                                       "X");
            }),
            "exchangeInfo X filters.MIN_NOTIONAL: missing");
  EXPECT_EQ(
      what([&] { parse_usdm_exchange_info(with(R"("maxQty":"120")", R"("maxQty":null)"), "X"); }),
      "exchangeInfo X filters.MARKET_LOT_SIZE.maxQty: expected a number or a decimal string, got "
      "null");
  EXPECT_EQ(what([&] { parse_usdm_exchange_info(with("PERPETUAL", "CURRENT_QUARTER"), "X"); }),
            "exchangeInfo X contractType: CURRENT_QUARTER: only PERPETUAL is supported");
  EXPECT_EQ(what([&] {
              parse_usdm_exchange_info(with(R"("pricePrecision":2)", R"("pricePrecision":"two")"),
                                       "X");
            }),
            "exchangeInfo X pricePrecision: expected an integer, got \"two\"");
  EXPECT_EQ(what([&] { parse_usdm_exchange_info(with(R"("baseAsset":"A",)", ""), "X"); }),
            "exchangeInfo X baseAsset: missing");
  EXPECT_THROW(parse_usdm_exchange_info("{", "X"), ParseError);
  EXPECT_THROW(read_usdm_exchange_info(fixture("no_such_file.json"), "X"), DataError);
}

TEST(LeverageBrackets, TheShippedTableReadsBackAsTheBuiltInOnes) {
  const auto file = std::filesystem::path(TALON_REPO_DATA_DIR) / "binance_usdm" /
                    "leverage_brackets_BTCUSDT_ETHUSDT_2024-10-24.json";
  EXPECT_EQ(read_leverage_brackets(file, "BTCUSDT"), binance_btcusdt_usdm_brackets());
  EXPECT_EQ(read_leverage_brackets(file, "ETHUSDT"), binance_ethusdt_usdm_brackets());
  // The table in ccxt's all-strings form reads to the same brackets.
  EXPECT_EQ(
      read_leverage_brackets(
          fixture("binance_usdm_leverage_bracket_BTCUSDT_2024-10-24_ccxt_strings.json"), "BTCUSDT"),
      binance_btcusdt_usdm_brackets());
}

TEST(LeverageBrackets, ReadsTheDocumentedSingleSymbolAnswer) {
  const auto t =
      read_leverage_brackets(fixture("binance_usdm_leverage_bracket_docs_example.json"), "ETHUSDT");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0], (MarginTier{D("0"), D("10000"), 75, D("0.0065"), D("0")}));
  EXPECT_EQ(what([&] {
              read_leverage_brackets(fixture("binance_usdm_leverage_bracket_docs_example.json"),
                                     "BTCUSDT");
            }).find("leverageBracket: symbol: no entry for BTCUSDT") != std::string::npos,
            true);
}

TEST(LeverageBrackets, ErrorsNameTheBracketAndField) {
  const std::string two = R"([{"symbol":"X","brackets":[
    {"bracket":1,"initialLeverage":125,"notionalCap":50000,"notionalFloor":0,"maintMarginRatio":0.004,"cum":0.0},
    {"bracket":2,"initialLeverage":100,"notionalCap":600000,"notionalFloor":50000,"maintMarginRatio":0.005,"cum":50.0}]}])";
  EXPECT_EQ(parse_leverage_brackets(two, "X").size(), 2u);
  auto with = [&](const std::string& from, const std::string& to) {
    std::string s = two;
    const auto at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return s.replace(at, from.size(), to);
  };
  EXPECT_EQ(what([&] { parse_leverage_brackets(with(R"("cum":50.0)", R"("cum":"fifty")"), "X"); }),
            "leverageBracket X brackets[1].cum: not a decimal number: 'fifty'");
  EXPECT_EQ(what([&] { parse_leverage_brackets(with(R"(,"cum":50.0)", ""), "X"); }),
            "leverageBracket X brackets[1].cum: missing");
  EXPECT_EQ(what([&] { parse_leverage_brackets(with(R"("bracket":2)", R"("bracket":3)"), "X"); }),
            "leverageBracket X brackets[1].bracket: expected 2, got 3");
  EXPECT_EQ(what([&] {
              parse_leverage_brackets(with(R"("initialLeverage":100)", R"("initialLeverage":200)"),
                                      "X");
            }),
            "leverageBracket X brackets[1].initialLeverage: 200 outside 1..125");
  // cum must follow Binance's recurrence: 0 + 50,000 × (0.5 % − 0.4 %) = 50.
  EXPECT_EQ(what([&] { parse_leverage_brackets(with(R"("cum":50.0)", R"("cum":60)"), "X"); }),
            "leverageBracket X brackets: margin tier 2: cum 60 should be 50");
  EXPECT_EQ(what([&] { parse_leverage_brackets(R"([{"symbol":"X","brackets":[]}])", "X"); }),
            "leverageBracket X brackets: expected a non-empty array");
  EXPECT_THROW(parse_leverage_brackets("[", "X"), ParseError);
}

}  // namespace
}  // namespace talon
