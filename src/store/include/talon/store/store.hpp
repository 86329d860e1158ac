#pragma once
// The Store seam: where runs are persisted. SQLite is the embedded default; the engine and
// the command line only see this interface.

#include <memory>
#include <string>

#include <talon/analytics/metrics.hpp>
#include <talon/core/uuid.hpp>
#include <talon/engine/backtest.hpp>

namespace talon {

/// Everything one backtest run stores.
struct BacktestRecord {
  Uuid id;                      ///< UUIDv7 of the run (backtests.id)
  std::string strategy;         ///< strategy name, e.g. "sma_cross"
  std::string parameters_json;  ///< e.g. {"fast":"10","slow":"30"}
  std::string symbol;
  std::string timeframe;    ///< e.g. "1m"
  std::string data_source;  ///< file the bars came from
  Decimal fee_bps;
  Timestamp created_at;  ///< wall-clock time of the run
  const BacktestResult* result = nullptr;
  const BacktestMetrics* metrics = nullptr;
};

class Store {
 public:
  virtual ~Store() = default;
  /// Writes the backtests row, its orders with every state transition, its fills (trades)
  /// and its per-bar equity curve in one transaction: all of it or, on any error, none.
  /// Throws Error naming the store and what failed.
  virtual void save_backtest(const BacktestRecord& record) = 0;
};

/// Opens (creating when absent) the SQLite file at `path` and its schema.
/// Throws Error naming the path when it cannot be opened or is not a talon database.
std::unique_ptr<Store> open_sqlite_store(const std::string& path);

}  // namespace talon
