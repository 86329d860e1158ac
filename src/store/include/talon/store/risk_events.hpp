#pragma once
// What the risk engine did during a stored backtest: an audit_log row (seed 003 AuditLog)
// per refused order and per breach, and a RISK alert (seed 002 Alerts) when a halting limit
// (max_drawdown, max_daily_loss) was breached.

#include <cstddef>
#include <optional>
#include <span>
#include <string>

#include <talon/core/decimal.hpp>
#include <talon/core/uuid.hpp>
#include <talon/execution/backtest_result.hpp>
#include <talon/store/store.hpp>

namespace talon {

/// One order the risk engine refused.
struct RiskRefusalRow {
  Timestamp at;                 ///< when the order was checked (the run's clock, UTC)
  std::string client_order_id;  ///< the refused order's id
  std::string code;             ///< the reason code, e.g. "MAX_ORDER_SIZE"
  std::string reason;           ///< the whole sentence
};

/// Writes, in one transaction, for the stored backtest `backtest_id` (its user, bot,
/// exchange and symbol are the rows'): audit_log rows event_type RISK_REJECT (actor
/// "risk_engine", success false, payload {backtest_id, bot_id, client_order_id, code,
/// reason}, timestamp = `at`) for each refusal, and with a breach an audit_log row
/// RISK_BREACH and an alerts row of type RISK, status TRIGGERED at the breaching bar's open,
/// threshold `limit_value`, condition {limit, threshold} and metadata {backtest_id,
/// bar_open_time (Unix ms), value}; its notification_channel is WEBHOOK (the column is NOT
/// NULL; a backtest notifies nobody, notification_config stays NULL). Returns the rows
/// written. Throws DataError when the backtest is not stored.
std::size_t save_risk_events(Store& store, const Uuid& backtest_id,
                             std::span<const RiskRefusalRow> refusals,
                             const std::optional<RiskBreach>& breach, Decimal limit_value);

}  // namespace talon
