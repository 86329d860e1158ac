// Typed ids: the text forms Nautilus Trader uses ("BTCUSDT.BINANCE"), the limits, and that
// ids of different kinds do not mix.

#include <gtest/gtest.h>

#include <type_traits>
#include <unordered_set>

#include <talon/core/error.hpp>
#include <talon/model/execution_report.hpp>
#include <talon/model/ids.hpp>
#include <talon/model/instrument.hpp>
#include <talon/model/market_event.hpp>

namespace talon {
namespace {

TEST(InstrumentId, PrintsAndParsesSymbolDotVenue) {
  const InstrumentId id("BTCUSDT-PERP", "BINANCE");
  EXPECT_EQ(id.to_string(), "BTCUSDT-PERP.BINANCE");
  EXPECT_EQ(InstrumentId::parse("BTCUSDT-PERP.BINANCE"), id);
  // The venue is what follows the last dot: symbols may hold dots (e.g. "BRK.B.NYSE").
  const InstrumentId stock = InstrumentId::parse("BRK.B.NYSE");
  EXPECT_EQ(stock.symbol(), "BRK.B");
  EXPECT_EQ(stock.venue(), "NYSE");
}

TEST(InstrumentId, RefusesWhatNoIdCanHoldNamingTheField) {
  EXPECT_THROW(InstrumentId::parse("BTCUSDT"), ParseError);
  try {
    InstrumentId("BTCUSDT", "");
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("venue"), std::string::npos);
  }
  EXPECT_THROW(InstrumentId("BTC USDT", "BINANCE"), InvalidArgument);
  EXPECT_THROW(InstrumentId(std::string(24, 'X'), "BINANCE"), InvalidArgument);
  EXPECT_NO_THROW(InstrumentId(std::string(23, 'X'), std::string(15, 'V')));
  EXPECT_THROW(InstrumentId("BTCUSDT", std::string(16, 'V')), InvalidArgument);
}

TEST(InstrumentId, IsTriviallyCopyableSoEventsCarryItWithoutAllocating) {
  EXPECT_TRUE(std::is_trivially_copyable_v<InstrumentId>);
  std::unordered_set<InstrumentId> set{InstrumentId("BTCUSDT", "BINANCE"),
                                       InstrumentId("ETHUSDT", "BINANCE")};
  EXPECT_EQ(set.count(InstrumentId::parse("ETHUSDT.BINANCE")), 1u);
  EXPECT_LT(InstrumentId("BTCUSDT", "BINANCE"), InstrumentId("ETHUSDT", "BINANCE"));
}

TEST(InstrumentId, BuiltInInstrumentsNameSpotAndPerpetualApart) {
  EXPECT_EQ(find_builtin_instrument("BTCUSDT")->id().to_string(), "BTCUSDT.BINANCE");
  EXPECT_EQ(find_builtin_instrument("BTCUSDT", "BINANCE_USDM")->id().to_string(),
            "BTCUSDT-PERP.BINANCE");
}

TEST(TypedIds, OneKindCannotStandForAnother) {
  static_assert(!std::is_convertible_v<ClientOrderId, VenueOrderId>);
  static_assert(!std::is_convertible_v<std::string, ClientOrderId>);
  static_assert(!std::is_convertible_v<TradeId, ClientOrderId>);
  EXPECT_EQ(ClientOrderId("talon-1"), "talon-1");
  EXPECT_NE(ClientOrderId("a"), ClientOrderId("b"));
}

TEST(MarketEvent, EveryKindHasItsEventTimeAndInstrument) {
  const InstrumentId btc("BTCUSDT", "BINANCE");
  Bar bar;
  bar.open_time = Timestamp::from_ms(0);
  bar.close_time = Timestamp::from_ms(59'999);
  bar.instrument = btc;
  EXPECT_EQ(ts_event(MarketEvent(bar)), Timestamp::from_ms(59'999));  // known once closed
  TradeTick trade;
  trade.at = Timestamp::from_ms(5);
  EXPECT_EQ(ts_event(MarketEvent(trade)), Timestamp::from_ms(5));
  MarkPrice mark;
  mark.ts_event = Timestamp::from_ms(7);
  mark.instrument = btc;
  EXPECT_EQ(ts_event(MarketEvent(mark)), Timestamp::from_ms(7));
  EXPECT_EQ(instrument_of(MarketEvent(mark)), btc);
  EXPECT_STREQ(kind_name(MarketEvent(FundingRate{})), "funding");
  EXPECT_STREQ(kind_name(MarketEvent(QuoteTick{})), "quote");
}

TEST(ExecutionReport, KindsAndHeaders) {
  OrderFilled filled;
  filled.client_order_id = ClientOrderId("talon-7");
  filled.fill.trade_id = TradeId("42");
  const ExecutionReport r = filled;
  EXPECT_STREQ(kind_name(r), "FILLED");
  EXPECT_EQ(header_of(r).client_order_id, "talon-7");
  EXPECT_STREQ(kind_name(ExecutionReport(PositionLiquidated{})), "LIQUIDATED");
}

}  // namespace
}  // namespace talon
