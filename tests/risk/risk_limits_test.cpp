// One suite per limit: the order just inside the limit passes, the one just outside is
// refused with the limit's reason code, through the order manager as paper and live orders
// go (desk.hpp). Prices 100 USDT, quantities of BTC; the lot size 0.00001 is the finest step.

#include <gtest/gtest.h>

#include <fstream>

#include <talon/risk/trading_calendar.hpp>

#include "desk.hpp"
#include "test_data.hpp"

namespace talon {
namespace {

using test::code_of;
using test::D;
using test::Desk;
using test::limit;
using test::limits;
using test::market;

constexpr auto Buy = OrderSide::Buy;
constexpr auto Sell = OrderSide::Sell;

TEST(RiskMaxOrderSize, AtTheLimitPassesOneLotMoreIsRefused) {
  Desk d(limits({"max_order_size=0.5"}));
  EXPECT_EQ(d.submit(limit(Buy, "0.5", "100")).status, OrderStatus::Submitted);
  const Order& o = d.submit(limit(Buy, "0.50001", "100"));
  EXPECT_EQ(code_of(o), "MAX_ORDER_SIZE");
  EXPECT_NE(o.reject_reason.find("0.50001"), std::string::npos) << o.reject_reason;
  EXPECT_NE(o.reject_reason.find("max_order_size 0.5"), std::string::npos) << o.reject_reason;
}

TEST(RiskMaxPositionSize, PositionPlusOpenOrdersUpToTheCapPassesBeyondIsRefused) {
  Desk d(limits({"max_position_size=1"}));
  d.account.held = D("0.4");
  EXPECT_EQ(d.submit(limit(Buy, "0.3", "99")).status, OrderStatus::Submitted);
  EXPECT_EQ(d.submit(limit(Buy, "0.3", "98")).status, OrderStatus::Submitted);  // 0.4+0.3+0.3 = 1
  EXPECT_EQ(code_of(d.submit(limit(Buy, "0.00001", "97"))), "MAX_POSITION_SIZE");
  // A sell shrinks the position: never refused by the cap.
  EXPECT_EQ(d.submit(limit(Sell, "0.4", "101")).status, OrderStatus::Submitted);
}

TEST(RiskMaxPositionSize, ShareOfEquity) {
  Desk d(limits({"max_position_pct=0.20"}));
  d.engine.on_start({}, Decimal::from_int(10'000));  // 20 % = 2000 USDT = 20 BTC at 100
  EXPECT_EQ(d.submit(limit(Buy, "20", "100")).status, OrderStatus::Submitted);
  Desk e(limits({"max_position_pct=0.20"}));
  e.engine.on_start({}, Decimal::from_int(10'000));
  EXPECT_EQ(code_of(e.submit(limit(Buy, "20.00001", "100"))), "MAX_POSITION_SIZE");
}

TEST(RiskMaxLeverage, ExposureUpToLeverageTimesEquityPasses) {
  Desk d(limits({"max_leverage=3"}));
  d.engine.on_start({}, Decimal::from_int(1'000));  // 3 × 1000 = 3000 USDT = 30 BTC at 100
  EXPECT_EQ(d.submit(limit(Buy, "30", "100")).status, OrderStatus::Submitted);
  const Order& o = d.submit(limit(Buy, "0.00001", "100"));
  EXPECT_EQ(code_of(o), "MAX_LEVERAGE");
  EXPECT_NE(o.reject_reason.find("max_leverage 3"), std::string::npos) << o.reject_reason;
}

TEST(RiskMaxLeverage, OutsideOneToFiftyIsAConfigurationError) {
  RiskLimits l;
  EXPECT_NO_THROW(set_limit(l, "max_leverage=50"));
  EXPECT_THROW(set_limit(l, "max_leverage=51"), InvalidArgument);
  EXPECT_THROW(set_limit(l, "max_leverage=0"), InvalidArgument);
}

TEST(RiskMaxOpenPositions, OpeningBeyondTheCountIsRefusedAddingIsNot) {
  Desk d(limits({"max_open_positions=1"}));
  // Another instrument already holds a position (seen by the same engine).
  Instrument eth = d.instrument;
  eth.symbol = "ETHUSDT";
  test::FakeAccount eth_books;
  eth_books.held = D("2");
  Order probe;
  probe.side = Buy;
  probe.type = OrderType::Limit;
  probe.quantity = D("0.1");
  probe.price = D("100");
  EXPECT_TRUE(d.engine.evaluate(eth, probe, {d.now, d.last, &eth_books, nullptr}).approved());
  // Flat in BTCUSDT: a second position is one too many.
  EXPECT_EQ(code_of(d.submit(limit(Buy, "0.1", "100"))), "MAX_OPEN_POSITIONS");
  // With max 2 it passes.
  Desk e(limits({"max_open_positions=2"}));
  EXPECT_TRUE(e.engine.evaluate(eth, probe, {e.now, e.last, &eth_books, nullptr}).approved());
  EXPECT_EQ(e.submit(limit(Buy, "0.1", "100")).status, OrderStatus::Submitted);
}

TEST(RiskMaxTradesPerHour, RollingHourExactToTheNanosecond) {
  Desk d(limits({"maxTradesPerHour=2"}));
  const Timestamp t0 = d.now;
  EXPECT_EQ(d.submit(limit(Buy, "0.1", "100")).status, OrderStatus::Submitted);
  d.now = Timestamp::from_ns(t0.ns + 10 * kNanosPerMinute);
  EXPECT_EQ(d.submit(limit(Buy, "0.1", "99")).status, OrderStatus::Submitted);
  // One nanosecond before the first order leaves the window: refused.
  d.now = Timestamp::from_ns(t0.ns + kNanosPerHour - 1);
  EXPECT_EQ(code_of(d.submit(limit(Buy, "0.1", "98"))), "MAX_TRADES_PER_HOUR");
  // Exactly one hour after it: the window (now − 1 h, now] no longer holds it.
  d.now = Timestamp::from_ns(t0.ns + kNanosPerHour);
  EXPECT_EQ(d.submit(limit(Buy, "0.1", "97")).status, OrderStatus::Submitted);
}

TEST(RiskMaxTradesPerHour, MustBeOneToOneHundred) {
  RiskLimits l;
  EXPECT_NO_THROW(set_limit(l, "maxTradesPerHour=100"));
  EXPECT_THROW(set_limit(l, "maxTradesPerHour=101"), InvalidArgument);
  EXPECT_THROW(set_limit(l, "maxTradesPerHour=0"), InvalidArgument);
}

TEST(RiskMaxDailySpend, BuysUpToTheCapPassResetAtMidnightUtc) {
  Desk d(limits({"maxDailySpend=100"}));
  d.now = parse_iso8601("2025-06-02T23:59:59.999999999Z");
  EXPECT_EQ(d.submit(limit(Buy, "0.6", "100")).status, OrderStatus::Submitted);  // 60
  EXPECT_EQ(d.submit(limit(Buy, "0.4", "100")).status, OrderStatus::Submitted);  // 100
  EXPECT_EQ(code_of(d.submit(limit(Buy, "0.00001", "100"))), "MAX_DAILY_SPEND");
  EXPECT_EQ(d.submit(limit(Sell, "0.5", "101")).status, OrderStatus::Submitted);  // not spend
  d.now = parse_iso8601("2025-06-03T00:00:00Z");
  EXPECT_EQ(d.submit(limit(Buy, "1", "100")).status, OrderStatus::Submitted);
}

TEST(RiskQuoteAmount, NotionalUpToQuoteAmount) {
  Desk d(limits({"quoteAmount=50"}));
  EXPECT_EQ(d.submit(limit(Buy, "0.5", "100")).status, OrderStatus::Submitted);
  EXPECT_EQ(code_of(d.submit(limit(Buy, "0.50001", "100"))), "QUOTE_AMOUNT");
}

TEST(RiskRecvWindow, RequestAsOldAsTheWindowPassesOlderIsRefused) {
  Desk d(limits({"recvWindow=1000"}));
  const Timestamp signed_at = d.now;
  EXPECT_TRUE(
      d.engine.check_recv_window(signed_at, Timestamp::from_ns(signed_at.ns + 1'000'000'000))
          .approved());
  const RiskVerdict v =
      d.engine.check_recv_window(signed_at, Timestamp::from_ns(signed_at.ns + 1'000'000'001));
  EXPECT_EQ(v.code, RiskCode::RecvWindow);
  RiskLimits l;
  EXPECT_THROW(set_limit(l, "recvWindow=1001"), InvalidArgument);
  EXPECT_THROW(set_limit(l, "recvWindow=0"), InvalidArgument);
}

TEST(RiskSafetyEnabled, OffLetsEveryOrderThroughAndSaysSoLoudly) {
  std::string logged;
  RiskLimits l = limits({"max_order_size=0.1", "safetyEnabled=false"});
  RiskEngine engine(l, nullptr, "bot-x", [&](std::string_view line) { logged += line; });
  EXPECT_NE(logged.find("RISK CHECKS DISABLED"), std::string::npos);
  Desk off(l);
  EXPECT_EQ(off.submit(limit(Buy, "5", "100")).status, OrderStatus::Submitted);
  // Instrument rules still apply (lot size).
  EXPECT_NE(off.submit(limit(Buy, "0.000001", "100")).reject_reason.find("LOT_SIZE"),
            std::string::npos);
  Desk on(limits({"max_order_size=0.1"}));
  EXPECT_EQ(code_of(on.submit(limit(Buy, "5", "100"))), "MAX_ORDER_SIZE");
}

TEST(RiskPriceBand, LimitPriceAtTheBandPassesBeyondIsRefused) {
  Desk d(limits({"price_band_pct=0.05"}));  // last 100: 95..105
  EXPECT_EQ(d.submit(limit(Buy, "0.1", "95")).status, OrderStatus::Submitted);
  EXPECT_EQ(d.submit(limit(Sell, "0.1", "105")).status, OrderStatus::Submitted);
  EXPECT_EQ(code_of(d.submit(limit(Buy, "0.1", "94.99"))), "PRICE_BAND");
  EXPECT_EQ(code_of(d.submit(limit(Sell, "0.1", "105.01"))), "PRICE_BAND");
}

TEST(RiskSelfTrade, OrderCrossingTheBotsOwnIsRefused) {
  Desk d(limits({"self_trade_prevention=true"}));
  EXPECT_EQ(d.submit(limit(Sell, "0.1", "101")).status, OrderStatus::Submitted);
  EXPECT_EQ(d.submit(limit(Buy, "0.1", "100.99")).status, OrderStatus::Submitted);  // below
  const Order& o = d.submit(limit(Buy, "0.1", "101"));
  EXPECT_EQ(code_of(o), "SELF_TRADE");
  EXPECT_EQ(code_of(d.submit(market(Buy, "0.1"))), "SELF_TRADE");
}

TEST(RiskDuplicateOrder, SameOrderWithinTheWindowIsRefused) {
  Desk d(limits({"duplicate_window_ms=1000"}));
  const Timestamp t0 = d.now;
  EXPECT_EQ(d.submit(limit(Buy, "0.1", "100")).status, OrderStatus::Submitted);
  d.now = Timestamp::from_ns(t0.ns + 999'999'999);
  EXPECT_EQ(code_of(d.submit(limit(Buy, "0.1", "100"))), "DUPLICATE_ORDER");
  d.now = Timestamp::from_ns(t0.ns + 1'000'000'000);
  EXPECT_EQ(d.submit(limit(Buy, "0.1", "100")).status, OrderStatus::Submitted);
}

TEST(RiskKillSwitch, PerBotAndGlobalSurviveARestart) {
  test::TempDir dir;
  const std::string path = dir.file("kill_switch");
  {
    KillSwitch ks(path);
    Desk other(limits({}), &ks, "bot-2");
    Desk d(limits({}), &ks, "bot-1");
    EXPECT_EQ(d.submit(limit(Buy, "0.1", "100")).status, OrderStatus::Submitted);
    ks.engage("bot-1");
    EXPECT_EQ(code_of(d.submit(limit(Buy, "0.1", "99"))), "KILL_SWITCH");
    EXPECT_EQ(other.submit(limit(Buy, "0.1", "99")).status, OrderStatus::Submitted);
  }
  KillSwitch reloaded(path);  // a restart
  EXPECT_TRUE(reloaded.engaged("bot-1"));
  EXPECT_FALSE(reloaded.engaged("bot-2"));
  reloaded.engage(KillSwitch::kGlobal);
  Desk other(limits({}), &reloaded, "bot-2");
  EXPECT_EQ(code_of(other.submit(limit(Buy, "0.1", "99"))), "KILL_SWITCH");
  reloaded.release(KillSwitch::kGlobal);
  reloaded.release("bot-1");
  EXPECT_FALSE(KillSwitch(path).engaged("bot-1"));
}

// Another process (`talon kill-switch on`) engages the switch: a running bot's copy sees it
// at its next refresh(), and its risk engine refuses from then on; released, it trades again.
TEST(RiskKillSwitch, ARunningBotSeesAnotherProcessEngageIt) {
  test::TempDir dir;
  const std::string path = dir.file("kill_switch");
  KillSwitch running(path);
  Desk d(limits({}), &running, "bot-1");
  EXPECT_FALSE(running.refresh());               // nothing changed
  KillSwitch(path).engage(KillSwitch::kGlobal);  // the command, in another "process"
  EXPECT_EQ(d.submit(limit(Buy, "0.1", "100")).status, OrderStatus::Submitted);  // not seen yet
  EXPECT_TRUE(running.refresh());
  EXPECT_EQ(code_of(d.submit(limit(Buy, "0.1", "99"))), "KILL_SWITCH");
  KillSwitch(path).release(KillSwitch::kGlobal);
  EXPECT_TRUE(running.refresh());
  EXPECT_EQ(d.submit(limit(Buy, "0.1", "98")).status, OrderStatus::Submitted);
  // A hostile file: overlong lines are no scope, and nothing crashes.
  { std::ofstream(path) << std::string(10'000, 'x') << "\n*\n"; }
  EXPECT_TRUE(running.refresh());
  EXPECT_EQ(running.scopes().size(), 1u);
  EXPECT_TRUE(running.engaged("anyone"));
}

TEST(RiskStopLossPct, AttachedToAnEntryThatHasNone) {
  Desk d(limits({"stop_loss_pct=0.02"}));
  const Order& o = d.submit(limit(Buy, "0.1", "100.01"));
  EXPECT_EQ(o.stop_loss, D("98"));  // 100.01 × 0.98 = 98.0098, rounded away to the tick
  EXPECT_TRUE(o.take_profit.is_zero());
  OrderRequest own = limit(Buy, "0.1", "100");
  own.stop_loss = D("90");
  EXPECT_EQ(d.submit(own).stop_loss, D("90"));  // the strategy's own stop is kept
  // A short entry (futures) gets its stop above.
  EXPECT_EQ(d.submit(limit(Sell, "0.1", "100")).stop_loss, D("102"));
}

TEST(RiskTakeProfitPct, AttachedToAnEntryThatHasNone) {
  Desk d(limits({"take_profit_pct=0.05"}));
  const Order& o = d.submit(limit(Buy, "0.1", "100"));
  EXPECT_EQ(o.take_profit, D("105"));
  d.account.held = D("1");  // a sell that reduces a long is no entry
  EXPECT_TRUE(d.submit(limit(Sell, "0.1", "100")).take_profit.is_zero());
}

TEST(RiskTradingHours, RegularSessionOnlyHolidaysAndEarlyCloses) {
  Desk d(limits({"trading_hours=NYSE"}));
  // Monday 2025-06-02, EDT (UTC−4): 09:30 = 13:30Z, 16:00 = 20:00Z.
  d.now = parse_iso8601("2025-06-02T13:30:00Z");
  EXPECT_EQ(d.submit(limit(Buy, "0.1", "100")).status, OrderStatus::Submitted);
  d.now = parse_iso8601("2025-06-02T13:29:59.999999999Z");
  EXPECT_EQ(code_of(d.submit(limit(Buy, "0.1", "99"))), "TRADING_HOURS");
  d.now = parse_iso8601("2025-06-02T19:59:59.999999999Z");
  EXPECT_EQ(d.submit(limit(Buy, "0.1", "98")).status, OrderStatus::Submitted);
  d.now = parse_iso8601("2025-06-02T20:00:00Z");
  EXPECT_EQ(code_of(d.submit(limit(Buy, "0.1", "97"))), "TRADING_HOURS");
}

TEST(RiskTradingHours, CalendarDstHolidaysEarlyCloses) {
  // Winter (EST, UTC−5): 2025-01-08 opens 14:30Z.
  EXPECT_FALSE(nyse_is_open(parse_iso8601("2025-01-08T14:29:59Z")));
  EXPECT_TRUE(nyse_is_open(parse_iso8601("2025-01-08T14:30:00Z")));
  // 2025-01-09: closed (national day of mourning); Good Friday 2026-04-03; 2027-07-05.
  EXPECT_FALSE(nyse_session(2025, 1, 9).has_value());
  EXPECT_FALSE(nyse_session(2026, 4, 3).has_value());
  EXPECT_FALSE(nyse_session(2027, 7, 5).has_value());
  EXPECT_FALSE(nyse_session(2024, 6, 15).has_value());  // a Saturday
  // DST 2024 starts Sunday 10 March: Friday the 8th opens 14:30Z, Monday the 11th 13:30Z.
  EXPECT_EQ(nyse_session(2024, 3, 8)->open, parse_iso8601("2024-03-08T14:30:00Z"));
  EXPECT_EQ(nyse_session(2024, 3, 11)->open, parse_iso8601("2024-03-11T13:30:00Z"));
  // DST 2026 ends Sunday 1 November: Monday the 2nd opens 14:30Z.
  EXPECT_EQ(nyse_session(2026, 10, 30)->open, parse_iso8601("2026-10-30T13:30:00Z"));
  EXPECT_EQ(nyse_session(2026, 11, 2)->open, parse_iso8601("2026-11-02T14:30:00Z"));
  // Early closes at 13:00 New York: day after Thanksgiving 2024 (EST) = 18:00Z.
  EXPECT_EQ(nyse_session(2024, 11, 29)->close, parse_iso8601("2024-11-29T18:00:00Z"));
  EXPECT_EQ(nyse_session(2025, 7, 3)->close, parse_iso8601("2025-07-03T17:00:00Z"));
  EXPECT_THROW(nyse_session(2028, 1, 3), InvalidArgument);
}

TEST(RiskRules, PerSymbolCapsAndNotionalPerSide) {
  Desk d(limits({R"(risk_rules={"symbol_caps": {"BTCUSDT": "0.5"}})"}));
  EXPECT_EQ(d.submit(limit(Buy, "0.3", "100")).status, OrderStatus::Submitted);
  EXPECT_EQ(code_of(d.submit(limit(Buy, "0.20001", "99"))), "SYMBOL_CAP");
  EXPECT_EQ(d.submit(limit(Buy, "0.2", "99")).status, OrderStatus::Submitted);
  // Per side: open BUY notional 30 + the new order's must stay within 60.
  Desk e(limits({R"(risk_rules={"max_notional_per_side": {"BUY": 60}})"}));
  EXPECT_EQ(e.submit(limit(Buy, "0.3", "100")).status, OrderStatus::Submitted);
  EXPECT_EQ(e.submit(limit(Buy, "0.3", "100")).status, OrderStatus::Submitted);
  EXPECT_EQ(code_of(e.submit(limit(Buy, "0.00001", "100"))), "MAX_NOTIONAL_PER_SIDE");
  EXPECT_EQ(e.submit(limit(Sell, "5", "100")).status, OrderStatus::Submitted);  // SELL uncapped
}

TEST(RiskRules, UnknownKeysAreConfigurationErrors) {
  RiskLimits l;
  EXPECT_THROW(set_limit(l, R"(risk_rules={"max_orders_per_hour": 3})"), InvalidArgument);
  EXPECT_THROW(set_limit(l, R"(risk_rules={"max_notional_per_side": {"LONG": 3}})"),
               InvalidArgument);
  EXPECT_THROW(set_limit(l, R"(risk_rules=[1])"), InvalidArgument);
  EXPECT_THROW(set_limit(l, "max_drawdwn=0.1"), InvalidArgument);
  EXPECT_THROW(set_limit(l, "max_drawdown=1"), InvalidArgument);  // a fraction below 1
}

TEST(RiskRules, OrdersPerMinute) {
  Desk d(limits({R"(risk_rules={"max_orders_per_minute": 2})"}));
  const Timestamp t0 = d.now;
  EXPECT_EQ(d.submit(limit(Buy, "0.1", "100")).status, OrderStatus::Submitted);
  EXPECT_EQ(d.submit(limit(Buy, "0.1", "99")).status, OrderStatus::Submitted);
  d.now = Timestamp::from_ns(t0.ns + kNanosPerMinute - 1);
  EXPECT_EQ(code_of(d.submit(limit(Buy, "0.1", "98"))), "ORDER_RATE");
  d.now = Timestamp::from_ns(t0.ns + kNanosPerMinute);
  EXPECT_EQ(d.submit(limit(Buy, "0.1", "97")).status, OrderStatus::Submitted);
}

TEST(RiskLimitsConfig, StricterOfBotAndGlobalWins) {
  const RiskLimits s = stricter(limits({"max_order_size=2", "max_drawdown=0.2"}),
                                limits({"max_order_size=1", "max_open_positions=3"}));
  EXPECT_EQ(*s.max_order_size, D("1"));
  EXPECT_EQ(*s.max_drawdown, D("0.2"));
  EXPECT_EQ(*s.max_open_positions, 3);
}

TEST(RiskLimitsConfig, NoneConfiguredApprovesEverything) {
  Desk d(RiskLimits{});
  EXPECT_FALSE(d.engine.limits().any());
  EXPECT_EQ(d.submit(limit(Buy, "1000", "1")).status, OrderStatus::Submitted);
}

}  // namespace
}  // namespace talon
