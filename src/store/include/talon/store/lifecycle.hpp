#pragma once
// Soft delete and retention (seed 002, "Soft Delete Implementation" and "Data Retention &
// Cleanup"). Soft-deleted rows keep their data with deleted_at set; the active_<table>
// views and the partial indexes WHERE deleted_at IS NULL serve the live ones. Retention
// hard-deletes what the seed's policy table lets go, in one transaction.

#include <string>
#include <string_view>
#include <vector>

#include <talon/store/sql.hpp>

namespace talon {

/// The tables with soft delete (seed 002 "Confirmed Decisions"): users, bots, strategies,
/// orders, positions, backtests, api_connections, database_configs, risk_limits.
const std::vector<std::string>& soft_delete_tables();

/// Sets deleted_at = `at` on the live row `id` of `table`. Returns false when no live row
/// has that id. Throws InvalidArgument for a table without soft delete, SqlError otherwise.
bool soft_delete(SqlConnection& c, const std::string& table, const Uuid& id, Timestamp at);

/// Clears deleted_at of the soft-deleted row `id`. Returns false when there is none.
bool restore(SqlConnection& c, const std::string& table, const Uuid& id);

/// One line of seed 002's retention policy.
struct RetentionRule {
  std::string table;
  std::string what;         ///< e.g. "1m/3m/1s klines older than 30 days"
  std::int64_t age_ns = 0;  ///< rows older than now - age_ns (by the rule's time column) go
  std::string where;        ///< SQL condition with $1 = the cutoff time
};

/// The policy, in the order it runs: event_queue (7 days after completion; TTL),
/// orderbook_snapshots (30 days), market_prices (1s/1m/3m 30 days, 5m/15m/30m 90 days,
/// 1h and longer 5 years), alerts (DISABLED immediately, soft-deleted 1 year), backtests,
/// api_connections and risk_limits (1 year after soft delete), orders and positions (7 years
/// after creation, soft-deleted only). Trades and trade_logs are never deleted, so an order
/// or backtest that owns trades is kept.
const std::vector<RetentionRule>& retention_rules();

struct RetentionOutcome {
  const RetentionRule* rule = nullptr;
  Timestamp cutoff;
  std::int64_t rows = 0;           ///< deleted, or that would be with dry_run
  std::int64_t kept_imported = 0;  ///< market_prices rows the rule matched but kept (imported)
};

/// The market_prices rows that are imported research data, not collected live: a live
/// collector writes a source starting with "live:"; `talon data import` writes the file name.
inline constexpr std::string_view kImportedKlines = "source IS NULL OR source NOT LIKE 'live:%'";

/// Applies every rule at `now` in one transaction (all or nothing); with dry_run only counts
/// what would go. The market_prices rules apply to klines collected live only, unless
/// `include_imported`: imported research data (kImportedKlines) is counted in kept_imported
/// and kept. A cutoff before 1677 is clamped. Throws SqlError.
std::vector<RetentionOutcome> run_retention(SqlConnection& c, Timestamp now, bool dry_run,
                                            bool include_imported = false);

}  // namespace talon
