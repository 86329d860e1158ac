// The store's Journal for a backtest. Rows reach the database in chunks of kChunkRows while
// the run goes, so a run holds only what is not written yet: the events and fills of its
// open orders, and a chunk per table.
//
// Why rows wait:
// - an orders row holds the order's final state, and order_events and trades reference it
//   (foreign keys): an order's events and fills wait with it until it is final;
// - orders and trades name their position (position_id), known for certain only at the next
//   checkpoint (the positions open then) or when the position closes: finished orders are
//   turned into rows at checkpoints;
// - orders chunks go out before events and trades chunks (their foreign keys).
// Idempotent: an event whose (order, seq) was journaled already, a fill whose id was, or an
// order already final is dropped, not stored twice.

#include "backtest_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <limits>
#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

#include <talon/analytics/report.hpp>
#include <talon/analytics/window_performance.hpp>
#include <talon/core/error.hpp>

#include "chunk_writer.hpp"
#include "decision_row.hpp"
#include "indicator_rows.hpp"
#include "sql_values.hpp"

namespace talon::store_detail {
namespace {

constexpr std::size_t kChunkRows = 4096;
// Orders remembered after they are final, to drop a re-sent event or order.
constexpr std::size_t kFinalRemembered = 65'536;
// Closed positions remembered for position_of after they are written: an order still open
// when its position closed (a resting limit that filled partly) finds it later.
constexpr std::size_t kClosedRemembered = 256;

SqlValue opt_ratio(const std::optional<double>& v) {
  return v ? SqlValue{fmt::format("{:.4f}", *v)} : SqlValue{nullptr};
}

constexpr std::string_view kPositionColumns[] = {
    "id",           "user_id",     "bot_id",
    "backtest_id",  "exchange_id", "symbol",
    "side",         "entry_price", "exit_price",
    "quantity",     "pnl",         "pnl_percent",
    "realized_pnl", "fees",        "leverage",
    "status",       "opened_at",   "closed_at",
    "updated_at",   "mark_price",  "unrealized_pnl",
    "margin_mode",  "margin_used", "liquidation_price"};
constexpr std::string_view kOrderColumns[] = {"id",
                                              "decision_id",
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
constexpr std::string_view kEventColumns[] = {
    "order_id", "order_created_at", "seq", "from_status", "to_status", "kind", "at", "reason"};
constexpr std::string_view kTradeColumns[] = {
    "id",          "order_id",     "order_created_at", "user_id", "position_id", "bot_id",
    "backtest_id", "exchange_id",  "symbol",           "side",    "price",       "quantity",
    "fee",         "fee_currency", "liquidity",        "pnl",     "status",      "broker",
    "executed_at", "created_at"};
constexpr std::string_view kEquityColumns[] = {"backtest_id", "time", "equity"};

// One table's rows not written yet, and the time range of its partition key (PostgreSQL
// creates the partitions of that range before the chunk goes out).
struct Chunk {
  std::string_view table{};
  std::span<const std::string_view> columns{};
  std::vector<SqlValue> values{};
  Timestamp lo{std::numeric_limits<std::int64_t>::max()};
  Timestamp hi{std::numeric_limits<std::int64_t>::min()};
  std::size_t written = 0;  ///< rows written so far

  std::size_t rows() const { return values.size() / columns.size(); }
  bool full() const { return rows() >= kChunkRows; }
  void key(Timestamp t) {
    lo.ns = std::min(lo.ns, t.ns);
    hi.ns = std::max(hi.ns, t.ns);
  }
};

// The position a time falls in, for position_id: closed spans [from, to], open ones [from, ∞).
struct PositionSpan {
  Timestamp from, to;
  Uuid id;
};

class SqlBacktestWriter final : public BacktestWriter {
 public:
  SqlBacktestWriter(SqlConnection& c, std::unique_ptr<SqlTransaction> tx, RunKeys keys)
      : c_(c), tx_(std::move(tx)), async_(c), k_(std::move(keys)) {
    positions_ = {"positions", kPositionColumns};
    orders_ = {"orders", kOrderColumns};
    events_ = {"order_events", kEventColumns};
    trades_ = {"trades", kTradeColumns};
    equity_ = {"equity_curve", kEquityColumns};
    decisions_ = {"trade_decisions", decision_columns()};
    // Room for a whole chunk up front: growing by doubling would map fresh pages (and
    // fault them in) at every step, for each table, for nothing.
    for (Chunk* chunk : {&positions_, &orders_, &events_, &trades_, &equity_, &decisions_}) {
      chunk->values.reserve(kChunkRows * chunk->columns.size());
    }
  }

  void on_order_event(const OrderEvent& e) override {
    const auto it = pending_.find(e.order_id);
    if (it == pending_.end()) {
      if (const auto f = final_seq_.find(e.order_id); f != final_seq_.end()) {
        if (e.seq < f->second) return;  // re-sent
        f->second = e.seq + 1;
        late_events_.push_back(e);  // e.g. a refused cancel of a finished order
        return;
      }
      if (e.seq != 0) {
        late_events_.push_back(e);  // final long ago; its order row is written
        return;
      }
      pending_[e.order_id].events.push_back(e);
      pending_[e.order_id].next_seq = 1;
      return;
    }
    Pending& p = it->second;
    if (e.seq < p.next_seq) return;  // re-sent
    p.next_seq = e.seq + 1;
    p.events.push_back(e);
  }

  void on_fill(const Fill& f) override {
    const auto it = pending_.find(f.order_id);
    if (it == pending_.end()) {
      if (final_seq_.count(f.order_id) != 0) return;  // re-sent after the order was final
      throw InvalidArgument(fmt::format("journal: fill {} of order {} before any event of it",
                                        f.id.to_string(), f.order_id.to_string()));
    }
    for (const Fill& seen : it->second.fills) {
      if (seen.id == f.id) return;  // re-sent
    }
    it->second.fills.push_back(f);
  }

  void on_order(const Order& o) override {
    const auto it = pending_.find(o.id);
    if (it == pending_.end()) {
      if (final_seq_.count(o.id) != 0) return;  // re-sent
      throw InvalidArgument(
          fmt::format("journal: order {} final before any event of it", o.id.to_string()));
    }
    remember_final(o.id, it->second.next_seq);
    ready_.push_back({o, std::move(it->second.events), std::move(it->second.fills)});
    pending_.erase(it);
  }

  void on_round_trip(const RoundTrip& t) override {
    const Uuid id = take_open_id(PositionSide::Long, t.entry_time);
    closed_.push_back({t.entry_time, t.exit_time, id});
    pnl_of_fill_[t.exit_fill_id] = t.pnl;
    const Decimal pnl_pct =
        t.entry_notional.is_zero()
            ? Decimal{}
            : round_to_places(div(t.pnl * 100, t.entry_notional, Rounding::HalfEven), 4,
                              Rounding::HalfEven);
    positions_.key(t.entry_time);
    positions_.values.insert(positions_.values.end(),
                             {id,
                              k_.saved.user_id,
                              k_.saved.bot_id,
                              k_.saved.backtest_id,
                              k_.exchange_id,
                              k_.symbol,
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
    if (positions_.full()) write(positions_);
  }

  void on_position(const Position& p) override {
    const bool open = p.status == PositionStatus::Open;
    const Uuid id = open ? open_id(p.side, p.opened_at) : take_open_id(p.side, p.opened_at);
    if (open) {
      open_.push_back({p.opened_at, Timestamp{std::numeric_limits<std::int64_t>::max()}, id});
    } else {
      closed_.push_back({p.opened_at, p.closed_at, id});
    }
    positions_.key(p.opened_at);
    if (!k_.futures) {
      // A spot position still open at the end (closed ones come as round trips).
      positions_.values.insert(positions_.values.end(), {id,
                                                         k_.saved.user_id,
                                                         k_.saved.bot_id,
                                                         k_.saved.backtest_id,
                                                         k_.exchange_id,
                                                         k_.symbol,
                                                         std::string("LONG"),
                                                         p.entry_price,
                                                         nullptr,
                                                         p.quantity,
                                                         p.pnl,
                                                         nullptr,
                                                         nullptr,
                                                         p.fees,
                                                         std::int64_t{1},
                                                         std::string("OPEN"),
                                                         p.opened_at,
                                                         nullptr,
                                                         p.updated_at,
                                                         opt_decimal(p.mark_price),
                                                         p.unrealized_pnl,
                                                         nullptr,
                                                         nullptr,
                                                         nullptr});
    } else {
      const bool is_short = p.side == PositionSide::Short ||
                            (p.side == PositionSide::Both && p.peak_quantity.is_negative());
      const Decimal peak = p.peak_quantity.abs();
      const SqlValue exit_price = open || peak.is_zero()
                                      ? SqlValue{nullptr}
                                      : SqlValue{div(p.exit_notional, peak, Rounding::HalfEven)};
      positions_.values.insert(
          positions_.values.end(),
          {id,
           k_.saved.user_id,
           k_.saved.bot_id,
           k_.saved.backtest_id,
           k_.exchange_id,
           k_.symbol,
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
    if (positions_.full()) write(positions_);
  }

  void on_decision(const TradeDecision& d) override {
    append_decision_row(decisions_.values, d, k_.saved.bot_id, k_.exchange_id, k_.symbol,
                        k_.saved.backtest_id);
    for (const ClientOrderId& id : d.orders) decision_of_.emplace(id.value(), d.id);
    // (Written with the orders: a decision's row must precede its orders' rows.)
    if (decisions_.full()) write_orders_and_children();
  }

  void on_equity(const EquityPoint& p) override {
    equity_.values.insert(equity_.values.end(), {k_.saved.backtest_id, p.at, p.equity});
    if (equity_.full()) write(equity_);
  }

  void on_funding(const FundingPayment&) override {
    // Funding is booked on its position (positions.pnl, the backtest's total_funding); no
    // table of its own yet.
  }

  void checkpoint(std::span<const Position> open) override {
    // Open positions keep their ids from checkpoint to checkpoint until they close.
    open_.clear();
    std::map<std::pair<int, std::int64_t>, Uuid> still_open;
    for (const Position& p : open) {
      const Uuid id = open_id(p.side, p.opened_at);
      still_open[key(p.side, p.opened_at)] = id;
      open_.push_back({p.opened_at, Timestamp{std::numeric_limits<std::int64_t>::max()}, id});
    }
    open_ids_ = std::move(still_open);
    rows_of_ready_orders();
  }

  SavedBacktest finish(const BacktestRecord& r) override {
    if (r.result == nullptr || r.metrics == nullptr) {
      throw InvalidArgument("finish: record has no result or metrics");
    }
    if (!pending_.empty()) {
      throw InvalidArgument(
          fmt::format("finish: {} orders were never final (the run must journal its open orders)",
                      pending_.size()));
    }
    finishing_ = true;  // the last chunks: no buffer to refill
    rows_of_ready_orders();
    write(positions_);
    write_orders_and_children();
    write(equity_);
    async_.drain();  // the connection is this thread's again
    update_run_rows(r);
    write_windows(*r.metrics, *r.result);
    k_.saved.indicator_values =
        write_indicator_rows(c_, k_.saved.backtest_id, k_.exchange_id, k_.symbol, r.indicators);
    if (tx_) tx_->commit();
    k_.saved.orders = orders_.written;
    k_.saved.order_events = events_.written;
    k_.saved.trades = trades_.written;
    k_.saved.positions = positions_.written;
    k_.saved.equity_points = equity_.written;
    k_.saved.decisions = decisions_.written;
    return k_.saved;
  }

 private:
  struct Pending {
    std::vector<OrderEvent> events;
    std::vector<Fill> fills;
    std::uint32_t next_seq = 0;
  };
  struct Ready {
    Order order;
    std::vector<OrderEvent> events;
    std::vector<Fill> fills;
  };

  static std::pair<int, std::int64_t> key(PositionSide side, Timestamp opened_at) {
    return {static_cast<int>(side), opened_at.ns};
  }
  // The id of the position open since `opened_at` (kept across checkpoints).
  Uuid open_id(PositionSide side, Timestamp opened_at) {
    const auto [it, added] = open_ids_.try_emplace(key(side, opened_at));
    if (added) it->second = new_uuid_v7();
    return it->second;
  }
  // The same, for a position that has just closed: its id is not needed again.
  Uuid take_open_id(PositionSide side, Timestamp opened_at) {
    const auto it = open_ids_.find(key(side, opened_at));
    if (it == open_ids_.end()) return new_uuid_v7();
    const Uuid id = it->second;
    open_ids_.erase(it);
    return id;
  }

  SqlValue position_of(Timestamp t) const {
    for (const PositionSpan& p : closed_) {
      if (p.from.ns <= t.ns && t.ns <= p.to.ns) return p.id;
    }
    for (const PositionSpan& p : open_) {
      if (p.from.ns <= t.ns) return p.id;
    }
    return nullptr;
  }

  void remember_final(const Uuid& id, std::uint32_t next_seq) {
    final_seq_[id] = next_seq;
    final_order_.push_back(id);
    if (final_order_.size() > kFinalRemembered) {
      final_seq_.erase(final_order_.front());
      final_order_.pop_front();
    }
  }

  // Finished orders, their events and fills become rows (their positions are known now).
  void rows_of_ready_orders() {
    for (const Ready& r : ready_) {
      order_row(r.order);
      for (const OrderEvent& e : r.events) event_row(e);
      for (const Fill& f : r.fills) trade_row(f, r.order.created_at);
    }
    ready_.clear();
    for (const OrderEvent& e : late_events_) event_row(e);
    late_events_.clear();
    if (closed_.size() > kClosedRemembered) {
      closed_.erase(closed_.begin(), closed_.end() - kClosedRemembered);
    }
    if (orders_.full() || events_.full() || trades_.full()) write_orders_and_children();
  }

  void order_row(const Order& o) {
    const bool done = is_terminal(o.status);
    orders_.key(o.created_at);
    SqlValue decision = nullptr;
    if (const auto it = decision_of_.find(o.client_order_id.value()); it != decision_of_.end()) {
      decision = it->second;
      decision_of_.erase(it);
    }
    orders_.values.insert(
        orders_.values.end(),
        {o.id,
         std::move(decision),
         k_.saved.user_id,
         k_.saved.bot_id,
         k_.saved.run_id,
         k_.saved.backtest_id,
         position_of(o.filled_at.ns != 0 ? o.filled_at : o.created_at),
         k_.exchange_id,
         k_.symbol,
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
  }

  void event_row(const OrderEvent& e) {
    events_.values.insert(
        events_.values.end(),
        {e.order_id, e.order_created_at, std::int64_t{e.seq}, std::string(to_string(e.from)),
         std::string(to_string(e.to)), std::string(to_string(e.kind)), e.at, opt_text(e.reason)});
  }

  void trade_row(const Fill& f, Timestamp order_created_at) {
    // The fill that closed a spot round trip carries the trip's net pnl.
    SqlValue pnl = nullptr;
    if (const auto it = pnl_of_fill_.find(f.id); it != pnl_of_fill_.end()) {
      pnl = it->second;
      pnl_of_fill_.erase(it);
    }
    trades_.key(f.executed_at);
    trades_.values.insert(trades_.values.end(),
                          {f.id,
                           f.order_id,
                           order_created_at,
                           k_.saved.user_id,
                           position_of(f.executed_at),
                           k_.saved.bot_id,
                           k_.saved.backtest_id,
                           k_.exchange_id,
                           k_.symbol,
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
                           k_.created_at});
  }

  // Decisions first (orders reference them), then orders (events and trades reference them).
  void write_orders_and_children() {
    write(decisions_);
    write(orders_);
    write(events_);
    write(trades_);
  }

  // Hands the chunk's rows to the writer's thread; the chunk refills a spare buffer.
  void write(Chunk& chunk) {
    if (chunk.values.empty()) return;
    const std::size_t rows = chunk.rows();
    std::vector<SqlValue> next =
        finishing_ ? std::vector<SqlValue>{} : async_.spare(kChunkRows * chunk.columns.size());
    async_.submit({chunk.table, chunk.columns, std::exchange(chunk.values, std::move(next)),
                   chunk.lo, chunk.hi});
    chunk.written += rows;
    chunk.lo.ns = std::numeric_limits<std::int64_t>::max();
    chunk.hi.ns = std::numeric_limits<std::int64_t>::min();
  }

  // strategy_performance: the run's figures month by month (seed 003 StrategyPerformance).
  void write_windows(const BacktestMetrics& m, const BacktestResult& res) {
    static constexpr std::string_view kColumns[] = {
        "id",         "strategy_id",  "exchange_id", "symbol",  "backtest_id",  "window_start",
        "window_end", "total_trades", "win_rate",    "avg_roi", "max_drawdown", "sharpe_ratio"};
    // NUMERIC(10,4) holds |x| < 10^6: a larger figure (a near-constant equity's Sharpe ratio)
    // says nothing and is stored as NULL rather than refused.
    const auto bounded = [](const std::optional<Decimal>& v) {
      return v && v->abs() < Decimal::from_int(1'000'000) ? SqlValue{*v} : SqlValue{nullptr};
    };
    std::vector<SqlValue> v;
    for (const WindowPerformance& w : monthly_performance(m, res.round_trips, res.start, res.end)) {
      std::optional<Decimal> sharpe;
      if (w.sharpe_ratio && std::isfinite(*w.sharpe_ratio)) {
        sharpe = Decimal::try_parse(fmt::format("{:.4f}", *w.sharpe_ratio));
      }
      v.insert(v.end(), {new_uuid_v7(), k_.saved.strategy_id, k_.exchange_id, k_.symbol,
                         k_.saved.backtest_id, w.start, w.end, w.total_trades,
                         w.win_rate ? SqlValue{*w.win_rate} : SqlValue{nullptr}, bounded(w.avg_roi),
                         w.max_drawdown, bounded(sharpe)});
    }
    if (!v.empty()) c_.bulk_insert("strategy_performance", kColumns, v);
    k_.saved.windows = v.size() / std::size(kColumns);
  }

  // The backtests row gets its figures, the run stops (running → stopping → stopped: the
  // bot_runs state machine), the bot notes its last run.
  void update_run_rows(const BacktestRecord& r) {
    const BacktestResult& res = *r.result;
    const BacktestMetrics& m = *r.metrics;
    const SqlValue p[] = {to_iso_date(res.start),
                          to_iso_date(res.end),
                          r.timeframe,
                          opt_text(r.data_source),
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
                          format_round_trips_json(res.round_trips),
                          format_equity_curve_json(m),
                          r.metrics_json.empty() ? format_json_report(m) : r.metrics_json,
                          k_.saved.backtest_id};
    c_.query(
        "UPDATE backtests SET start_date = $1, end_date = $2, timeframe = $3, data_source = $4, "
        "initial_capital = $5, final_equity = $6, total_trades = $7, winning_trades = $8, "
        "losing_trades = $9, win_rate = $10, sharpe_ratio = $11, sortino_ratio = $12, "
        "max_drawdown = $13, max_drawdown_duration_hours = $14, profit_factor = $15, "
        "avg_win = $16, avg_loss = $17, largest_win = $18, largest_loss = $19, results = $20, "
        "equity_curve = $21, metrics = $22 WHERE id = $23",
        p);
    const Timestamp stopped =
        std::max(wall_now(), Timestamp::from_ns(k_.created_at.ns + kNanosPerMicro));
    const SqlValue run[] = {k_.saved.run_id};
    c_.query("UPDATE bot_runs SET status = 'stopping' WHERE id = $1", run);
    const SqlValue q[] = {stopped, k_.saved.run_id};
    c_.query(
        "UPDATE bot_runs SET status = 'stopped', stopped_at = $1, last_heartbeat = $1 WHERE "
        "id = $2",
        q);
    const SqlValue b[] = {stopped, k_.saved.bot_id};
    c_.query("UPDATE bots SET last_run_at = $1, updated_at = $1 WHERE id = $2", b);
  }

  SqlConnection& c_;
  std::unique_ptr<SqlTransaction> tx_;
  ChunkWriter async_;  ///< after tx_: stopped before a rollback
  bool finishing_ = false;
  RunKeys k_;
  Chunk positions_, orders_, events_, trades_, equity_, decisions_;
  // The decision of each order not yet a row, by client order id.
  std::unordered_map<std::string, Uuid> decision_of_;
  std::unordered_map<Uuid, Pending, UuidHash> pending_;
  std::vector<Ready> ready_;
  std::vector<OrderEvent> late_events_;
  std::unordered_map<Uuid, std::uint32_t, UuidHash> final_seq_;
  std::deque<Uuid> final_order_;
  std::map<std::pair<int, std::int64_t>, Uuid> open_ids_;
  std::vector<PositionSpan> open_;
  std::vector<PositionSpan> closed_;
  std::unordered_map<Uuid, Decimal, UuidHash> pnl_of_fill_;
};

}  // namespace

std::unique_ptr<BacktestWriter> make_backtest_writer(SqlConnection& c,
                                                     std::unique_ptr<SqlTransaction> tx,
                                                     RunKeys keys) {
  return std::make_unique<SqlBacktestWriter>(c, std::move(tx), std::move(keys));
}

}  // namespace talon::store_detail
