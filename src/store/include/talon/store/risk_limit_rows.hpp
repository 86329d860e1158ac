#pragma once
// risk_limits rows (seed 002 Risk_Limits) read for a run: the bot's own rows and the global
// ones (bot_id NULL). The store hands back the set columns as text under the seed's names;
// the risk module turns them into limits (set_limit) and keeps the stricter of each.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <talon/store/sql.hpp>

namespace talon {

struct RiskLimitRow {
  std::string id;       ///< risk_limits.id
  bool global = false;  ///< bot_id is NULL: applies to every bot of the user
  /// The row's non-NULL limits, column name → value as text: max_position_size, max_leverage,
  /// max_daily_loss, max_drawdown, max_open_positions, max_order_size, maxTradesPerHour (from
  /// max_trades_per_hour), maxDailySpend (from max_daily_spend), risk_rules (JSON).
  std::vector<std::pair<std::string, std::string>> limits;
};

/// The live (not soft-deleted), enabled risk_limits rows of the command line's user (or, on
/// a PostgreSQL login under row-level security, of the user it maps to) that apply to the
/// backtest bot of `strategy` on `symbol`: that bot's rows first, then the global ones.
/// Empty when there are none. Throws SqlError.
std::vector<RiskLimitRow> backtest_risk_limit_rows(SqlConnection& c, std::string_view strategy,
                                                   std::string_view symbol);

}  // namespace talon
