#include <fmt/format.h>

#include <string_view>
#include <vector>

#include <talon/core/error.hpp>
#include <talon/core/rounding.hpp>
#include <talon/store/decisions.hpp>
#include <talon/store/sql.hpp>

#include "decision_row.hpp"
#include "sql_values.hpp"

namespace talon {

namespace store_detail {
namespace {
SqlValue opt_rounded(const std::optional<Decimal>& v, int places) {
  if (!v) return SqlValue{nullptr};
  return SqlValue{round_to_places(*v, places, Rounding::HalfEven)};
}
constexpr std::string_view kDecisionColumns[] = {"id",
                                                 "bot_id",
                                                 "exchange_id",
                                                 "symbol",
                                                 "timestamp",
                                                 "status",
                                                 "action",
                                                 "size",
                                                 "size_usd",
                                                 "leverage",
                                                 "stop_loss_price",
                                                 "take_profit_price",
                                                 "predicted_roi",
                                                 "approved",
                                                 "risk_reason",
                                                 "confidence",
                                                 "reasoning",
                                                 "backtest_id"};
}  // namespace

std::span<const std::string_view> decision_columns() {
  return kDecisionColumns;
}

void append_decision_row(std::vector<SqlValue>& v, const TradeDecision& d, const SqlValue& bot,
                         const SqlValue& exchange, const std::string& symbol,
                         const Uuid& backtest_id) {
  const bool hold = d.action == DecisionAction::Hold;
  v.insert(v.end(),
           {d.id, bot, exchange, symbol, d.at, std::string("success"),
            std::string(to_string(d.action)), hold ? Decimal{} : d.size,
            hold ? Decimal{} : d.size_quote, static_cast<std::int64_t>(d.leverage), d.stop_loss,
            d.take_profit, opt_rounded(d.predicted_roi, 4), d.approved, opt_text(d.risk_reason),
            opt_rounded(d.confidence, 2), opt_text(d.reasoning), backtest_id});
}
}  // namespace store_detail

namespace {
using store_detail::opt_text;
constexpr std::size_t kChunkRows = 2048;

// orders.decision_id of every order a decision lists, in one UPDATE joined with a temporary
// table of (client order id → decision): one UPDATE per order searched the run's orders for
// its client id each time (no index on it), quadratic in the orders of the run (8 s for the
// 7 k orders of a 1 M-bar sma_cross run).
void link_orders(SqlConnection& c, const Uuid& backtest_id,
                 std::span<const TradeDecision> decisions) {
  const bool pg = c.dialect() == Dialect::Postgresql;
  c.execute_script(pg ? "CREATE TEMP TABLE talon_decision_links (client_order_id TEXT PRIMARY "
                        "KEY, decision_id UUID NOT NULL) ON COMMIT DROP"
                      : "CREATE TEMP TABLE talon_decision_links (client_order_id TEXT PRIMARY "
                        "KEY, decision_id TEXT NOT NULL)");
  static constexpr std::string_view kColumns[] = {"client_order_id", "decision_id"};
  std::vector<SqlValue> v;
  std::size_t links = 0;
  for (const TradeDecision& d : decisions) {
    for (const ClientOrderId& id : d.orders) {
      v.insert(v.end(), {id.value(), d.id});
      ++links;
      if (v.size() >= kChunkRows * std::size(kColumns)) {
        c.bulk_insert("talon_decision_links", kColumns, v);
        v.clear();
      }
    }
  }
  if (!v.empty()) c.bulk_insert("talon_decision_links", kColumns, v);
  if (links != 0) {
    const SqlValue key[] = {backtest_id};
    c.query(
        "UPDATE orders SET decision_id = l.decision_id FROM talon_decision_links l "
        "WHERE orders.backtest_id = $1 AND orders.client_order_id = l.client_order_id",
        key);
  }
  if (!pg) c.execute_script("DROP TABLE temp.talon_decision_links");
}
}  // namespace

std::size_t save_trade_decisions(Store& store, const Uuid& backtest_id,
                                 std::span<const TradeDecision> decisions) {
  SqlConnection& c = store.connection();
  const SqlValue key[] = {backtest_id};
  const SqlResult bt =
      c.query("SELECT bot_id, exchange_id, symbol FROM backtests WHERE id = $1", key);
  if (bt.rows.empty()) {
    throw DataError(fmt::format("{}: no backtest {} to attach decisions to", c.name(),
                                backtest_id.to_string()));
  }
  const SqlRow& row = bt.rows.front();
  const SqlValue bot = row[0] ? SqlValue{Uuid::parse(*row[0])} : SqlValue{nullptr};
  const SqlValue exchange = row[1] ? SqlValue{row_int(row, 1)} : SqlValue{nullptr};
  const std::string symbol = row_text(row, 2);

  SqlTransaction tx(c);
  const auto columns = store_detail::decision_columns();
  std::vector<SqlValue> v;
  v.reserve(kChunkRows * columns.size());
  for (const TradeDecision& d : decisions) {
    store_detail::append_decision_row(v, d, bot, exchange, symbol, backtest_id);
    if (v.size() >= kChunkRows * columns.size()) {
      c.bulk_insert("trade_decisions", columns, v);
      v.clear();
    }
  }
  if (!v.empty()) c.bulk_insert("trade_decisions", columns, v);
  link_orders(c, backtest_id, decisions);
  tx.commit();
  return decisions.size();
}

}  // namespace talon
