#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <vector>

#include <talon/core/error.hpp>
#include <talon/store/risk_events.hpp>
#include <talon/store/sql.hpp>

#include "sql_values.hpp"

namespace talon {

std::size_t save_risk_events(Store& store, const Uuid& backtest_id,
                             std::span<const RiskRefusalRow> refusals,
                             const std::optional<RiskBreach>& breach, Decimal limit_value) {
  if (refusals.empty() && !breach) return 0;
  SqlConnection& c = store.connection();
  const SqlValue key[] = {backtest_id};
  const SqlResult bt =
      c.query("SELECT user_id, bot_id, exchange_id, symbol FROM backtests WHERE id = $1", key);
  if (bt.rows.empty()) {
    throw DataError(fmt::format("{}: no backtest {} to attach risk events to", c.name(),
                                backtest_id.to_string()));
  }
  const SqlRow& row = bt.rows.front();
  const SqlValue user = row[0] ? SqlValue{Uuid::parse(*row[0])} : SqlValue{nullptr};
  const std::string bot = row[1] ? *row[1] : std::string();
  const SqlValue exchange = row[2] ? SqlValue{row_int(row, 2)} : SqlValue{nullptr};
  const SqlValue symbol = row[3] ? SqlValue{*row[3]} : SqlValue{nullptr};
  const std::string backtest = backtest_id.to_string();

  static constexpr std::string_view kAudit[] = {"id",      "timestamp", "event_type", "actor",
                                                "user_id", "payload",   "success"};
  UuidV7Generator ids;
  SqlTransaction tx(c);
  std::vector<SqlValue> v;
  std::size_t rows = 0;
  for (const RiskRefusalRow& r : refusals) {
    nlohmann::json payload = {{"backtest_id", backtest},
                              {"bot_id", bot},
                              {"client_order_id", r.client_order_id},
                              {"code", r.code},
                              {"reason", r.reason}};
    v.insert(v.end(), {ids.next(r.at.unix_ms()), r.at, std::string("RISK_REJECT"),
                       std::string("risk_engine"), user, payload.dump(), false});
    ++rows;
    if (v.size() >= 2048 * std::size(kAudit)) {
      c.bulk_insert("audit_log", kAudit, v);
      v.clear();
    }
  }
  if (breach) {
    nlohmann::json payload = {{"backtest_id", backtest},
                              {"bot_id", bot},
                              {"limit", breach->limit},
                              {"threshold", limit_value.to_string()},
                              {"bar_open_time", breach->bar_open_time.unix_ms()},
                              {"value", breach->value.to_string()}};
    v.insert(v.end(),
             {ids.next(breach->bar_open_time.unix_ms()), breach->bar_open_time,
              std::string("RISK_BREACH"), std::string("risk_engine"), user, payload.dump(), false});
    ++rows;
  }
  if (!v.empty()) c.bulk_insert("audit_log", kAudit, v);
  if (breach && !std::holds_alternative<std::nullptr_t>(user)) {
    const nlohmann::json condition = {{"limit", breach->limit},
                                      {"threshold", limit_value.to_string()}};
    const nlohmann::json metadata = {{"backtest_id", backtest},
                                     {"bar_open_time", breach->bar_open_time.unix_ms()},
                                     {"value", breach->value.to_string()}};
    const SqlValue alert[] = {Uuid(ids.next(breach->bar_open_time.unix_ms())),
                              user,
                              exchange,
                              symbol,
                              condition.dump(),
                              limit_value,
                              metadata.dump(),
                              breach->bar_open_time};
    c.query(
        "INSERT INTO alerts (id, user_id, exchange_id, symbol, type, condition, threshold, "
        "status, notification_channel, metadata, triggered_at) VALUES ($1, $2, $3, $4, 'RISK', "
        "$5, $6, 'TRIGGERED', 'WEBHOOK', $7, $8)",
        alert);
    ++rows;
  }
  tx.commit();
  return rows;
}

}  // namespace talon
