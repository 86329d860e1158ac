// The Store over a SqlConnection: the same SQL on both backends; the only dialect branch is
// partition creation on PostgreSQL before rows of a new time range arrive.

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <limits>
#include <unordered_map>

#include <talon/analytics/report.hpp>
#include <talon/core/error.hpp>
#include <talon/store/migrations.hpp>
#include <talon/store/partitions.hpp>
#include <talon/store/store.hpp>

#include "backtest_writer.hpp"
#include "local_user.hpp"
#include "sql_values.hpp"

namespace talon {
namespace {
using store_detail::opt_decimal;
using store_detail::opt_text;
using store_detail::wall_now;

// A bulk insert names the refused row within its batch ("(row 8 of 10000)"); the caller's
// rows are numbered over the whole call: "(bar 20008 of 30000)".
std::string renumber_row(std::string what, std::size_t batch_start, std::size_t total) {
  const auto at = what.rfind(" (row ");
  if (at == std::string::npos) return what;
  std::size_t row = 0;
  const char* p = what.c_str() + at + 6;
  const auto r = std::from_chars(p, what.c_str() + what.size(), row);
  if (r.ec != std::errc()) return what;
  const auto close = what.find(')', at);
  if (close == std::string::npos) return what;
  what.replace(at, close - at + 1, fmt::format(" (bar {} of {})", batch_start + row, total));
  return what;
}

constexpr std::size_t kBulkRows = 10'000;

std::string asset_type_name(AssetType t) {
  switch (t) {
    case AssetType::Spot: return "SPOT";
    case AssetType::Perpetual: return "PERPETUAL";
    case AssetType::Stock: return "STOCK";
    case AssetType::Etf: return "ETF";
  }
  return "SPOT";
}

class SqlStore final : public Store {
 public:
  explicit SqlStore(std::unique_ptr<SqlConnection> c) : c_(std::move(c)) {}

  SqlConnection& connection() override { return *c_; }

  std::unique_ptr<BacktestWriter> begin_backtest(const BacktestRecord& r) override {
    try {
      auto tx = std::make_unique<SqlTransaction>(*c_);
      store_detail::RunKeys keys = write_run_rows(r);
      return store_detail::make_backtest_writer(*c_, std::move(tx), std::move(keys));
    } catch (const Error& e) {
      throw Error(fmt::format("{}: backtest {} not saved (nothing written): {}", c_->name(),
                              r.id.to_string(), e.what()));
    }
  }

  SavedBacktest save_backtest(const BacktestRecord& r) override {
    if (r.result == nullptr || r.metrics == nullptr) {
      throw InvalidArgument("save_backtest: record has no result or metrics");
    }
    std::unique_ptr<BacktestWriter> writer = begin_backtest(r);
    try {
      replay(*r.result, *writer);
      return writer->finish(r);
    } catch (const Error& e) {
      throw Error(fmt::format("{}: backtest {} not saved (nothing written): {}", c_->name(),
                              r.id.to_string(), e.what()));
    }
  }

  void save_backtest_summaries(std::span<const BacktestRecord> records) override {
    if (records.empty()) return;
    try {
      SqlTransaction tx(*c_);
      for (const BacktestRecord& r : records) {
        if (r.result == nullptr || r.metrics == nullptr) {
          throw InvalidArgument("save_backtest_summaries: record has no result or metrics");
        }
        store_detail::RunKeys keys = write_run_rows(r);
        store_detail::make_backtest_writer(*c_, nullptr, std::move(keys))->finish(r);
      }
      tx.commit();
    } catch (const Error& e) {
      throw Error(fmt::format("{}: {} runs not saved (nothing written): {}", c_->name(),
                              records.size(), e.what()));
    }
  }

  std::vector<std::pair<std::string, std::string>> read_session_runs(
      const Uuid& session_id) override {
    const SqlValue p[] = {session_id};
    const SqlResult rows = c_->query(
        "SELECT parameters, metrics FROM backtests WHERE backtest_session_id = $1 AND deleted_at "
        "IS NULL ORDER BY created_at, id",
        p);
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(rows.rows.size());
    for (const SqlRow& row : rows.rows) out.emplace_back(row_text(row, 0), row_text(row, 1));
    return out;
  }

  std::size_t insert_klines(const std::string& exchange, const std::string& symbol,
                            const std::string& interval, std::span<const Bar> bars,
                            const std::string& source) override {
    if (bars.empty()) return 0;
    SqlTransaction tx(*c_);
    const std::int64_t ex = exchange_id(exchange);
    ensure_symbol(ex, symbol, nullptr);
    if (c_->dialect() == Dialect::Postgresql) {
      const auto [lo, hi] = std::minmax_element(
          bars.begin(), bars.end(),
          [](const Bar& a, const Bar& b) { return a.open_time.ns < b.open_time.ns; });
      create_partitions(*c_, "market_prices", lo->open_time, hi->open_time);
      skip_per_row_symbol_check(ex, symbol);
    }
    static constexpr std::string_view kColumns[] = {"exchange_id",
                                                    "symbol",
                                                    "timestamp",
                                                    "close_time",
                                                    "interval",
                                                    "open",
                                                    "high",
                                                    "low",
                                                    "close",
                                                    "volume",
                                                    "quote_volume",
                                                    "trades_count",
                                                    "taker_buy_volume",
                                                    "taker_buy_quote_volume",
                                                    "source"};
    std::vector<SqlValue> values;
    values.reserve(std::min(bars.size(), kBulkRows) * std::size(kColumns));
    const SqlValue src = opt_text(source);
    for (std::size_t i = 0; i < bars.size(); ++i) {
      const Bar& b = bars[i];
      values.insert(values.end(),
                    {SqlValue{ex}, SqlValue{symbol}, SqlValue{b.open_time}, SqlValue{b.close_time},
                     SqlValue{interval}, SqlValue{b.open}, SqlValue{b.high}, SqlValue{b.low},
                     SqlValue{b.close}, SqlValue{b.volume}, SqlValue{b.quote_volume},
                     SqlValue{b.trades_count}, SqlValue{b.taker_buy_base_volume},
                     SqlValue{b.taker_buy_quote_volume}, src});
      if (values.size() >= kBulkRows * std::size(kColumns) || i + 1 == bars.size()) {
        const std::size_t batch_start = i + 1 - values.size() / std::size(kColumns);
        try {
          c_->bulk_insert("market_prices", kColumns, values);
        } catch (const SqlError& e) {
          throw SqlError(e.kind(), renumber_row(e.what(), batch_start, bars.size()));
        }
        values.clear();
      }
    }
    if (c_->dialect() == Dialect::Postgresql && may_set_replication_role_.value_or(false))
      c_->execute_script(kTriggersOn);
    tx.commit();
    return bars.size();
  }

  std::vector<Bar> read_klines(const std::string& exchange, const std::string& symbol,
                               const std::string& interval, Timestamp from, Timestamp to,
                               std::size_t limit) override {
    // Stored times have microseconds: round both bounds up to keep [from, to) exact.
    // (The last microsecond of the int64 range rounds down: nothing is stored there.)
    const auto ceil_us = [](Timestamp t) {
      const std::int64_t r = ((t.ns % kNanosPerMicro) + kNanosPerMicro) % kNanosPerMicro;
      if (r == 0) return t;
      if (t.ns > std::numeric_limits<std::int64_t>::max() - kNanosPerMicro) {
        return Timestamp::from_ns(t.ns - r);
      }
      return Timestamp::from_ns(t.ns + (kNanosPerMicro - r));
    };
    const SqlValue p[] = {exchange, symbol, interval, ceil_us(from), ceil_us(to)};
    std::vector<Bar> out;
    if (limit != 0) out.reserve(limit);
    c_->for_each_row(
        "SELECT m.timestamp, m.close_time, m.open, m.high, m.low, m.close, m.volume, "
        "m.quote_volume, m.taker_buy_volume, m.taker_buy_quote_volume, m.trades_count "
        "FROM market_prices m JOIN exchanges e ON e.id = m.exchange_id "
        "WHERE e.code = $1 AND m.symbol = $2 AND m.interval = $3 AND m.timestamp >= $4 "
        "AND m.timestamp < $5 ORDER BY m.timestamp" +
            (limit == 0 ? std::string() : fmt::format(" LIMIT {}", limit)),
        p, [&out](SqlRowView row) {
          Bar& b = out.emplace_back();
          b.open_time = row_time(row, 0);
          b.close_time = row_time(row, 1);
          b.open = row_decimal(row, 2);
          b.high = row_decimal(row, 3);
          b.low = row_decimal(row, 4);
          b.close = row_decimal(row, 5);
          b.volume = row_decimal(row, 6);
          b.quote_volume = row_decimal(row, 7);
          b.taker_buy_base_volume = row_decimal(row, 8);
          b.taker_buy_quote_volume = row_decimal(row, 9);
          b.trades_count = row_int(row, 10);
        });
    return out;
  }

 private:
  static constexpr const char* kTriggersOn = "SET LOCAL session_replication_role = origin";

  // Every row of a kline import has the same (exchange_id, symbol), which ensure_symbol has
  // just made exist. PostgreSQL would still check the foreign key once per row (a trigger
  // running a query: half of COPY's server time). Instead the symbol row is locked FOR KEY
  // SHARE once, exactly the lock each per-row check takes, so it cannot vanish before
  // commit, and the per-row triggers are off for this transaction's COPY. Only where the
  // role may set session_replication_role (superuser, or GRANT SET ON PARAMETER, PG 15);
  // otherwise the per-row check runs as usual. market_prices has no other triggers.
  void skip_per_row_symbol_check(std::int64_t ex, const std::string& symbol) {
    const SqlValue p[] = {ex, symbol};
    c_->query("SELECT 1 FROM symbols WHERE exchange_id = $1 AND symbol = $2 FOR KEY SHARE", p);
    if (!may_set_replication_role_) {
      may_set_replication_role_ = row_bool(
          c_->query("SELECT has_parameter_privilege('session_replication_role', 'SET')").rows.at(0),
          0);
    }
    if (*may_set_replication_role_) {
      c_->execute_script("SET LOCAL session_replication_role = replica");
    }
  }

  std::int64_t exchange_id(const std::string& code) {
    const SqlValue p[] = {code};
    const SqlResult r = c_->query("SELECT id FROM exchanges WHERE code = $1", p);
    if (r.rows.empty()) {
      throw InvalidArgument(fmt::format(
          "exchange '{}' is not one of BINANCE, BYBIT, OKX, MEXC, HYPERLIQUID, ALPACA", code));
    }
    return row_int(r.rows[0], 0);
  }

  void ensure_symbol(std::int64_t ex, const std::string& symbol, const Instrument* inst) {
    Instrument guess;
    if (inst == nullptr) {
      guess = generic_spot_instrument(symbol);
      inst = &guess;
    }
    const bool known_rules = inst != &guess;
    const SqlValue p[] = {
        ex,
        symbol,
        inst->base_currency.empty() ? symbol : inst->base_currency,
        inst->quote_currency.empty() ? std::string("UNKNOWN") : inst->quote_currency,
        asset_type_name(inst->asset_type),
        known_rules ? opt_decimal(inst->min_quantity) : SqlValue{nullptr},
        known_rules ? opt_decimal(inst->max_quantity) : SqlValue{nullptr},
        known_rules ? opt_decimal(inst->lot_size) : SqlValue{nullptr},
        known_rules ? opt_decimal(inst->tick_size) : SqlValue{nullptr},
        known_rules ? SqlValue{std::int64_t{inst->price_precision}} : SqlValue{nullptr},
        known_rules ? SqlValue{std::int64_t{inst->quantity_precision}} : SqlValue{nullptr},
        known_rules ? SqlValue{inst->min_notional} : SqlValue{nullptr},
        std::string(to_string(inst->status)),
        wall_now()};
    c_->query(
        "INSERT INTO symbols (exchange_id, symbol, base_currency, quote_currency, asset_type, "
        "min_quantity, max_quantity, step_size, tick_size, price_precision, quantity_precision, "
        "min_notional, status, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,"
        "$14) ON CONFLICT (exchange_id, symbol) DO NOTHING",
        p);
  }

  Uuid find_or_insert(const std::string& select, std::span<const SqlValue> select_params,
                      const std::string& insert, std::vector<SqlValue> insert_params) {
    const SqlResult found = c_->query(select, select_params);
    if (!found.rows.empty()) return Uuid::parse(row_text(found.rows[0], 0));
    const Uuid id = new_uuid_v7();
    insert_params.insert(insert_params.begin(), id);
    c_->query(insert, insert_params);
    return id;
  }

  // PostgreSQL sessions that are neither superuser nor (a member of) the tables' owner: row-
  // level security applies to them, and they store runs as their login role's user.
  bool subject_to_row_security() {
    if (c_->dialect() != Dialect::Postgresql) return false;
    if (!subject_to_rls_) subject_to_rls_ = store_detail::subject_to_row_security(*c_);
    return *subject_to_rls_;
  }

  // The rows every row of the run references: user, strategy, bot, configuration, the
  // backtests row (its figures filled in by the writer's finish) and the running bot run.
  store_detail::RunKeys write_run_rows(const BacktestRecord& r) {
    const Decimal cash = r.initial_cash.is_positive() || r.result == nullptr
                             ? r.initial_cash
                             : r.result->initial_cash;
    if (!cash.is_positive()) {
      throw InvalidArgument("the run's initial cash must be positive, got " + cash.to_string());
    }
    const Timestamp now = wall_now();
    SavedBacktest s;
    s.backtest_id = r.id;

    // The venue of the instrument id: BINANCE for spot and USDⓈ-M alike (the symbol tells them
    // apart: BTCUSDT, BTCUSDT-PERP).
    const std::string exchange =
        r.instrument ? std::string(r.instrument->id().venue()) : std::string("BINANCE");
    const std::int64_t ex = exchange_id(exchange.empty() ? "BINANCE" : exchange);
    ensure_symbol(ex, r.symbol, r.instrument);

    if (subject_to_row_security()) {
      // A login role under row-level security: its user is the one the server maps it to.
      s.user_id = Uuid::parse(row_text(c_->query("SELECT talon_role_user()::text").rows.at(0), 0));
    } else {
      const SqlValue email[] = {std::string(store_detail::kLocalUserEmail)};
      s.user_id =
          find_or_insert("SELECT id FROM users WHERE email = $1", email,
                         "INSERT INTO users (id, email, full_name, created_at, updated_at) VALUES "
                         "($1, $2, 'local command-line user', $3, $3)",
                         {std::string(store_detail::kLocalUserEmail), now});
    }

    const SqlValue strat_key[] = {s.user_id, r.strategy};
    s.strategy_id = find_or_insert(
        "SELECT id FROM strategies WHERE user_id = $1 AND name = $2 AND version = '1.0.0' "
        "AND deleted_at IS NULL",
        strat_key,
        "INSERT INTO strategies (id, user_id, name, type, version, created_at, updated_at) "
        "VALUES ($1, $2, $3, 'technical', '1.0.0', $4, $4)",
        {s.user_id, r.strategy, now});

    const std::string bot_name = store_detail::backtest_bot_name(r.strategy, r.symbol);
    const SqlValue bot_key[] = {s.user_id, bot_name};
    s.bot_id = find_or_insert(
        "SELECT id FROM bots WHERE user_id = $1 AND name = $2 AND deleted_at IS NULL", bot_key,
        "INSERT INTO bots (id, user_id, strategy_id, exchange_id, symbol, name, status, config, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'stopped', $7, $8, $8)",
        {s.user_id, s.strategy_id, ex, r.symbol, bot_name, r.parameters_json, now});

    // Configurations are immutable: the same parameters reuse their version, others add one.
    const std::string symbols_json = fmt::format(R"(["{}"])", r.symbol);
    {
      const SqlValue key[] = {s.bot_id, r.parameters_json, symbols_json};
      const SqlResult found = c_->query(
          "SELECT id FROM bot_configurations WHERE bot_id = $1 AND parameters = $2 AND "
          "symbols = $3",
          key);
      if (!found.rows.empty()) {
        s.configuration_id = Uuid::parse(row_text(found.rows[0], 0));
      } else {
        const SqlValue b[] = {s.bot_id};
        const std::int64_t version =
            row_int(c_->query("SELECT COALESCE(MAX(version), 0) + 1 FROM bot_configurations WHERE "
                              "bot_id = $1",
                              b)
                        .rows.at(0),
                    0);
        s.configuration_id = new_uuid_v7();
        const SqlValue p[] = {s.configuration_id,
                              s.bot_id,
                              version,
                              fmt::format("{} v{}", bot_name, version),
                              symbols_json,
                              r.parameters_json,
                              now,
                              std::string("talon backtest")};
        c_->query(
            "INSERT INTO bot_configurations (id, bot_id, version, name, symbols, parameters, "
            "created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            p);
      }
    }

    {
      // Figures of a run that has not started; finish() writes the real ones.
      const SqlValue p[] = {
          r.id,
          s.user_id,
          s.strategy_id,
          s.bot_id,
          ex,
          r.symbol,
          r.timeframe.empty() ? std::string("1m") : r.timeframe,
          to_iso_date(r.created_at),
          to_iso_date(r.created_at),
          r.parameters_json,
          opt_text(r.data_source),
          r.fee_bps,
          cash,
          r.created_at,
          r.backtest_session_id.is_nil() ? SqlValue{nullptr} : SqlValue{r.backtest_session_id}};
      c_->query(
          "INSERT INTO backtests (id, user_id, strategy_id, bot_id, exchange_id, symbol, "
          "timeframe, start_date, end_date, parameters, data_source, fee_bps, initial_capital, "
          "final_equity, total_trades, winning_trades, losing_trades, win_rate, max_drawdown, "
          "max_drawdown_duration_hours, avg_win, avg_loss, largest_win, largest_loss, "
          "created_at, backtest_session_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,"
          "$13,0,0,0,'0','0','0','0','0','0','0',$14,$15)",
          p);
    }

    s.run_id = new_uuid_v7();
    {
      const SqlValue p[] = {s.run_id, s.bot_id, s.configuration_id, r.id, r.created_at};
      c_->query(
          "INSERT INTO bot_runs (id, bot_id, configuration_id, backtest_id, mode, status, "
          "started_at, last_heartbeat, operator_id) VALUES ($1, $2, $3, $4, 'backtest', "
          "'running', $5, $5, 'talon backtest')",
          p);
    }
    store_detail::RunKeys keys;
    keys.saved = s;
    keys.exchange_id = ex;
    keys.symbol = r.symbol;
    keys.created_at = r.created_at;
    keys.futures = r.instrument != nullptr && r.instrument->asset_type == AssetType::Perpetual;
    return keys;
  }

  // A finished result through the writer, in the order a run journals: positions first (a
  // row's position is known when it is converted), then every order with its events and
  // fills, then the equity curve.
  static void replay(const BacktestResult& res, BacktestWriter& w) {
    if (res.market == Market::Spot) {
      for (const RoundTrip& t : res.round_trips) w.on_round_trip(t);
    }
    for (const Position& p : res.positions) {
      if (res.market == Market::UsdM || p.status == PositionStatus::Open) w.on_position(p);
    }
    std::unordered_map<Uuid, std::vector<const OrderEvent*>, UuidHash> events;
    for (const OrderEvent& e : res.order_events) events[e.order_id].push_back(&e);
    std::unordered_map<Uuid, std::vector<const Fill*>, UuidHash> fills;
    for (const Fill& f : res.fills) fills[f.order_id].push_back(&f);
    for (const Order& o : res.orders) {
      std::uint32_t seq = 0;
      for (const OrderEvent* e : events[o.id]) {
        OrderEvent copy = *e;
        copy.seq = seq++;
        copy.order_created_at = o.created_at;
        w.on_order_event(copy);
      }
      for (const Fill* f : fills[o.id]) w.on_fill(*f);
      w.on_order(o);
    }
    w.checkpoint({});
    for (const EquityPoint& p : res.equity_curve) w.on_equity(p);
  }

  std::unique_ptr<SqlConnection> c_;
  std::optional<bool> may_set_replication_role_;
  std::optional<bool> subject_to_rls_;
};

}  // namespace

std::unique_ptr<Store> make_sql_store(std::unique_ptr<SqlConnection> connection) {
  return std::make_unique<SqlStore>(std::move(connection));
}

std::unique_ptr<Store> open_store(const std::string& target) {
  std::unique_ptr<SqlConnection> c = open_connection(target);
  if (c->dialect() == Dialect::Sqlite) {
    migrate(*c);
  } else {
    const int have = schema_version(*c);
    const int want = builtin_migrations(Dialect::Postgresql).back().version;
    if (have != want) {
      throw Error(
          fmt::format("{}: schema version {}, this talon needs {}: run 'talon db "
                      "migrate --db {}'",
                      c->name(), have, want, c->name()));
    }
  }
  return make_sql_store(std::move(c));
}

std::unique_ptr<Store> open_sqlite_store(const std::string& path) {
  return open_store(path);
}

}  // namespace talon
