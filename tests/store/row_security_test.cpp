// Row-level security as a real deployment meets it: the application connects as a LOGIN role
// with a password (SCRAM), a member of talon_app that owns no table and is no superuser --
// superusers and table owners bypass RLS, so a test as either proves nothing. Two users'
// real backtests are stored; each session must see, change and delete only its own rows in
// every table that holds a user's data.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <random>

#include <talon/analytics/metrics.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/engine/backtest.hpp>
#include <talon/store/kline_import.hpp>
#include <talon/strategy/registry.hpp>

#include "backends.hpp"
#include "test_data.hpp"

namespace talon::test {
namespace {

constexpr const char* kPassword = "Rls-test-pw-1";

// Shared reference data: every user reads it, no user owns it.
// role_users (login role -> user) is closed to the application role altogether.
const std::vector<std::string> kOpenTables = {
    "event_queue",         "exchanges",  "listing_signals",   "market_prices",
    "orderbook_snapshots", "role_users", "schema_migrations", "symbols"};

// The tables the review found open, and the others that hold a user's data through a parent.
const std::vector<std::string> kUserTables = {"users",     "strategies",
                                              "bots",      "bot_configurations",
                                              "bot_runs",  "bot_state",
                                              "backtests", "equity_curve",
                                              "orders",    "order_events",
                                              "trades",    "trade_logs",
                                              "positions", "technical_indicators",
                                              "audit_log", "trade_decisions"};

class RowSecurity : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    std::random_device rd;
    role_ = fmt::format("talon_login_{:08x}", rd());
    sql().execute_script(
        fmt::format("CREATE ROLE {} LOGIN PASSWORD '{}' IN ROLE talon_app", role_, kPassword));
  }
  void TearDown() override {
    BackendTest::TearDown();  // drops the database, and with it the role's connections
    open_postgresql_connection(pg_admin_url())->execute_script("DROP ROLE IF EXISTS " + role_);
  }

  // The test database as the login role, with its password in the URL.
  std::string login_url() const {
    std::string url = db_->target();
    const auto at = url.find("talon@");
    return url.replace(at, 6, fmt::format("{}:{}@", role_, kPassword));
  }

  // A real sma_cross run over two days of BTCUSDT minutes, ready to store.
  struct Run {
    BacktestResult result;
    BacktestMetrics metrics;
    Instrument instrument;
    BacktestRecord record;
  };
  static std::unique_ptr<Run> sma_run(int fast) {
    const KlineSeries s = read_klines(test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"));
    StrategyParams params;
    params.set_from_text(fmt::format("fast={}", fast));
    params.set_from_text("slow=20");
    auto strategy = make_strategy("sma_cross", params);
    BacktestConfig config;
    config.instrument = *find_builtin_instrument("BTCUSDT");
    config.initial_cash = Decimal::from_int(10'000);
    auto run = std::make_unique<Run>();
    run->result = run_backtest(config, s.bars, *strategy);
    run->metrics = compute_metrics(run->result);
    run->instrument = config.instrument;
    BacktestRecord& r = run->record;
    r.id = new_uuid_v7();
    r.strategy = "sma_cross";
    r.parameters_json = fmt::format(R"({{"fast":"{}","slow":"20"}})", fast);
    r.symbol = "BTCUSDT";
    r.timeframe = "1m";
    r.data_source = "test";
    r.created_at = parse_iso8601("2026-01-02T03:04:05Z");
    r.result = &run->result;
    r.metrics = &run->metrics;
    r.instrument = &run->instrument;
    return run;
  }

  // Stores a real backtest (orders, fills, events, positions, equity) for the CLI's local
  // user as the owner, then renames that user to `email`: the next run creates a new local
  // user, so two calls give two users with complete, separate data.
  Uuid store_backtest_for(const std::string& email, int fast) {
    const auto run = sma_run(fast);
    const BacktestRecord& r = run->record;
    store_->save_backtest(r);
    const SqlValue p[] = {email};
    sql().query("UPDATE users SET email = $1 WHERE email = 'local@talon.invalid'", p);
    const SqlValue e[] = {email};
    const Uuid user = Uuid::parse(
        row_text(sql().query("SELECT id::text FROM users WHERE email = $1", e).rows.at(0), 0));
    // The rows nothing writes yet, one per user each.
    const SqlValue bt[] = {r.id};
    const std::string order = row_text(
        sql().query("SELECT id::text FROM orders WHERE backtest_id = $1 LIMIT 1", bt).rows.at(0),
        0);
    const std::string bot =
        row_text(sql().query("SELECT bot_id::text FROM backtests WHERE id = $1", bt).rows.at(0), 0);
    const Uuid order_id = Uuid::parse(order), bot_id = Uuid::parse(bot);
    const SqlValue log[] = {new_uuid_v7(), order_id};
    sql().query(
        "INSERT INTO trade_logs (id, order_id, order_created_at, exchange_response, logged_at) "
        "SELECT $1, id, created_at, '{}', now() FROM orders WHERE id = $2",
        log);
    const SqlValue state[] = {email, bot_id};
    sql().query("INSERT INTO bot_state (key, bot_id, value) VALUES ($1, $2, 'x')", state);
    const SqlValue audit[] = {new_uuid_v7(), user};
    sql().query(
        "INSERT INTO audit_log (id, event_type, actor, success, user_id) "
        "VALUES ($1, 'LOGIN', 'test', true, $2)",
        audit);
    const SqlValue decision[] = {new_uuid_v7(), bot_id, r.id};
    sql().query(
        "INSERT INTO trade_decisions (id, bot_id, backtest_id, action, coin) "
        "VALUES ($1, $2, $3, 'HOLD', 'BTC')",
        decision);
    const SqlValue indicator[] = {new_uuid_v7(), r.id};
    sql().query(
        "INSERT INTO technical_indicators (id, exchange_id, symbol, timestamp, indicator_name, "
        "indicator_value, backtest_id) VALUES ($1, 1, 'BTCUSDT', now(), 'RSI', 50, $2)",
        indicator);
    return user;
  }

  std::string role_;
};

TEST_P(RowSecurity, EveryTableHoldingUserDataHasRowLevelSecurity) {
  std::vector<std::string> open;
  for (const SqlRow& r :
       sql()
           .query("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND "
                  "relkind IN ('r', 'p') AND NOT relispartition AND NOT relrowsecurity "
                  "ORDER BY relname")
           .rows) {
    open.push_back(row_text(r, 0));
  }
  EXPECT_EQ(open, kOpenTables);
}

TEST_P(RowSecurity, ALoginRoleWithAPasswordSeesAndDeletesOnlyItsOwnRowsInEveryTable) {
  const Uuid alice = store_backtest_for("alice@example.com", 5);
  const Uuid bob = store_backtest_for("bob@example.com", 7);
  std::map<std::string, std::int64_t> all;
  for (const auto& t : kUserTables) {
    all[t] = count(t);
    ASSERT_GE(all[t], 2) << t << ": the owner must see both users' rows for the test to mean much";
  }
  auto user_conn = open_postgresql_connection(login_url());
  auto count_as = [&](const std::string& t) {
    return row_int(user_conn->query("SELECT count(*) FROM " + t).rows.at(0), 0);
  };
  auto as_user = [&](const Uuid& u) {
    const SqlValue p[] = {u.to_string()};
    user_conn->query("SELECT set_config('app.user_id', $1, false)", p);
  };
  std::map<std::string, std::int64_t> seen_by_alice;
  as_user(alice);
  for (const auto& t : kUserTables) seen_by_alice[t] = count_as(t);
  as_user(bob);
  for (const auto& t : kUserTables) {
    const std::int64_t b = count_as(t);
    EXPECT_GT(seen_by_alice[t], 0) << t;
    EXPECT_GT(b, 0) << t;
    // Strategies marked public would be shared; sma_cross runs are private.
    EXPECT_EQ(seen_by_alice[t] + b, all[t]) << t << ": a row is visible to both users";
  }
  // Bob deletes "everything" he can reach in the open-by-parent tables: only his rows go.
  for (const char* t : {"equity_curve", "bot_state", "trade_decisions", "technical_indicators"}) {
    const std::int64_t before_alice = seen_by_alice[t];
    user_conn->execute_script(fmt::format("DELETE FROM {}", t));
    as_user(alice);
    EXPECT_EQ(count_as(t), before_alice) << t << ": bob deleted alice's rows";
    as_user(bob);
  }
  // Bob cannot write a row into alice's backtest.
  const SqlValue a[] = {alice};
  const SqlValue alice_backtest[] = {
      row_text(sql().query("SELECT id::text FROM backtests WHERE user_id = $1", a).rows.at(0), 0)};
  EXPECT_THROW(user_conn->query("INSERT INTO equity_curve (backtest_id, time, equity) VALUES "
                                "($1::uuid, now(), 1)",
                                alice_backtest),
               SqlError);
  // Without a user a session sees nothing at all.
  user_conn->execute_script("RESET app.user_id");
  for (const auto& t : kUserTables) EXPECT_EQ(count_as(t), 0) << t;
  EXPECT_NE(alice, bob);
}

// `talon data import --db` as the least-privileged role: no superuser, no table owner,
// so session_replication_role cannot be set and partitions are made by the owner's function.
TEST_P(RowSecurity, KlinesImportAsANonSuperuserLoginRole) {
  const KlineSeries s = read_klines(test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"));
  auto store = open_store(login_url());
  const KlineImportResult r = import_klines(*store, "BINANCE", "BTCUSDT", "1m", s.bars, "test");
  EXPECT_EQ(r.inserted, 2880u);
  const KlineImportResult again = import_klines(*store, "BINANCE", "BTCUSDT", "1m", s.bars, "test");
  EXPECT_EQ(again.inserted, 0u);
  EXPECT_EQ(again.skipped, 2880u);
  EXPECT_EQ(again.differing, 0u);
  EXPECT_EQ(count("market_prices"), 2880);
  EXPECT_FALSE(
      row_bool(sql()
                   .query(fmt::format("SELECT rolsuper FROM pg_roles WHERE rolname = '{}'", role_))
                   .rows.at(0),
               0));
}

// `talon backtest --db` as the least-privileged role: the run is stored as the user the
// server maps the login role to, and setting app.user_id does not reach anyone else's rows.
TEST_P(RowSecurity, ALoginRoleStoresABacktestAsItsOwnUserAndCannotChooseAnother) {
  const Uuid alice = store_backtest_for("alice@example.com", 5);
  const auto run = sma_run(7);
  auto store = open_store(login_url());
  store->save_backtest(run->record);
  SqlConnection& mine = store->connection();
  auto count_as = [&](const std::string& q) {
    return row_int(mine.query("SELECT count(*) FROM " + q).rows.at(0), 0);
  };
  EXPECT_EQ(count_as("backtests"), 1);
  EXPECT_EQ(count_as("equity_curve"), static_cast<std::int64_t>(run->result.equity_curve.size()));
  EXPECT_EQ(count_as("orders"), static_cast<std::int64_t>(run->result.orders.size()));
  // Choosing alice by hand changes nothing: the role is mapped to its own user.
  const SqlValue a[] = {alice.to_string()};
  mine.query("SELECT set_config('app.user_id', $1, false)", a);
  EXPECT_EQ(count_as("backtests"), 1);
  EXPECT_EQ(count_as("users WHERE email = 'alice@example.com'"), 0);
  EXPECT_THROW(mine.query("SELECT count(*) FROM role_users"), SqlError);
  // The owner sees both runs, the second under the login role's own user.
  EXPECT_EQ(count("backtests"), 2);
  EXPECT_EQ(count("users", fmt::format("email = '{}@role.talon.invalid'", role_)), 1);
}

TALON_ON_POSTGRESQL(RowSecurity);

}  // namespace
}  // namespace talon::test
