#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <talon/analytics/report.hpp>
#include <talon/core/error.hpp>
#include <talon/store/store.hpp>

#include "sqlite_schema.hpp"

namespace talon {
namespace {

// ISO-8601 UTC with exactly 6 fractional digits: fixed width, so text order is time order,
// and microseconds are what PostgreSQL's timestamptz keeps too.
std::string db_time(Timestamp t) {
  const std::int64_t day = t.epoch_day();
  const std::int64_t in_day = t.ns - day * kNanosPerDay;
  const CivilDate c = civil_from_days(day);
  const std::int64_t s = in_day / kNanosPerSecond;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", c.year, c.month, c.day, s / 3600,
                     s / 60 % 60, s % 60, in_day % kNanosPerSecond / kNanosPerMicro);
}

void bind_optional_time(SQLite::Statement& st, int index, Timestamp t) {
  if (t.ns == 0) {
    st.bind(index);
  } else {
    st.bind(index, db_time(t));
  }
}

void bind_optional_decimal(SQLite::Statement& st, int index, Decimal d) {
  if (d.is_zero()) {
    st.bind(index);
  } else {
    st.bind(index, d.to_string());
  }
}

std::string optional_ratio(const std::optional<double>& v) {
  return v ? fmt::format("{:.4f}", *v) : std::string();
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(const std::string& path) try
      : path_(path), db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) {
    db_.exec("PRAGMA journal_mode=WAL");
    db_.exec("PRAGMA foreign_keys=ON");
    db_.exec("PRAGMA synchronous=NORMAL");
    SQLite::Transaction tx(db_);
    db_.exec(sqlite_schema::kSchema);
    tx.commit();
  } catch (const SQLite::Exception& e) {
    throw Error(fmt::format("{}: cannot open SQLite database: {}", path, e.what()));
  }

  void save_backtest(const BacktestRecord& r) override {
    try {
      SQLite::Transaction tx(db_);
      insert_backtest(r);
      insert_orders(r);
      insert_trades(r);
      insert_equity(r);
      tx.commit();
    } catch (const SQLite::Exception& e) {
      throw Error(fmt::format("{}: backtest {} not saved (nothing written): {}", path_,
                              r.id.to_string(), e.what()));
    }
  }

 private:
  void insert_backtest(const BacktestRecord& r) {
    const BacktestResult& res = *r.result;
    const BacktestMetrics& m = *r.metrics;
    SQLite::Statement st(db_, R"sql(
      INSERT INTO backtests (id, strategy_name, parameters, symbol, timeframe, data_source,
        fee_bps, start_date, end_date, initial_capital, final_equity, total_trades,
        winning_trades, losing_trades, win_rate, sharpe_ratio, sortino_ratio, max_drawdown,
        max_drawdown_duration_hours, profit_factor, avg_win, avg_loss, largest_win,
        largest_loss, results, equity_curve, metrics, created_at)
      VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?))sql");
    int i = 0;
    st.bind(++i, r.id.to_string());
    st.bind(++i, r.strategy);
    st.bind(++i, r.parameters_json);
    st.bind(++i, r.symbol);
    st.bind(++i, r.timeframe);
    st.bind(++i, r.data_source);
    st.bind(++i, r.fee_bps.to_string());
    st.bind(++i, to_iso_date(res.start));
    st.bind(++i, to_iso_date(res.end));
    st.bind(++i, m.initial_capital.to_string());
    st.bind(++i, m.final_equity.to_string());
    st.bind(++i, m.total_trades);
    st.bind(++i, m.winning_trades);
    st.bind(++i, m.losing_trades);
    st.bind(++i, m.win_rate.to_string());
    if (m.sharpe_ratio) {
      st.bind(++i, optional_ratio(m.sharpe_ratio));
    } else {
      st.bind(++i);
    }
    if (m.sortino_ratio) {
      st.bind(++i, optional_ratio(m.sortino_ratio));
    } else {
      st.bind(++i);
    }
    st.bind(++i, m.max_drawdown.to_string());
    st.bind(++i, m.max_drawdown_duration_hours.to_string());
    if (m.profit_factor) {
      st.bind(++i, m.profit_factor->to_string());
    } else {
      st.bind(++i);
    }
    st.bind(++i, m.avg_win.to_string());
    st.bind(++i, m.avg_loss.to_string());
    st.bind(++i, m.largest_win.to_string());
    st.bind(++i, m.largest_loss.to_string());
    st.bind(++i, results_json(res));
    st.bind(++i, format_equity_curve_json(m));
    st.bind(++i, format_json_report(m));
    st.bind(++i, db_time(r.created_at));
    st.exec();
  }

  // The detailed trade list (seed 002 backtests.results): one object per round trip.
  static std::string results_json(const BacktestResult& res) {
    std::string out = "[";
    for (std::size_t i = 0; i < res.round_trips.size(); ++i) {
      const RoundTrip& t = res.round_trips[i];
      if (i != 0) out += ',';
      out +=
          fmt::format(R"({{"entry_time":"{}","exit_time":"{}","quantity":{},"entry_notional":{},)"
                      R"("exit_notional":{},"fees":{},"pnl":{}}})",
                      to_iso8601(t.entry_time), to_iso8601(t.exit_time), t.quantity.to_string(),
                      t.entry_notional.to_string(), t.exit_notional.to_string(), t.fees.to_string(),
                      t.pnl.to_string());
    }
    out += ']';
    return out;
  }

  void insert_orders(const BacktestRecord& r) {
    SQLite::Statement st(db_, R"sql(
      INSERT INTO orders (id, backtest_id, client_order_id, symbol, side, order_type,
        time_in_force, quantity, quote_quantity, price, stop_price, status, filled_quantity,
        avg_fill_price, fees, reject_reason, created_at, updated_at, filled_at, cancelled_at)
      VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?))sql");
    const std::string backtest_id = r.id.to_string();
    for (const Order& o : r.result->orders) {
      int i = 0;
      st.bind(++i, o.id.to_string());
      st.bind(++i, backtest_id);
      st.bind(++i, o.client_order_id);
      st.bind(++i, o.symbol);
      st.bind(++i, std::string(to_string(o.side)));
      st.bind(++i, std::string(to_string(o.type)));
      st.bind(++i, std::string(to_string(o.time_in_force)));
      st.bind(++i, o.quantity.to_string());
      bind_optional_decimal(st, ++i, o.quote_quantity);
      bind_optional_decimal(st, ++i, o.price);
      bind_optional_decimal(st, ++i, o.stop_price);
      st.bind(++i, std::string(to_string(o.status)));
      st.bind(++i, o.filled_quantity.to_string());
      bind_optional_decimal(st, ++i,
                            o.filled_quantity.is_zero()
                                ? Decimal{}
                                : div(o.filled_quote, o.filled_quantity, Rounding::HalfEven));
      st.bind(++i, o.fees.to_string());
      if (o.reject_reason.empty()) {
        st.bind(++i);
      } else {
        st.bind(++i, o.reject_reason);
      }
      st.bind(++i, db_time(o.created_at));
      st.bind(++i, db_time(o.updated_at));
      bind_optional_time(st, ++i, o.filled_at);
      bind_optional_time(st, ++i, o.cancelled_at);
      st.exec();
      st.reset();
    }

    SQLite::Statement ev(db_,
                         "INSERT INTO order_events (order_id, seq, from_status, to_status, at, "
                         "reason) VALUES (?,?,?,?,?,?)");
    std::unordered_map<Uuid, int, UuidHash> seq;
    for (const OrderEvent& e : r.result->order_events) {
      ev.bind(1, e.order_id.to_string());
      ev.bind(2, seq[e.order_id]++);
      ev.bind(3, std::string(to_string(e.from)));
      ev.bind(4, std::string(to_string(e.to)));
      ev.bind(5, db_time(e.at));
      if (e.reason.empty()) {
        ev.bind(6);
      } else {
        ev.bind(6, e.reason);
      }
      ev.exec();
      ev.reset();
    }
  }

  void insert_trades(const BacktestRecord& r) {
    SQLite::Statement st(db_, R"sql(
      INSERT INTO trades (id, backtest_id, order_id, symbol, side, price, quantity, fee,
        fee_currency, liquidity, pnl, status, executed_at)
      VALUES (?,?,?,?,?,?,?,?,?,?,?,'SUCCESS',?))sql");
    const std::string backtest_id = r.id.to_string();
    // A fill that closes a round trip carries that trip's net pnl.
    std::size_t trip = 0;
    const auto& trips = r.result->round_trips;
    for (const Fill& f : r.result->fills) {
      int i = 0;
      st.bind(++i, f.id.to_string());
      st.bind(++i, backtest_id);
      st.bind(++i, f.order_id.to_string());
      st.bind(++i, f.symbol);
      st.bind(++i, std::string(to_string(f.side)));
      st.bind(++i, f.price.to_string());
      st.bind(++i, f.quantity.to_string());
      st.bind(++i, f.fee.to_string());
      st.bind(++i, f.fee_currency);
      st.bind(++i, f.liquidity == Liquidity::Maker ? "MAKER" : "TAKER");
      if (f.side == OrderSide::Sell && trip < trips.size() &&
          trips[trip].exit_time == f.executed_at) {
        st.bind(++i, trips[trip++].pnl.to_string());
      } else {
        st.bind(++i);
      }
      st.bind(++i, db_time(f.executed_at));
      st.exec();
      st.reset();
    }
  }

  void insert_equity(const BacktestRecord& r) {
    SQLite::Statement st(db_,
                         "INSERT INTO equity_curve (backtest_id, time, equity) VALUES (?,?,?)");
    const std::string backtest_id = r.id.to_string();
    for (const EquityPoint& p : r.result->equity_curve) {
      st.bind(1, backtest_id);
      st.bind(2, db_time(p.at));
      st.bind(3, p.equity.to_string());
      st.exec();
      st.reset();
    }
  }

  std::string path_;
  SQLite::Database db_;
};

}  // namespace

std::unique_ptr<Store> open_sqlite_store(const std::string& path) {
  return std::make_unique<SqliteStore>(path);
}

}  // namespace talon
