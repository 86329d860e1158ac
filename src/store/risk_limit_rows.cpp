#include <fmt/format.h>

#include <talon/store/risk_limit_rows.hpp>

#include "local_user.hpp"

namespace talon {

namespace store_detail {

bool subject_to_row_security(SqlConnection& c) {
  if (c.dialect() != Dialect::Postgresql) return false;
  return row_bool(c.query("SELECT NOT pg_has_role(session_user, (SELECT relowner FROM pg_class "
                          "WHERE oid = 'users'::regclass), 'MEMBER')")
                      .rows.at(0),
                  0);
}

std::string backtest_bot_name(std::string_view strategy, std::string_view symbol) {
  return fmt::format("backtest {} {}", strategy, symbol);
}

}  // namespace store_detail

std::vector<RiskLimitRow> backtest_risk_limit_rows(SqlConnection& c, std::string_view strategy,
                                                   std::string_view symbol) {
  // Column → the key set_limit takes (the seed's names; the bot configuration's camelCase
  // for the two the risk_limits table spells in snake case).
  static constexpr std::pair<const char*, const char*> kColumns[] = {
      {"max_position_size", "max_position_size"},
      {"max_leverage", "max_leverage"},
      {"max_daily_loss", "max_daily_loss"},
      {"max_drawdown", "max_drawdown"},
      {"max_open_positions", "max_open_positions"},
      {"max_order_size", "max_order_size"},
      {"max_trades_per_hour", "maxTradesPerHour"},
      {"max_daily_spend", "maxDailySpend"},
      {"risk_rules", "risk_rules"}};
  std::string columns;
  for (const auto& [column, key] : kColumns) columns += fmt::format(", r.{}", column);
  // Under row-level security the server shows the login its own user's rows only.
  const bool rls = store_detail::subject_to_row_security(c);
  const std::string sql = fmt::format(
      "SELECT CAST(r.id AS TEXT), r.bot_id IS NULL{} FROM risk_limits r LEFT JOIN bots b ON "
      "b.id = r.bot_id JOIN users u ON u.id = r.user_id WHERE r.deleted_at IS NULL AND "
      "r.enabled = {} AND (r.bot_id IS NULL OR (b.name = $1 AND b.deleted_at IS NULL)){} "
      "ORDER BY r.bot_id IS NULL, r.created_at",
      columns, c.dialect() == Dialect::Postgresql ? "TRUE" : "1", rls ? "" : " AND u.email = $2");
  std::vector<SqlValue> params = {store_detail::backtest_bot_name(strategy, symbol)};
  if (!rls) params.emplace_back(std::string(store_detail::kLocalUserEmail));
  std::vector<RiskLimitRow> out;
  for (const SqlRow& row : c.query(sql, params).rows) {
    RiskLimitRow r;
    r.id = row_text(row, 0);
    r.global = row_bool(row, 1);
    for (std::size_t i = 0; i < std::size(kColumns); ++i) {
      if (row[i + 2]) r.limits.emplace_back(kColumns[i].second, *row[i + 2]);
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace talon
