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

#include "indicator_rows.hpp"

namespace talon {
namespace {

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

constexpr const char* kLocalUserEmail = "local@talon.invalid";
constexpr std::size_t kBulkRows = 10'000;

Timestamp wall_now() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return Timestamp::from_ns(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count());
}

// Rows per bulk insert: the values of a whole run never sit in memory at once (a run with
// 100,000 orders would otherwise hold ~3 million SqlValues before the first write).
constexpr std::size_t kChunkRows = 4096;

// Writes `values` to `table` once they hold kChunkRows rows (or at once with `force`), then
// empties them (capacity kept).
void flush_rows(SqlConnection& c, std::string_view table, std::span<const std::string_view> columns,
                std::vector<SqlValue>& values, bool force) {
  if (values.empty() || (!force && values.size() < kChunkRows * columns.size())) return;
  c.bulk_insert(table, columns, values);
  values.clear();
}

SqlValue opt_decimal(Decimal d) {
  return d.is_zero() ? SqlValue{nullptr} : SqlValue{d};
}
SqlValue opt_time(Timestamp t) {
  return t.ns == 0 ? SqlValue{nullptr} : SqlValue{t};
}
SqlValue opt_text(const std::string& s) {
  return s.empty() ? SqlValue{nullptr} : SqlValue{s};
}
SqlValue opt_ratio(const std::optional<double>& v) {
  return v ? SqlValue{fmt::format("{:.4f}", *v)} : SqlValue{nullptr};
}

std::string asset_type_name(AssetType t) {
  switch (t) {
    case AssetType::Spot: return "SPOT";
    case AssetType::Perpetual: return "PERPETUAL";
    case AssetType::Stock: return "STOCK";
    case AssetType::Etf: return "ETF";
  }
  return "SPOT";
}

// The detailed trade list (seed 002 backtests.results): one object per round trip.
std::string results_json(const BacktestResult& res) {
  std::string out = "[";
  for (std::size_t i = 0; i < res.round_trips.size(); ++i) {
    const RoundTrip& t = res.round_trips[i];
    if (i != 0) out += ',';
    out +=
        fmt::format(R"({{"entry_time":"{}","exit_time":"{}","quantity":"{}","entry_notional":"{}",)"
                    R"("exit_notional":"{}","fees":"{}","pnl":"{}"}})",
                    to_iso8601(t.entry_time), to_iso8601(t.exit_time), t.quantity.to_string(),
                    t.entry_notional.to_string(), t.exit_notional.to_string(), t.fees.to_string(),
                    t.pnl.to_string());
  }
  return out + ']';
}

class SqlStore final : public Store {
 public:
  explicit SqlStore(std::unique_ptr<SqlConnection> c) : c_(std::move(c)) {}

  SqlConnection& connection() override { return *c_; }

  SavedBacktest save_backtest(const BacktestRecord& r) override {
    if (r.result == nullptr || r.metrics == nullptr) {
      throw InvalidArgument("save_backtest: record has no result or metrics");
    }
    try {
      const BacktestResult& res = *r.result;
      save_progress_ = r.progress ? &r.progress : nullptr;
      save_done_ = 0;
      save_total_ = res.orders.size() + res.order_events.size() + res.fills.size() +
                    res.equity_curve.size() + res.round_trips.size() + res.positions.size();
      SqlTransaction tx(*c_);
      SavedBacktest s = write_backtest(r);
      tx.commit();
      if (save_progress_ != nullptr) (*save_progress_)(save_total_, save_total_);
      save_progress_ = nullptr;
      return s;
    } catch (const Error& e) {
      throw Error(fmt::format("{}: backtest {} not saved (nothing written): {}", c_->name(),
                              r.id.to_string(), e.what()));
    }
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
                               const std::string& interval, Timestamp from, Timestamp to) override {
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
    c_->for_each_row(
        "SELECT m.timestamp, m.close_time, m.open, m.high, m.low, m.close, m.volume, "
        "m.quote_volume, m.taker_buy_volume, m.taker_buy_quote_volume, m.trades_count "
        "FROM market_prices m JOIN exchanges e ON e.id = m.exchange_id "
        "WHERE e.code = $1 AND m.symbol = $2 AND m.interval = $3 AND m.timestamp >= $4 "
        "AND m.timestamp < $5 ORDER BY m.timestamp",
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
    if (!subject_to_rls_) {
      subject_to_rls_ = row_bool(
          c_->query("SELECT NOT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE "
                    "oid = 'users'::regclass), 'MEMBER')")
              .rows.at(0),
          0);
    }
    return *subject_to_rls_;
  }

  SavedBacktest write_backtest(const BacktestRecord& r) {
    const BacktestResult& res = *r.result;
    const BacktestMetrics& m = *r.metrics;
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
      const SqlValue email[] = {std::string(kLocalUserEmail)};
      s.user_id =
          find_or_insert("SELECT id FROM users WHERE email = $1", email,
                         "INSERT INTO users (id, email, full_name, created_at, updated_at) VALUES "
                         "($1, $2, 'local command-line user', $3, $3)",
                         {std::string(kLocalUserEmail), now});
    }

    const SqlValue strat_key[] = {s.user_id, r.strategy};
    s.strategy_id = find_or_insert(
        "SELECT id FROM strategies WHERE user_id = $1 AND name = $2 AND version = '1.0.0' "
        "AND deleted_at IS NULL",
        strat_key,
        "INSERT INTO strategies (id, user_id, name, type, version, created_at, updated_at) "
        "VALUES ($1, $2, $3, 'technical', '1.0.0', $4, $4)",
        {s.user_id, r.strategy, now});

    const std::string bot_name = fmt::format("backtest {} {}", r.strategy, r.symbol);
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
      const SqlValue p[] = {r.id,
                            s.user_id,
                            s.strategy_id,
                            s.bot_id,
                            ex,
                            r.symbol,
                            r.timeframe,
                            to_iso_date(res.start),
                            to_iso_date(res.end),
                            r.parameters_json,
                            opt_text(r.data_source),
                            r.fee_bps,
                            m.initial_capital,
                            m.final_equity,
                            m.total_trades,
                            m.winning_trades,
                            m.losing_trades,
                            m.win_rate,
                            opt_ratio(m.sharpe_ratio),
                            opt_ratio(m.sortino_ratio),
                            m.max_drawdown,
                            m.max_drawdown_duration_hours,
                            m.profit_factor ? SqlValue{*m.profit_factor} : SqlValue{nullptr},
                            m.avg_win,
                            m.avg_loss,
                            m.largest_win,
                            m.largest_loss,
                            results_json(res),
                            format_equity_curve_json(m),
                            format_json_report(m),
                            r.created_at};
      c_->query(
          "INSERT INTO backtests (id, user_id, strategy_id, bot_id, exchange_id, symbol, "
          "timeframe, start_date, end_date, parameters, data_source, fee_bps, initial_capital, "
          "final_equity, total_trades, winning_trades, losing_trades, win_rate, sharpe_ratio, "
          "sortino_ratio, max_drawdown, max_drawdown_duration_hours, profit_factor, avg_win, "
          "avg_loss, largest_win, largest_loss, results, equity_curve, metrics, created_at) "
          "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,"
          "$22,$23,$24,$25,$26,$27,$28,$29,$30,$31)",
          p);
    }

    s.run_id = new_uuid_v7();
    {
      const Timestamp stopped = std::max(now, Timestamp::from_ns(r.created_at.ns + kNanosPerMicro));
      const SqlValue p[] = {s.run_id, s.bot_id, s.configuration_id, r.id, r.created_at,
                            stopped,  stopped};
      c_->query(
          "INSERT INTO bot_runs (id, bot_id, configuration_id, backtest_id, mode, status, "
          "started_at, stopped_at, last_heartbeat, operator_id) VALUES ($1, $2, $3, $4, "
          "'backtest', 'stopped', $5, $6, $7, 'talon backtest')",
          p);
      const SqlValue b[] = {stopped, s.bot_id};
      c_->query("UPDATE bots SET last_run_at = $1, updated_at = $1 WHERE id = $2", b);
    }

    if (c_->dialect() == Dialect::Postgresql) prepare_partitions(res);
    write_positions(r, s, ex);
    write_orders(r, s, ex);
    write_trades(r, s, ex);
    write_equity(r, s);
    s.indicator_values = store_detail::write_indicator_rows(*c_, r.id, ex, r.symbol, r.indicators);
    return s;
  }

  void prepare_partitions(const BacktestResult& res) {
    auto range = [](auto first, auto last, auto time_of) {
      Timestamp lo{INT64_MAX}, hi{INT64_MIN};
      for (auto it = first; it != last; ++it) {
        lo.ns = std::min(lo.ns, time_of(*it).ns);
        hi.ns = std::max(hi.ns, time_of(*it).ns);
      }
      return std::pair{lo, hi};
    };
    if (!res.orders.empty()) {
      const auto [lo, hi] =
          range(res.orders.begin(), res.orders.end(), [](const Order& o) { return o.created_at; });
      create_partitions(*c_, "orders", lo, hi);
    }
    if (!res.fills.empty()) {
      const auto [lo, hi] =
          range(res.fills.begin(), res.fills.end(), [](const Fill& f) { return f.executed_at; });
      create_partitions(*c_, "trades", lo, hi);
      create_partitions(*c_, "positions", lo, hi);
    }
  }

  // flush_rows, reporting the rows written to the record's progress callback.
  void flush(std::string_view table, std::span<const std::string_view> columns,
             std::vector<SqlValue>& values, bool force) {
    const std::size_t rows = values.size() / columns.size();
    flush_rows(*c_, table, columns, values, force);
    if (values.empty() && rows != 0 && save_progress_ != nullptr) {
      save_done_ += rows;
      (*save_progress_)(std::min(save_done_, save_total_), save_total_);
    }
  }

  // Spot: one position per round trip (CLOSED), and the open one at the end, if any.
  // USDⓈ-M: every position of the futures account as it ended. A position still open is
  // marked at the last close (mark_price, unrealized_pnl).
  void write_positions(const BacktestRecord& r, SavedBacktest& s, std::int64_t ex) {
    const BacktestResult& res = *r.result;
    static constexpr std::string_view kColumns[] = {
        "id",           "user_id",     "bot_id",
        "backtest_id",  "exchange_id", "symbol",
        "side",         "entry_price", "exit_price",
        "quantity",     "pnl",         "pnl_percent",
        "realized_pnl", "fees",        "leverage",
        "status",       "opened_at",   "closed_at",
        "updated_at",   "mark_price",  "unrealized_pnl",
        "margin_mode",  "margin_used", "liquidation_price"};
    std::vector<SqlValue> v;
    position_ids_.clear();
    if (res.market == Market::UsdM) {
      for (const Position& p : res.positions) write_futures_position(r, s, ex, p, v);
      if (!v.empty()) c_->bulk_insert("positions", kColumns, v);
      s.positions = v.size() / std::size(kColumns);
      return;
    }
    for (const RoundTrip& t : res.round_trips) {
      const Uuid id = new_uuid_v7();
      position_ids_.push_back({t.entry_time, t.exit_time, id});
      const Decimal pnl_pct =
          t.entry_notional.is_zero()
              ? Decimal{}
              : round_to_places(div(t.pnl * 100, t.entry_notional, Rounding::HalfEven), 4,
                                Rounding::HalfEven);
      v.insert(v.end(), {id,
                         s.user_id,
                         s.bot_id,
                         r.id,
                         ex,
                         r.symbol,
                         std::string("LONG"),
                         div(t.entry_notional, t.quantity, Rounding::HalfEven),
                         div(t.exit_notional, t.quantity, Rounding::HalfEven),
                         t.quantity,
                         t.pnl,
                         pnl_pct,
                         t.pnl,
                         t.fees,
                         std::int64_t{1},
                         std::string("CLOSED"),
                         t.entry_time,
                         t.exit_time,
                         t.exit_time,
                         nullptr,
                         nullptr,
                         nullptr,
                         nullptr,
                         nullptr});
    }
    if (res.final_position.is_positive()) {
      // Entry of the open position: the buy fills after the last closed trip.
      const Timestamp after =
          res.round_trips.empty() ? Timestamp{INT64_MIN} : res.round_trips.back().exit_time;
      Decimal qty, notional, fees;
      Timestamp opened{INT64_MAX};
      for (const Fill& f : res.fills) {
        if (f.executed_at.ns <= after.ns || f.side != OrderSide::Buy) continue;
        qty += f.quantity;
        notional += mul(f.price, f.quantity, Rounding::HalfEven);
        fees += f.fee;
        opened.ns = std::min(opened.ns, f.executed_at.ns);
      }
      if (qty.is_positive()) {
        const Uuid id = new_uuid_v7();
        position_ids_.push_back({opened, Timestamp{INT64_MAX}, id});
        const Decimal entry = div(notional, qty, Rounding::HalfEven);
        const Decimal unrealized = mul(res.last_price, res.final_position, Rounding::HalfEven) -
                                   mul(entry, res.final_position, Rounding::HalfEven);
        v.insert(v.end(), {id,
                           s.user_id,
                           s.bot_id,
                           r.id,
                           ex,
                           r.symbol,
                           std::string("LONG"),
                           entry,
                           nullptr,
                           res.final_position,
                           unrealized - fees,
                           nullptr,
                           nullptr,
                           fees,
                           std::int64_t{1},
                           std::string("OPEN"),
                           opened,
                           nullptr,
                           res.end,
                           opt_decimal(res.last_price),
                           unrealized,
                           nullptr,
                           nullptr,
                           nullptr});
      }
    }
    if (!v.empty()) c_->bulk_insert("positions", kColumns, v);
    s.positions = v.size() / std::size(kColumns);
  }

  void write_futures_position(const BacktestRecord& r, const SavedBacktest& s, std::int64_t ex,
                              const Position& p, std::vector<SqlValue>& v) {
    const Uuid id = new_uuid_v7();
    const bool open = p.status == PositionStatus::Open;
    const Timestamp until = open ? Timestamp{INT64_MAX} : p.closed_at;
    position_ids_.push_back({p.opened_at, until, id});
    const bool is_short = p.side == PositionSide::Short ||
                          (p.side == PositionSide::Both && p.peak_quantity.is_negative());
    const Decimal peak = p.peak_quantity.abs();
    const SqlValue exit_price = open || peak.is_zero()
                                    ? SqlValue{nullptr}
                                    : SqlValue{div(p.exit_notional, peak, Rounding::HalfEven)};
    v.insert(v.end(), {id,
                       s.user_id,
                       s.bot_id,
                       r.id,
                       ex,
                       r.symbol,
                       std::string(is_short ? "SHORT" : "LONG"),
                       p.entry_price,
                       exit_price,
                       open ? p.quantity.abs() : peak,
                       p.pnl,
                       p.pnl_percent,
                       p.realized_pnl,
                       p.fees,
                       std::int64_t{p.leverage},
                       std::string(to_string(p.status)),
                       p.opened_at,
                       open ? SqlValue{nullptr} : SqlValue{p.closed_at},
                       open ? p.updated_at : p.closed_at,
                       open ? opt_decimal(p.mark_price) : SqlValue{nullptr},
                       open ? SqlValue{p.unrealized_pnl} : SqlValue{nullptr},
                       std::string(to_string(p.margin_mode)),
                       open ? SqlValue{p.margin_used} : SqlValue{nullptr},
                       open && p.liquidation_price.is_positive() ? SqlValue{p.liquidation_price}
                                                                 : SqlValue{nullptr}});
  }

  SqlValue position_of(Timestamp t) const {
    for (const PositionSpan& p : position_ids_) {
      if (p.from.ns <= t.ns && t.ns <= p.to.ns) return p.id;
    }
    return nullptr;
  }

  void write_orders(const BacktestRecord& r, SavedBacktest& s, std::int64_t ex) {
    const BacktestResult& res = *r.result;
    static constexpr std::string_view kColumns[] = {"id",
                                                    "user_id",
                                                    "bot_id",
                                                    "bot_run_id",
                                                    "backtest_id",
                                                    "position_id",
                                                    "exchange_id",
                                                    "symbol",
                                                    "client_order_id",
                                                    "side",
                                                    "position_side",
                                                    "order_type",
                                                    "time_in_force",
                                                    "quantity",
                                                    "quote_quantity",
                                                    "price",
                                                    "stop_price",
                                                    "reduce_only",
                                                    "status",
                                                    "filled_quantity",
                                                    "avg_fill_price",
                                                    "fees",
                                                    "reject_reason",
                                                    "created_at",
                                                    "updated_at",
                                                    "submitted_at",
                                                    "completed_at",
                                                    "filled_at",
                                                    "cancelled_at"};
    std::vector<SqlValue> v;
    created_of_.clear();
    for (const Order& o : res.orders) {
      created_of_[o.id] = o.created_at;
      const bool done = is_terminal(o.status);
      v.insert(v.end(), {o.id,
                         s.user_id,
                         s.bot_id,
                         s.run_id,
                         r.id,
                         position_of(o.filled_at.ns != 0 ? o.filled_at : o.created_at),
                         ex,
                         r.symbol,
                         o.client_order_id.value(),
                         std::string(to_string(o.side)),
                         std::string("LONG"),
                         std::string(to_string(o.type)),
                         std::string(to_string(o.time_in_force)),
                         o.quantity,
                         opt_decimal(o.quote_quantity),
                         opt_decimal(o.price),
                         opt_decimal(o.stop_price),
                         o.reduce_only,
                         std::string(to_string(o.status)),
                         o.filled_quantity,
                         o.filled_quantity.is_zero()
                             ? SqlValue{nullptr}
                             : SqlValue{div(o.filled_quote, o.filled_quantity, Rounding::HalfEven)},
                         o.fees,
                         opt_text(o.reject_reason),
                         o.created_at,
                         o.updated_at,
                         o.created_at,
                         done ? SqlValue{o.updated_at} : SqlValue{nullptr},
                         opt_time(o.filled_at),
                         opt_time(o.cancelled_at)});
      flush("orders", kColumns, v, false);
    }
    flush("orders", kColumns, v, true);
    s.orders = res.orders.size();

    static constexpr std::string_view kEventColumns[] = {
        "order_id", "order_created_at", "seq", "from_status", "to_status", "kind", "at", "reason"};
    std::vector<SqlValue> e;
    std::unordered_map<Uuid, std::int64_t, UuidHash> seq;
    for (const OrderEvent& ev : res.order_events) {
      e.insert(e.end(), {ev.order_id, created_of_.at(ev.order_id), seq[ev.order_id]++,
                         std::string(to_string(ev.from)), std::string(to_string(ev.to)),
                         std::string(to_string(ev.kind)), ev.at, opt_text(ev.reason)});
      flush("order_events", kEventColumns, e, false);
    }
    flush("order_events", kEventColumns, e, true);
    s.order_events = res.order_events.size();
  }

  void write_trades(const BacktestRecord& r, SavedBacktest& s, std::int64_t ex) {
    const BacktestResult& res = *r.result;
    static constexpr std::string_view kColumns[] = {
        "id",          "order_id",     "order_created_at", "user_id", "position_id", "bot_id",
        "backtest_id", "exchange_id",  "symbol",           "side",    "price",       "quantity",
        "fee",         "fee_currency", "liquidity",        "pnl",     "status",      "broker",
        "executed_at", "created_at"};
    std::vector<SqlValue> v;
    // A fill that closes a round trip carries that trip's net pnl.
    std::size_t trip = 0;
    const auto& trips = res.round_trips;
    for (const Fill& f : res.fills) {
      SqlValue pnl = nullptr;
      if (trip < trips.size() && trips[trip].exit_fill_id == f.id) {
        pnl = trips[trip++].pnl;
      }
      v.insert(v.end(), {f.id,
                         f.order_id,
                         created_of_.at(f.order_id),
                         s.user_id,
                         position_of(f.executed_at),
                         s.bot_id,
                         r.id,
                         ex,
                         r.symbol,
                         std::string(to_string(f.side)),
                         f.price,
                         f.quantity,
                         f.fee,
                         f.fee_currency,
                         std::string(f.liquidity == Liquidity::Maker ? "MAKER" : "TAKER"),
                         pnl,
                         std::string("SUCCESS"),
                         std::string("simulated"),
                         f.executed_at,
                         r.created_at});
      flush("trades", kColumns, v, false);
    }
    flush("trades", kColumns, v, true);
    s.trades = res.fills.size();
  }

  void write_equity(const BacktestRecord& r, SavedBacktest& s) {
    static constexpr std::string_view kColumns[] = {"backtest_id", "time", "equity"};
    std::vector<SqlValue> v;
    for (const EquityPoint& p : r.result->equity_curve) {
      v.insert(v.end(), {r.id, p.at, p.equity});
      flush("equity_curve", kColumns, v, false);
    }
    flush("equity_curve", kColumns, v, true);
    s.equity_points = r.result->equity_curve.size();
  }

  struct PositionSpan {
    Timestamp from, to;
    Uuid id;
  };

  std::unique_ptr<SqlConnection> c_;
  std::optional<bool> may_set_replication_role_;
  std::optional<bool> subject_to_rls_;
  std::vector<PositionSpan> position_ids_;
  const std::function<void(std::size_t, std::size_t)>* save_progress_ = nullptr;
  std::size_t save_done_ = 0;
  std::size_t save_total_ = 0;
  std::unordered_map<Uuid, Timestamp, UuidHash> created_of_;
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
