#pragma once
// One trade_decisions row (seed 003 TradeDecision), shared by save_trade_decisions and the
// backtest journal, which streams decisions as the run takes them (private to the store).

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <talon/store/sql.hpp>
#include <talon/strategy/decision.hpp>

namespace talon::store_detail {

/// The columns append_decision_row fills, in its order.
std::span<const std::string_view> decision_columns();

/// Appends `d` as one row of decision_columns() to `v`: `bot` (a Uuid or NULL), `exchange`
/// (exchanges.id or NULL) and `symbol` name the instrument, `backtest_id` the run. HOLD
/// stores size zero; predicted ROI is rounded to 4 places and confidence to 2, half-even
/// (the columns' scales).
void append_decision_row(std::vector<SqlValue>& v, const TradeDecision& d, const SqlValue& bot,
                         const SqlValue& exchange, const std::string& symbol,
                         const Uuid& backtest_id);

}  // namespace talon::store_detail
