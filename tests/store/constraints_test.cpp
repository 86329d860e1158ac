// The database itself refuses bad rows: every CHECK of the seeds (enums, ranges, cross-field
// rules), on both backends. Each table first accepts a valid row, so that each refusal below
// is caused by the one bad value it names.

#include <gtest/gtest.h>

#include <talon/store/partitions.hpp>

#include "backends.hpp"

namespace talon::test {
namespace {

using Row = std::map<std::string, SqlValue>;

struct BadValue {
  const char* rule;  ///< what the database must refuse
  Row overrides;     ///< columns replaced in the valid row
};

class Checks : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    t_ = parse_iso8601("2025-06-01T00:00:00Z");
    t2_ = parse_iso8601("2025-06-01T01:00:00Z");
    if (is_pg()) {
      for (const std::string& table : partitioned_tables())
        create_partitions(sql(), table, t_, t2_);
    }
    insert("symbols", {{"exchange_id", std::int64_t{1}},
                       {"symbol", std::string("BTCUSDT")},
                       {"base_currency", std::string("BTC")},
                       {"quote_currency", std::string("USDT")}});
    insert("users", {{"id", user_}, {"email", std::string("trader@example.com")}});
    insert("strategies", {{"id", strategy_},
                          {"user_id", user_},
                          {"name", std::string("sma")},
                          {"type", std::string("technical")}});
    insert("bots", {{"id", bot_},
                    {"user_id", user_},
                    {"strategy_id", strategy_},
                    {"name", std::string("bot")}});
    insert("bot_configurations", {{"id", config_},
                                  {"bot_id", bot_},
                                  {"version", std::int64_t{1}},
                                  {"name", std::string("v1")},
                                  {"symbols", std::string(R"(["BTCUSDT"])")}});
    insert("orders", {{"id", order_},
                      {"user_id", user_},
                      {"exchange_id", std::int64_t{1}},
                      {"symbol", std::string("BTCUSDT")},
                      {"client_order_id", std::string("parent")},
                      {"side", std::string("BUY")},
                      {"order_type", std::string("MARKET")},
                      {"quantity", Decimal::from_int(1)},
                      {"created_at", t_},
                      {"updated_at", t_}});
  }

  // Inserts `valid`, then `valid` with each case's overrides, each in a transaction that is
  // rolled back; every case must be refused as a constraint violation.
  void expect_refused(const std::string& table, const Row& valid,
                      const std::vector<BadValue>& cases) {
    {
      SqlTransaction tx(sql());
      ASSERT_NO_THROW(insert(table, valid)) << table << ": the valid row was refused";
    }
    for (const BadValue& c : cases) {
      SCOPED_TRACE(std::string(table) + ": " + c.rule);
      Row row = valid;
      for (const auto& [k, v] : c.overrides) row[k] = v;
      SqlTransaction tx(sql());
      try {
        insert(table, row);
        ADD_FAILURE() << "accepted";
      } catch (const SqlError& e) {
        EXPECT_EQ(e.kind(), SqlErrorKind::Constraint) << e.what();
      }
    }
  }

  static SqlValue s(const char* v) { return std::string(v); }
  static SqlValue i(std::int64_t v) { return v; }
  static SqlValue d(const char* v) { return std::string(v); }  // decimal as text, e.g. "-1"

  Timestamp t_, t2_;
  Uuid user_ = new_uuid_v7(), strategy_ = new_uuid_v7(), bot_ = new_uuid_v7(),
       config_ = new_uuid_v7(), order_ = new_uuid_v7();
};

TEST_P(Checks, UsersRefuseABadEmailAndAPasswordThatIsNotArgon2id) {
  expect_refused("users", {{"id", new_uuid_v7()}, {"email", s("second@example.com")}},
                 {{"email without @", {{"email", s("nobody")}}},
                  {"clear-text password", {{"password_hash", s("hunter2")}}},
                  {"duplicate email", {{"email", s("trader@example.com")}}}});
}

TEST_P(Checks, ExchangesRefuseACodeOutsideTheSupportedSix) {
  sql().execute_script("DELETE FROM exchanges WHERE code = 'ALPACA'");
  expect_refused("exchanges", {{"code", s("ALPACA")}, {"name", s("Alpaca")}},
                 {{"unknown exchange", {{"code", s("KRAKEN")}}},
                  {"unknown connection status", {{"connection_status", s("flaky")}}}});
}

TEST_P(Checks, SymbolsRefuseBadStatusAssetTypeAndTradingRules) {
  expect_refused("symbols",
                 {{"exchange_id", i(1)},
                  {"symbol", s("ETHUSDT")},
                  {"base_currency", s("ETH")},
                  {"quote_currency", s("USDT")},
                  {"tick_size", d("0.01")},
                  {"min_quantity", d("0.0001")}},
                 {{"status outside TRADING/HALT/DELISTED", {{"status", s("OPEN")}}},
                  {"asset type outside spot/perpetual/stock/ETF", {{"asset_type", s("BOND")}}},
                  {"zero tick size", {{"tick_size", d("0")}}},
                  {"negative minimum quantity", {{"min_quantity", d("-1")}}},
                  {"negative price precision", {{"price_precision", i(-1)}}},
                  {"maximum below minimum", {{"max_quantity", d("0.00001")}}},
                  {"decimal that is not a number", {{"tick_size", s("abc")}}},
                  {"same symbol twice on one exchange", {{"symbol", s("BTCUSDT")}}}});
}

TEST_P(Checks, ApiConnectionsRefuseUnencryptedSecretsAndUnknownEnums) {
  expect_refused("api_connections",
                 {{"id", new_uuid_v7()},
                  {"user_id", user_},
                  {"exchange_id", i(1)},
                  {"environment", s("TESTNET")},
                  {"api_key_encrypted", s("gAAAAABkey")},
                  {"api_secret_encrypted", s("gAAAAABsecret")}},
                 {{"environment outside TESTNET/PRODUCTION", {{"environment", s("STAGING")}}},
                  {"status outside ACTIVE/INACTIVE/ERROR/EXPIRED", {{"status", s("BROKEN")}}},
                  {"api key in clear", {{"api_key_encrypted", s("my-api-key")}}},
                  {"api secret in clear", {{"api_secret_encrypted", s("my-secret")}}},
                  {"passphrase in clear", {{"passphrase_encrypted", s("pass")}}},
                  {"unknown user", {{"user_id", new_uuid_v7()}}}});
}

TEST_P(Checks, DatabaseConfigsRefuseUnknownTypesPortsAndClearPasswords) {
  expect_refused("database_configs",
                 {{"id", new_uuid_v7()},
                  {"user_id", user_},
                  {"name", s("warehouse")},
                  {"db_type", s("POSTGRESQL")},
                  {"host", s("db.internal")},
                  {"port", i(5432)},
                  {"database", s("talon")},
                  {"\"user\"", s("talon")}},
                 {{"db type outside POSTGRESQL/MYSQL/MONGODB", {{"db_type", s("ORACLE")}}},
                  {"port 0", {{"port", i(0)}}},
                  {"port above 65535", {{"port", i(70000)}}},
                  {"status outside ACTIVE/INACTIVE/ERROR", {{"status", s("EXPIRED")}}},
                  {"password in clear", {{"password_encrypted", s("hunter2")}}}});
}

TEST_P(Checks, StrategiesRefuseUnknownTypesAndNonSemanticVersions) {
  expect_refused("strategies",
                 {{"id", new_uuid_v7()},
                  {"user_id", user_},
                  {"name", s("llm agent")},
                  {"type", s("llm")},
                  {"version", s("2.1.0")}},
                 {{"type outside technical/ml/hybrid/arbitrage/llm", {{"type", s("magic")}}},
                  {"version that is not semantic", {{"version", s("v2")}}}});
}

TEST_P(Checks, BotsRefuseUnknownStatusAndAgentRiskOutOfRange) {
  expect_refused("bots",
                 {{"id", new_uuid_v7()},
                  {"user_id", user_},
                  {"strategy_id", strategy_},
                  {"name", s("agent")},
                  {"status", s("running")},
                  {"llm_model", s("deepseek-chat")},
                  {"initial_balance", d("10000")}},
                 {{"status outside active/running/paused/stopped/error", {{"status", s("asleep")}}},
                  {"max leverage above 50", {{"max_leverage", i(51)}}},
                  {"max leverage below 1", {{"max_leverage", i(0)}}},
                  {"max position size above 100 %", {{"max_position_size", d("100.01")}}},
                  {"negative stop loss", {{"stop_loss_pct", d("-1")}}},
                  {"take profit above 100 %", {{"take_profit_pct", d("101")}}},
                  {"zero initial balance", {{"initial_balance", d("0")}}},
                  {"empty name", {{"name", s("")}}},
                  {"same live name twice for one user", {{"name", s("bot")}}},
                  {"symbol without exchange", {{"symbol", s("BTCUSDT")}}}});
}

TEST_P(Checks, BotConfigurationsRefuseTheLimitsOfSeed001) {
  expect_refused("bot_configurations",
                 {{"id", new_uuid_v7()},
                  {"bot_id", bot_},
                  {"version", i(2)},
                  {"name", s("v2")},
                  {"symbols", s(R"(["BTCUSDT","ETHUSDT"])")},
                  {"quote_amount", d("10")},
                  {"max_trades_per_hour", i(100)},
                  {"max_daily_spend", d("500")},
                  {"recv_window", i(1000)}},
                 {{"quote amount 0", {{"quote_amount", d("0")}}},
                  {"max trades per hour above 100", {{"max_trades_per_hour", i(101)}}},
                  {"max trades per hour 0", {{"max_trades_per_hour", i(0)}}},
                  {"recvWindow above 1000 ms", {{"recv_window", i(1001)}}},
                  {"max daily spend 0", {{"max_daily_spend", d("0")}}},
                  {"no symbols", {{"symbols", s("[]")}}},
                  {"version 0", {{"version", i(0)}}},
                  {"same version twice", {{"version", i(1)}}}});
}

TEST_P(Checks, BotRunsRefuseUnknownStatusAndStopBeforeStart) {
  expect_refused("bot_runs",
                 {{"id", new_uuid_v7()},
                  {"bot_id", bot_},
                  {"configuration_id", config_},
                  {"mode", s("live")},
                  {"status", s("starting")},
                  {"started_at", t2_}},
                 {{"status outside the five of seed 001", {{"status", s("paused")}}},
                  {"mode outside backtest/paper/live", {{"mode", s("demo")}}},
                  {"stopped before started", {{"stopped_at", t_}}},
                  {"failed without an error message", {{"status", s("failed")}}}});
}

TEST_P(Checks, ListingSignalsRefuseStaleDeadlinesAndUnknownSources) {
  expect_refused("listing_signals",
                 {{"id", new_uuid_v7()},
                  {"exchange_id", i(4)},
                  {"symbol", s("NEWUSDT")},
                  {"detection_source", s("calendar")},
                  {"detected_at", t_},
                  {"listing_time", t2_},
                  {"freshness_deadline", t2_},
                  {"confidence", s("high")}},
                 {{"source outside calendar/ticker_diff", {{"detection_source", s("twitter")}}},
                  {"confidence outside high/medium/low", {{"confidence", s("certain")}}},
                  {"deadline not after detection", {{"freshness_deadline", t_}}},
                  {"symbol not in MEXC pair format", {{"symbol", s("new-usdt")}}},
                  {"listing time from ticker diff", {{"detection_source", s("ticker_diff")}}}});
}

TEST_P(Checks, ModelPredictionsRefuseProbabilitiesOutsideZeroToOne) {
  expect_refused("model_predictions",
                 {{"id", new_uuid_v7()},
                  {"exchange_id", i(1)},
                  {"symbol", s("BTCUSDT")},
                  {"timestamp", t_},
                  {"model_version", s("a1b2c3")},
                  {"predicted_price", d("105000.5")},
                  {"probability_up", d("0.6")},
                  {"confidence_score", d("0.9")}},
                 {{"probability above 1", {{"probability_up", d("1.5")}}},
                  {"negative confidence", {{"confidence_score", d("-0.1")}}},
                  {"zero predicted price", {{"predicted_price", d("0")}}},
                  {"unknown symbol", {{"symbol", s("DOGEUSDT")}}}});
}

TEST_P(Checks, TradeDecisionsRefuseUnknownActionsCoinsAndLeverage) {
  expect_refused("trade_decisions",
                 {{"id", new_uuid_v7()},
                  {"bot_id", bot_},
                  {"exchange_id", i(1)},
                  {"symbol", s("BTCUSDT")},
                  {"coin", s("BTC")},
                  {"action", s("OPEN_LONG")},
                  {"size", d("0.5")},
                  {"size_usd", d("50000")},
                  {"leverage", i(5)},
                  {"confidence", d("0.75")},
                  {"reasoning", s("trend up")}},
                 {{"action outside BUY/SELL/HOLD/OPEN_LONG/OPEN_SHORT/CLOSE_POSITION",
                   {{"action", s("YOLO")}}},
                  {"status outside success/failed/parsing_error", {{"status", s("ok")}}},
                  {"coin outside the six of seed 004", {{"coin", s("PEPE")}}},
                  {"leverage above 50", {{"leverage", i(51)}}},
                  {"leverage 0", {{"leverage", i(0)}}},
                  {"confidence above 1", {{"confidence", d("1.01")}}},
                  {"HOLD with a size", {{"action", s("HOLD")}}},
                  {"negative size", {{"size", d("-1")}}}});
}

TEST_P(Checks, PositionsRefuseBadSidesStatusesAndLeverage) {
  expect_refused("positions",
                 {{"id", new_uuid_v7()},
                  {"user_id", user_},
                  {"exchange_id", i(1)},
                  {"symbol", s("BTCUSDT")},
                  {"side", s("LONG")},
                  {"entry_price", d("100")},
                  {"quantity", d("1")},
                  {"leverage", i(125)},
                  {"margin_mode", s("CROSS")},
                  {"opened_at", t_}},
                 {{"side outside LONG/SHORT", {{"side", s("BUY")}}},
                  {"status outside OPEN/CLOSED/LIQUIDATED", {{"status", s("GONE")}}},
                  {"leverage above 125", {{"leverage", i(126)}}},
                  {"zero quantity", {{"quantity", d("0")}}},
                  {"margin mode outside ISOLATED/CROSS", {{"margin_mode", s("PARTIAL")}}},
                  {"closed without a close time", {{"status", s("CLOSED")}}},
                  {"open with a close time", {{"closed_at", t2_}}},
                  {"negative liquidation price", {{"liquidation_price", d("-5")}}}});
}

TEST_P(Checks, OrdersRefuseEveryBadEnumQuantityAndTime) {
  expect_refused("orders",
                 {{"id", new_uuid_v7()},
                  {"user_id", user_},
                  {"exchange_id", i(1)},
                  {"symbol", s("BTCUSDT")},
                  {"client_order_id", s("c-1")},
                  {"side", s("BUY")},
                  {"position_side", s("LONG")},
                  {"order_type", s("LIMIT")},
                  {"price", d("100")},
                  {"quantity", d("1")},
                  {"status", s("NEW")},
                  {"created_at", t_},
                  {"updated_at", t_}},
                 {{"side outside BUY/SELL", {{"side", s("LONG")}}},
                  {"position side outside LONG/SHORT", {{"position_side", s("BOTH")}}},
                  {"type outside the eight order types", {{"order_type", s("ICEBERG")}}},
                  {"time in force outside GTC/IOC/FOK/GTX", {{"time_in_force", s("DAY")}}},
                  {"status outside the nine statuses", {{"status", s("DONE")}}},
                  {"leverage above 125", {{"leverage", i(126)}}},
                  {"margin mode outside ISOLATED/CROSS", {{"margin_mode", s("X")}}},
                  {"position mode outside ONE_WAY/HEDGE", {{"position_mode", s("X")}}},
                  {"neither quantity nor quote quantity", {{"quantity", d("0")}}},
                  {"LIMIT without a price", {{"price", nullptr}}},
                  {"TRAILING_STOP without a callback rate", {{"order_type", s("TRAILING_STOP")}}},
                  {"callback rate 0", {{"callback_rate", d("0")}}},
                  {"callback rate above 100", {{"callback_rate", d("100.01")}}},
                  {"recvWindow above 1000 ms", {{"recv_window", i(1001)}}},
                  {"filled more than ordered", {{"filled_quantity", d("1.00000001")}}},
                  {"negative latency", {{"latency_ms", i(-1)}}},
                  {"FILLED without a fill time", {{"status", s("FILLED")}}},
                  {"completed before submitted", {{"submitted_at", t2_}, {"completed_at", t_}}},
                  {"unknown symbol", {{"symbol", s("XYZUSDT")}}},
                  {"empty client order id", {{"client_order_id", s("")}}}});
}

TEST_P(Checks, OrderEventsRefuseAnUnknownStatus) {
  expect_refused("order_events",
                 {{"order_id", order_},
                  {"order_created_at", t_},
                  {"seq", i(0)},
                  {"from_status", s("PENDING")},
                  {"to_status", s("NEW")},
                  {"at", t_}},
                 {{"status outside the nine statuses", {{"to_status", s("DONE")}}},
                  {"negative sequence number", {{"seq", i(-1)}}},
                  {"unknown order", {{"order_id", new_uuid_v7()}}}});
}

TEST_P(Checks, TradesRefuseNonPositivePricesAndUnknownEnums) {
  expect_refused("trades",
                 {{"id", new_uuid_v7()},
                  {"order_id", order_},
                  {"order_created_at", t_},
                  {"user_id", user_},
                  {"exchange_id", i(1)},
                  {"symbol", s("BTCUSDT")},
                  {"side", s("BUY")},
                  {"price", d("100")},
                  {"quantity", d("1")},
                  {"fee", d("0.1")},
                  {"fee_currency", s("USDT")},
                  {"executed_at", t_}},
                 {{"side outside BUY/SELL", {{"side", s("LONG")}}},
                  {"zero price", {{"price", d("0")}}},
                  {"negative quantity", {{"quantity", d("-1")}}},
                  {"negative fee", {{"fee", d("-0.1")}}},
                  {"status outside SUCCESS/FAILED/FILLED/REJECTED/CANCELED", {{"status", s("OK")}}},
                  {"liquidity outside MAKER/TAKER", {{"liquidity", s("BOTH")}}},
                  {"unknown order", {{"order_id", new_uuid_v7()}}}});
}

TEST_P(Checks, TradeLogsRefuseAMissingExchangeResponse) {
  expect_refused("trade_logs",
                 {{"id", new_uuid_v7()},
                  {"order_id", order_},
                  {"order_created_at", t_},
                  {"exchange_response", s(R"({"orderId":1})")},
                  {"fill_price", d("100")},
                  {"fill_quantity", d("1")},
                  {"logged_at", t_}},
                 {{"no exchange response", {{"exchange_response", nullptr}}},
                  {"zero fill price", {{"fill_price", d("0")}}},
                  {"negative fill quantity", {{"fill_quantity", d("-1")}}}});
}

TEST_P(Checks, MarketPricesRefuseImpossibleCandles) {
  expect_refused("market_prices",
                 {{"exchange_id", i(1)},
                  {"symbol", s("BTCUSDT")},
                  {"timestamp", t_},
                  {"close_time", t2_},
                  {"interval", s("1h")},
                  {"open", d("10")},
                  {"high", d("12")},
                  {"low", d("9")},
                  {"close", d("11")},
                  {"volume", d("5")}},
                 {{"interval outside 1s..1M", {{"interval", s("7m")}}},
                  {"zero open", {{"open", d("0")}}},
                  {"negative volume", {{"volume", d("-1")}}},
                  {"high below low", {{"high", d("8")}}},
                  {"close above high", {{"close", d("13")}}},
                  {"negative trades count", {{"trades_count", i(-1)}}},
                  {"close time not after open time", {{"close_time", t_}}},
                  {"unknown symbol", {{"symbol", s("XYZUSDT")}}}});
}

TEST_P(Checks, OrderbookSnapshotsRefuseDepthsOutsideFiveToFifty) {
  expect_refused("orderbook_snapshots",
                 {{"exchange_id", i(1)},
                  {"symbol", s("BTCUSDT")},
                  {"timestamp", t_},
                  {"bids", s(R"([["100.5","1.2"]])")},
                  {"asks", s(R"([["100.6","0.4"]])")},
                  {"depth", i(5)},
                  {"total_bid_volume", d("1.2")},
                  {"total_ask_volume", d("0.4")}},
                 {{"depth outside 5/10/20/50", {{"depth", i(15)}}},
                  {"bids that are not an array", {{"bids", s(R"({"100.5":"1.2"})")}}},
                  {"negative bid volume", {{"total_bid_volume", d("-1")}}}});
}

TEST_P(Checks, TechnicalIndicatorsRefuseANonPositivePeriod) {
  expect_refused("technical_indicators",
                 {{"id", new_uuid_v7()},
                  {"exchange_id", i(1)},
                  {"symbol", s("BTCUSDT")},
                  {"timestamp", t_},
                  {"indicator_name", s("RSI")},
                  {"indicator_value", d("55.5")},
                  {"period", i(14)}},
                 {{"period 0", {{"period", i(0)}}}, {"empty name", {{"indicator_name", s("")}}}});
}

TEST_P(Checks, TechnicalIndicatorsRefuseAnEmptyOutputNameAndParametersThatAreNotJson) {
  expect_refused("technical_indicators",
                 {{"id", new_uuid_v7()},
                  {"exchange_id", i(1)},
                  {"symbol", s("BTCUSDT")},
                  {"timestamp", t_},
                  {"indicator_name", s("MACD")},
                  {"output_name", s("macdsignal")},
                  {"parameters", s(R"({"fast":12,"slow":26,"signal":9})")},
                  {"indicator_value", d("-1.25")}},
                 {{"empty output name", {{"output_name", s("")}}},
                  {"parameters not JSON", {{"parameters", s("fast=12")}}}});
}

TEST_P(Checks, BacktestsRefuseImpossibleMetrics) {
  expect_refused("backtests",
                 {{"id", new_uuid_v7()},
                  {"user_id", user_},
                  {"strategy_id", strategy_},
                  {"symbol", s("BTCUSDT")},
                  {"timeframe", s("1h")},
                  {"start_date", s("2025-06-01")},
                  {"end_date", s("2025-06-02")},
                  {"initial_capital", d("1000")},
                  {"final_equity", d("1100")},
                  {"total_trades", i(3)},
                  {"winning_trades", i(2)},
                  {"losing_trades", i(1)},
                  {"win_rate", d("66.67")},
                  {"max_drawdown", d("0.1")},
                  {"max_drawdown_duration_hours", d("2")},
                  {"avg_win", d("1")},
                  {"avg_loss", d("-1")},
                  {"largest_win", d("1")},
                  {"largest_loss", d("-1")}},
                 {{"timeframe outside the listed intervals", {{"timeframe", s("2m")}}},
                  {"win rate above 100", {{"win_rate", d("100.01")}}},
                  {"zero initial capital", {{"initial_capital", d("0")}}},
                  {"end before start", {{"end_date", s("2025-05-31")}}},
                  {"more winners than trades", {{"winning_trades", i(4)}}},
                  {"drawdown above 100 %", {{"max_drawdown", d("1.5")}}},
                  {"negative fee", {{"fee_bps", d("-1")}}},
                  {"unknown strategy", {{"strategy_id", new_uuid_v7()}}}});
}

TEST_P(Checks, PerformanceTablesRefuseRatesAboveOneHundredPercent) {
  expect_refused("bot_performance",
                 {{"bot_id", bot_},
                  {"date", s("2025-06-01")},
                  {"daily_pnl", d("1.5")},
                  {"cumulative_pnl", d("1.5")},
                  {"trades_count", i(2)},
                  {"winning_trades", i(1)}},
                 {{"win rate above 100", {{"win_rate", d("101")}}},
                  {"negative trade count", {{"trades_count", i(-1)}}},
                  {"more winners than trades", {{"winning_trades", i(3)}}}});
  expect_refused("agent_performance",
                 {{"id", new_uuid_v7()},
                  {"bot_id", bot_},
                  {"total_value", d("1000")},
                  {"cash_balance", d("900")},
                  {"position_value", d("100")},
                  {"realized_pnl", d("0")},
                  {"unrealized_pnl", d("0")},
                  {"total_pnl", d("0")}},
                 {{"negative win rate", {{"win_rate", d("-1")}}},
                  {"drawdown above 100 %", {{"max_drawdown_percent", d("101")}}},
                  {"negative trade count", {{"num_trades", i(-1)}}}});
  expect_refused("strategy_performance",
                 {{"id", new_uuid_v7()},
                  {"strategy_id", strategy_},
                  {"window_start", t_},
                  {"window_end", t2_}},
                 {{"window ending at its start", {{"window_end", t_}}},
                  {"win rate above 100", {{"win_rate", d("101")}}}});
}

TEST_P(Checks, RiskLimitsRefuseLeverageAboveOneHundredTwentyFive) {
  expect_refused("risk_limits", {{"id", new_uuid_v7()}, {"user_id", user_}, {"bot_id", bot_}},
                 {{"leverage above 125", {{"max_leverage", i(126)}}},
                  {"zero max position size", {{"max_position_size", d("0")}}},
                  {"max trades per hour above 100", {{"max_trades_per_hour", i(101)}}},
                  {"negative max open positions", {{"max_open_positions", i(-1)}}}});
}

TEST_P(Checks, AlertsRefuseUnknownTypesChannelsAndStatuses) {
  expect_refused(
      "alerts",
      {{"id", new_uuid_v7()},
       {"user_id", user_},
       {"exchange_id", i(1)},
       {"symbol", s("BTCUSDT")},
       {"type", s("PRICE")},
       {"condition", s(R"({"op":">","value":"100000"})")},
       {"threshold", d("100000")},
       {"notification_channel", s("TELEGRAM")}},
      {{"type outside PRICE/PNL/RISK/SYSTEM/FUNDING_RATE", {{"type", s("NEWS")}}},
       {"status outside ACTIVE/TRIGGERED/DISABLED/EXPIRED", {{"status", s("SNOOZED")}}},
       {"channel outside EMAIL/TELEGRAM/WEBHOOK/SMS", {{"notification_channel", s("FAX")}}},
       {"TRIGGERED without a time", {{"status", s("TRIGGERED")}}},
       {"symbol without exchange", {{"exchange_id", nullptr}}},
       {"condition that is not JSON", {{"condition", s("price > 1")}}}});
}

TEST_P(Checks, EventQueueRefusesUnknownTypesAndDuplicateEventIds) {
  const Uuid taken = new_uuid_v7();
  insert("event_queue",
         {{"event_id", taken}, {"event_type", s("ALERT_TRIGGERED")}, {"payload", s("{}")}});
  expect_refused("event_queue",
                 {{"event_id", new_uuid_v7()},
                  {"event_type", s("ORDER_FILLED")},
                  {"payload", s(R"({"order":"1"})")}},
                 {{"event type outside the listed events", {{"event_type", s("COFFEE")}}},
                  {"status outside PENDING/PROCESSING/COMPLETED/FAILED", {{"status", s("DONE")}}},
                  {"negative retry count", {{"retry_count", i(-1)}}},
                  {"COMPLETED without a processing time", {{"status", s("COMPLETED")}}},
                  {"duplicate event id", {{"event_id", taken}}}});
}

TEST_P(Checks, AuditLogRefusesAnEmptyActor) {
  expect_refused("audit_log",
                 {{"id", new_uuid_v7()},
                  {"event_type", s("TRADE_SUBMIT")},
                  {"actor", s("agent")},
                  {"success", true}},
                 {{"empty actor", {{"actor", s("")}}}, {"no outcome", {{"success", nullptr}}}});
}

TEST_P(Checks, BotStateRefusesAMissingValueBotOrKey) {
  expect_refused(
      "bot_state",
      {{"bot_id", bot_}, {"key", s("trading_bot_state")}, {"value", s(R"({"cycle":1})")}},
      {{"no value", {{"value", nullptr}}},
       {"no bot (state is keyed by bot and key)", {{"bot_id", nullptr}}},
       {"unknown bot", {{"bot_id", new_uuid_v7()}}},
       {"empty key", {{"key", s("")}}}});
}

TALON_ON_BOTH_BACKENDS(Checks);

}  // namespace
}  // namespace talon::test
