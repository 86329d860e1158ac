// Soft delete and restore, retention (seed 002), immutability and the bot-run state machine
// enforced by the database itself, on both backends.

#include <gtest/gtest.h>

#include <talon/store/lifecycle.hpp>
#include <talon/store/partitions.hpp>

#include "backends.hpp"

namespace talon::test {
namespace {

class Lifecycle : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    insert("users", {{"id", user_}, {"email", std::string("trader@example.com")}});
    insert("strategies", {{"id", strategy_},
                          {"user_id", user_},
                          {"name", std::string("sma")},
                          {"type", std::string("technical")}});
    insert("bots", {{"id", bot_},
                    {"user_id", user_},
                    {"strategy_id", strategy_},
                    {"name", std::string("bot")}});
  }

  Timestamp ago(std::int64_t days, std::int64_t hours = 0) const {
    return Timestamp::from_ns(now_.ns - days * kNanosPerDay - hours * kNanosPerHour);
  }

  void add_order_with_trade(const Uuid& order, const SqlValue& backtest, Timestamp at) {
    create_partitions(sql(), "orders", at, at);
    create_partitions(sql(), "trades", at, at);
    insert("orders", {{"id", order},
                      {"user_id", user_},
                      {"backtest_id", backtest},
                      {"exchange_id", std::int64_t{1}},
                      {"symbol", std::string("BTCUSDT")},
                      {"client_order_id", std::string("c-") + order.to_string()},
                      {"side", std::string("BUY")},
                      {"order_type", std::string("MARKET")},
                      {"quantity", Decimal::from_int(1)},
                      {"status", std::string("FILLED")},
                      {"filled_at", at},
                      {"created_at", at},
                      {"updated_at", at}});
    insert("trades", {{"id", new_uuid_v7()},
                      {"order_id", order},
                      {"order_created_at", at},
                      {"user_id", user_},
                      {"backtest_id", backtest},
                      {"exchange_id", std::int64_t{1}},
                      {"symbol", std::string("BTCUSDT")},
                      {"side", std::string("BUY")},
                      {"price", Decimal::from_int(100)},
                      {"quantity", Decimal::from_int(1)},
                      {"fee_currency", std::string("USDT")},
                      {"executed_at", at}});
  }

  void add_symbol() {
    insert("symbols", {{"exchange_id", std::int64_t{1}},
                       {"symbol", std::string("BTCUSDT")},
                       {"base_currency", std::string("BTC")},
                       {"quote_currency", std::string("USDT")}});
  }

  void add_backtest(const Uuid& id, const SqlValue& deleted_at) {
    insert("backtests", {{"id", id},
                         {"user_id", user_},
                         {"strategy_id", strategy_},
                         {"symbol", std::string("BTCUSDT")},
                         {"timeframe", std::string("1m")},
                         {"start_date", std::string("2024-01-01")},
                         {"end_date", std::string("2024-01-02")},
                         {"initial_capital", Decimal::from_int(1000)},
                         {"final_equity", Decimal::from_int(1000)},
                         {"total_trades", std::int64_t{0}},
                         {"winning_trades", std::int64_t{0}},
                         {"losing_trades", std::int64_t{0}},
                         {"win_rate", Decimal{}},
                         {"max_drawdown", Decimal{}},
                         {"max_drawdown_duration_hours", Decimal{}},
                         {"avg_win", Decimal{}},
                         {"avg_loss", Decimal{}},
                         {"largest_win", Decimal{}},
                         {"largest_loss", Decimal{}},
                         {"created_at", ago(800)},
                         {"deleted_at", deleted_at}});
    insert("equity_curve",
           {{"backtest_id", id}, {"time", ago(800)}, {"equity", Decimal::from_int(1000)}});
  }

  Timestamp now_ = parse_iso8601("2026-01-01T00:00:00Z");
  Uuid user_ = new_uuid_v7(), strategy_ = new_uuid_v7(), bot_ = new_uuid_v7();
};

TEST_P(Lifecycle, SoftDeleteHidesABotFromItsActiveViewAndRestoreBringsItBack) {
  ASSERT_EQ(count("active_bots"), 1);
  EXPECT_TRUE(soft_delete(sql(), "bots", bot_, now_));
  EXPECT_EQ(count("active_bots"), 0);
  EXPECT_EQ(count("bots"), 1) << "a soft delete keeps the row";
  EXPECT_FALSE(soft_delete(sql(), "bots", bot_, now_)) << "already deleted";
  EXPECT_TRUE(restore(sql(), "bots", bot_));
  EXPECT_EQ(count("active_bots"), 1);
  EXPECT_FALSE(restore(sql(), "bots", bot_)) << "nothing left to restore";
}

TEST_P(Lifecycle, SoftDeleteFreesTheNameOfADeletedBot) {
  soft_delete(sql(), "bots", bot_, now_);
  EXPECT_NO_THROW(
      insert("bots", {{"id", new_uuid_v7()}, {"user_id", user_}, {"name", std::string("bot")}}));
  EXPECT_THROW(restore(sql(), "bots", bot_), SqlError) << "two live bots may not share a name";
}

TEST_P(Lifecycle, SoftDeleteIsRefusedForTablesTheSeedKeepsForever) {
  EXPECT_THROW(soft_delete(sql(), "trades", new_uuid_v7(), now_), InvalidArgument);
  EXPECT_THROW(soft_delete(sql(), "market_prices", new_uuid_v7(), now_), InvalidArgument);
}

TEST_P(Lifecycle, RetentionDryRunCountsAndThenDeletesExactlyWhatThePolicyLetsGo) {
  add_symbol();
  create_partitions(sql(), "orderbook_snapshots", ago(40), now_);
  create_partitions(sql(), "market_prices", ago(100), now_);
  // event_queue: completed 8 days ago goes, 1 day ago stays, expired TTL goes.
  insert("event_queue", {{"event_id", new_uuid_v7()},
                         {"event_type", std::string("ORDER_FILLED")},
                         {"payload", std::string("{}")},
                         {"status", std::string("COMPLETED")},
                         {"processed_at", ago(8)}});
  insert("event_queue", {{"event_id", new_uuid_v7()},
                         {"event_type", std::string("ORDER_FILLED")},
                         {"payload", std::string("{}")},
                         {"status", std::string("COMPLETED")},
                         {"processed_at", ago(1)}});
  insert("event_queue", {{"event_id", new_uuid_v7()},
                         {"event_type", std::string("ALERT_TRIGGERED")},
                         {"payload", std::string("{}")},
                         {"expires_at", ago(0, 1)}});
  // Order book: 31 days goes, 29 stays.
  for (const int days : {31, 29}) {
    insert("orderbook_snapshots", {{"exchange_id", std::int64_t{1}},
                                   {"symbol", std::string("BTCUSDT")},
                                   {"timestamp", ago(days)},
                                   {"bids", std::string("[]")},
                                   {"asks", std::string("[]")},
                                   {"depth", std::int64_t{5}},
                                   {"total_bid_volume", Decimal{}},
                                   {"total_ask_volume", Decimal{}}});
  }
  // Klines collected live: 1m 31 days goes, 1m 29 stays, 15m 91 goes, 15m 89 stays, 1h 91
  // stays. (Imported klines are kept; see RetentionKeepsImportedKlines.)
  const std::pair<const char*, int> klines[] = {
      {"1m", 31}, {"1m", 29}, {"15m", 91}, {"15m", 89}, {"1h", 91}};
  for (const auto& [interval, days] : klines) {
    Bar b;
    b.open_time = ago(days);
    b.close_time = Timestamp::from_ns(b.open_time.ns + kNanosPerMinute - kNanosPerMilli);
    b.open = b.high = b.low = b.close = Decimal::from_int(100);
    store_->insert_klines("BINANCE", "BTCUSDT", interval, std::span<const Bar>(&b, 1),
                          "live:binance-ws");
  }
  // Alerts: DISABLED goes, ACTIVE stays.
  for (const char* status : {"DISABLED", "ACTIVE"}) {
    insert("alerts", {{"id", new_uuid_v7()},
                      {"user_id", user_},
                      {"type", std::string("SYSTEM")},
                      {"condition", std::string("{}")},
                      {"status", std::string(status)},
                      {"notification_channel", std::string("EMAIL")},
                      {"updated_at", ago(2)}});
  }
  // Backtests: deleted 2 years ago goes (with its equity curve); deleted 2 years ago but
  // owning an immutable trade stays; a live one stays.
  const Uuid gone = new_uuid_v7(), with_trade = new_uuid_v7(), live = new_uuid_v7();
  add_backtest(gone, ago(730));
  add_backtest(with_trade, ago(730));
  add_backtest(live, nullptr);
  add_order_with_trade(new_uuid_v7(), with_trade, ago(800));

  auto total = [](const std::vector<RetentionOutcome>& v, const std::string& table) {
    std::int64_t n = 0;
    for (const auto& o : v) n += o.rule->table == table ? o.rows : 0;
    return n;
  };
  const auto dry = run_retention(sql(), now_, true);
  EXPECT_EQ(total(dry, "event_queue"), 2);
  EXPECT_EQ(total(dry, "orderbook_snapshots"), 1);
  EXPECT_EQ(total(dry, "market_prices"), 2);
  EXPECT_EQ(total(dry, "alerts"), 1);
  EXPECT_EQ(total(dry, "backtests"), 1);
  EXPECT_EQ(count("event_queue"), 3) << "a dry run deletes nothing";
  EXPECT_EQ(count("market_prices"), 5);

  const auto done = run_retention(sql(), now_, false);
  for (std::size_t i = 0; i < dry.size(); ++i) EXPECT_EQ(done[i].rows, dry[i].rows) << i;
  EXPECT_EQ(count("event_queue"), 1);
  EXPECT_EQ(count("orderbook_snapshots"), 1);
  EXPECT_EQ(count("market_prices"), 3);
  EXPECT_EQ(count("market_prices", "interval = '1h'"), 1);
  EXPECT_EQ(count("alerts"), 1);
  EXPECT_EQ(count("backtests"), 2);
  EXPECT_EQ(count("equity_curve"), 2) << "the deleted backtest's curve goes with it";
  EXPECT_EQ(count("trades"), 1) << "trades are never deleted";
}

TEST_P(Lifecycle, RetentionKeepsImportedKlinesUnlessAsked) {
  Bar b;
  b.open = b.high = b.low = b.close = Decimal::from_int(100);
  for (const char* source : {"BTCUSDT-1m-2025-06.zip", "", "live:binance-ws"}) {
    b.open_time = ago(60, std::string(source).size());  // distinct times, all 60 days old
    b.close_time = Timestamp::from_ns(b.open_time.ns + kNanosPerMinute - kNanosPerMilli);
    store_->insert_klines("BINANCE", "BTCUSDT", "1m", std::span<const Bar>(&b, 1), source);
  }
  auto klines = [](const std::vector<RetentionOutcome>& v) {
    std::int64_t rows = 0, kept = 0;
    for (const auto& o : v) {
      if (o.rule->table != "market_prices") continue;
      rows += o.rows;
      kept += o.kept_imported;
    }
    return std::pair{rows, kept};
  };
  EXPECT_EQ(klines(run_retention(sql(), now_, true)),
            (std::pair<std::int64_t, std::int64_t>{1, 2}));
  EXPECT_EQ(klines(run_retention(sql(), now_, false)),
            (std::pair<std::int64_t, std::int64_t>{1, 2}));
  EXPECT_EQ(count("market_prices"), 2) << "the imported file's bar and the unlabelled one stay";
  EXPECT_EQ(klines(run_retention(sql(), now_, false, true)),
            (std::pair<std::int64_t, std::int64_t>{2, 0}));
  EXPECT_EQ(count("market_prices"), 0);
}

TEST_P(Lifecycle, TradesRefuseUpdateAndDeleteInTheDatabaseItself) {
  add_symbol();
  add_order_with_trade(new_uuid_v7(), nullptr, ago(1));
  for (const char* stmt : {"UPDATE trades SET price = 1", "DELETE FROM trades"}) {
    SCOPED_TRACE(stmt);
    try {
      sql().execute_script(stmt);
      ADD_FAILURE() << "the database allowed it";
    } catch (const SqlError& e) {
      EXPECT_EQ(e.kind(), SqlErrorKind::Refused) << e.what();
    }
  }
  EXPECT_EQ(row_decimal(sql().query("SELECT price FROM trades").rows.at(0), 0),
            Decimal::from_int(100));
}

TEST_P(Lifecycle, TradeLogsAndBotConfigurationsAndAuditLogAreImmutable) {
  add_symbol();
  const Uuid order = new_uuid_v7();
  const Timestamp at = ago(1);
  add_order_with_trade(order, nullptr, at);
  insert("trade_logs", {{"id", new_uuid_v7()},
                        {"order_id", order},
                        {"order_created_at", at},
                        {"exchange_response", std::string(R"({"status":"FILLED"})")},
                        {"logged_at", at}});
  insert("bot_configurations", {{"id", new_uuid_v7()},
                                {"bot_id", bot_},
                                {"version", std::int64_t{1}},
                                {"name", std::string("v1")},
                                {"symbols", std::string(R"(["BTCUSDT"])")}});
  insert("audit_log", {{"id", new_uuid_v7()},
                       {"event_type", std::string("MODEL_RUN")},
                       {"actor", std::string("system")},
                       {"success", true}});
  for (const char* stmt :
       {"UPDATE trade_logs SET fill_price = 1", "DELETE FROM trade_logs",
        "UPDATE bot_configurations SET quote_amount = '5'", "DELETE FROM bot_configurations",
        "UPDATE audit_log SET success = FALSE", "DELETE FROM audit_log"}) {
    SCOPED_TRACE(stmt);
    try {
      sql().execute_script(stmt);
      ADD_FAILURE() << "the database allowed it";
    } catch (const SqlError& e) {
      EXPECT_EQ(e.kind(), SqlErrorKind::Refused) << e.what();
    }
  }
}

TEST_P(Lifecycle, BotRunsFollowStartingRunningStoppingStoppedOrFailed) {
  const Uuid config = new_uuid_v7(), run = new_uuid_v7(), other = new_uuid_v7();
  insert("bot_configurations", {{"id", config},
                                {"bot_id", bot_},
                                {"version", std::int64_t{1}},
                                {"name", std::string("v1")},
                                {"symbols", std::string(R"(["BTCUSDT"])")}});
  for (const Uuid& id : {run, other}) {
    insert("bot_runs", {{"id", id},
                        {"bot_id", bot_},
                        {"configuration_id", config},
                        {"mode", std::string("paper")},
                        {"started_at", ago(1)}});
  }
  auto set = [&](const Uuid& id, const char* status) {
    const SqlValue p[] = {std::string(status), id};
    sql().query("UPDATE bot_runs SET status = $1, error_message = 'boom' WHERE id = $2", p);
  };
  EXPECT_THROW(set(run, "stopped"), SqlError) << "starting -> stopped skips two states";
  EXPECT_NO_THROW(set(run, "running"));
  EXPECT_THROW(set(run, "starting"), SqlError) << "no way back";
  EXPECT_NO_THROW(set(run, "stopping"));
  EXPECT_NO_THROW(set(run, "stopped"));
  EXPECT_THROW(set(run, "running"), SqlError) << "stopped is final";
  EXPECT_NO_THROW(set(other, "failed")) << "starting -> failed";
  EXPECT_THROW(set(other, "running"), SqlError) << "failed is final";
}

TALON_ON_BOTH_BACKENDS(Lifecycle);

}  // namespace
}  // namespace talon::test
