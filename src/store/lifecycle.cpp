#include <fmt/format.h>

#include <algorithm>

#include <talon/store/lifecycle.hpp>

namespace talon {

const std::vector<std::string>& soft_delete_tables() {
  static const std::vector<std::string> kTables = {
      "users",      "bots",      "strategies",      "orders",
      "positions",  "backtests", "api_connections", "database_configs",
      "risk_limits"};
  return kTables;
}

namespace {
void require_soft_delete(const std::string& table) {
  const auto& t = soft_delete_tables();
  if (std::find(t.begin(), t.end(), table) == t.end()) {
    throw InvalidArgument(
        fmt::format("{} has no soft delete (seed 002: only {})", table, fmt::join(t, ", ")));
  }
}
}  // namespace

bool soft_delete(SqlConnection& c, const std::string& table, const Uuid& id, Timestamp at) {
  require_soft_delete(table);
  const SqlValue p[] = {at, id};
  return c.query(fmt::format("UPDATE {} SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL",
                             table),
                 p)
             .affected > 0;
}

bool restore(SqlConnection& c, const std::string& table, const Uuid& id) {
  require_soft_delete(table);
  const SqlValue p[] = {id};
  return c.query(fmt::format(
                     "UPDATE {} SET deleted_at = NULL WHERE id = $1 AND deleted_at IS NOT NULL",
                     table),
                 p)
             .affected > 0;
}

const std::vector<RetentionRule>& retention_rules() {
  constexpr std::int64_t kDay = kNanosPerDay;
  static const std::vector<RetentionRule> kRules = {
      {"event_queue", "completed events 7 days after processing", 7 * kDay,
       "status = 'COMPLETED' AND processed_at < $1"},
      {"event_queue", "events past their TTL (expires_at)", 0, "expires_at < $1"},
      {"orderbook_snapshots", "order book snapshots older than 30 days", 30 * kDay,
       "timestamp < $1"},
      {"market_prices", "1s/1m/3m klines older than 30 days", 30 * kDay,
       "interval IN ('1s', '1m', '3m') AND timestamp < $1"},
      {"market_prices", "5m/15m/30m klines older than 90 days", 90 * kDay,
       "interval IN ('5m', '15m', '30m') AND timestamp < $1"},
      {"market_prices", "1h and longer klines older than 5 years", 1826 * kDay,
       "interval NOT IN ('1s', '1m', '3m', '5m', '15m', '30m') AND timestamp < $1"},
      {"alerts", "disabled alerts (immediately)", 0, "status = 'DISABLED' AND updated_at < $1"},
      {"alerts", "alerts soft-deleted more than 1 year ago", 365 * kDay, "deleted_at < $1"},
      {"backtests", "backtests soft-deleted more than 1 year ago (without trades)", 365 * kDay,
       "deleted_at < $1 AND NOT EXISTS (SELECT 1 FROM trades t WHERE t.backtest_id = "
       "backtests.id)"},
      {"api_connections", "API connections soft-deleted more than 1 year ago", 365 * kDay,
       "deleted_at < $1"},
      {"risk_limits", "risk limits soft-deleted more than 1 year ago", 365 * kDay,
       "deleted_at < $1"},
      {"orders", "soft-deleted orders older than 7 years (without trades)", 2557 * kDay,
       "deleted_at IS NOT NULL AND created_at < $1 AND NOT EXISTS (SELECT 1 FROM trades t "
       "WHERE t.order_id = orders.id)"},
      {"positions", "soft-deleted positions older than 7 years", 2557 * kDay,
       "deleted_at IS NOT NULL AND opened_at < $1"},
  };
  return kRules;
}

std::vector<RetentionOutcome> run_retention(SqlConnection& c, Timestamp now, bool dry_run,
                                            bool include_imported) {
  std::vector<RetentionOutcome> out;
  SqlTransaction tx(c);
  for (const RetentionRule& rule : retention_rules()) {
    std::int64_t cutoff = 0;
    if (__builtin_sub_overflow(now.ns, rule.age_ns, &cutoff)) cutoff = INT64_MIN;
    RetentionOutcome o{&rule, Timestamp::from_ns(cutoff), 0, 0};
    const SqlValue p[] = {o.cutoff};
    std::string where = rule.where;
    if (rule.table == "market_prices" && !include_imported) {
      o.kept_imported = row_int(c.query(fmt::format("SELECT count(*) FROM {} WHERE ({}) AND ({})",
                                                    rule.table, rule.where, kImportedKlines),
                                        p)
                                    .rows.at(0),
                                0);
      where = fmt::format("({}) AND NOT ({})", rule.where, kImportedKlines);
    }
    if (dry_run) {
      o.rows = row_int(
          c.query(fmt::format("SELECT count(*) FROM {} WHERE {}", rule.table, where), p).rows.at(0),
          0);
    } else {
      o.rows = c.query(fmt::format("DELETE FROM {} WHERE {}", rule.table, where), p).affected;
    }
    out.push_back(o);
  }
  tx.commit();
  return out;
}

}  // namespace talon
