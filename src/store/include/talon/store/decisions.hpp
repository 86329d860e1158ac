#pragma once
// trade_decisions rows (seed 003 TradeDecision, seed 004 agent_decisions) of a stored
// backtest, linked to the orders they produced.

#include <cstddef>
#include <span>

#include <talon/core/uuid.hpp>
#include <talon/store/store.hpp>
#include <talon/strategy/decision.hpp>

namespace talon {

/// Writes `decisions` as trade_decisions rows of the backtest `backtest_id` (already saved by
/// Store::save_backtest: its bot, exchange and symbol are the rows'), in one transaction, in
/// bulk batches; then links every order of that backtest whose client_order_id a decision
/// lists to it (orders.decision_id). Each row: status 'success', the action's name, size and
/// size_usd (zero for HOLD), leverage, stop-loss and take-profit (zero = none), confidence
/// rounded half-even to 2 places and predicted_roi to 4 (what NUMERIC(3,2) and (10,4) keep,
/// so that both backends store the same number), approved, risk_reason, reasoning, timestamp.
/// Returns the rows written. Throws DataError when the backtest is not stored, SqlError
/// (nothing written) when a row breaks a CHECK (e.g. a confidence outside [0, 1]).
std::size_t save_trade_decisions(Store& store, const Uuid& backtest_id,
                                 std::span<const TradeDecision> decisions);

}  // namespace talon
