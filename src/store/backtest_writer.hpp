#pragma once
// The store's Journal for a backtest: rows written in chunks while the run goes, inside the
// one transaction Store::begin_backtest opened (private to the store).

#include <cstdint>
#include <memory>
#include <string>

#include <talon/core/timestamp.hpp>
#include <talon/store/sql.hpp>
#include <talon/store/store.hpp>

namespace talon::store_detail {

/// What every row of one run shares; written by Store::begin_backtest before the writer
/// exists (user, strategy, bot, configuration, the backtests row and the running bot_runs
/// row).
struct RunKeys {
  SavedBacktest saved;  ///< the ids; counts are filled by the writer
  std::int64_t exchange_id = 0;
  std::string symbol;
  Timestamp created_at;
  bool futures = false;  ///< positions are a futures account's (USDⓈ-M), not spot round trips
};

/// A BacktestWriter over `c` that owns `tx` (BEGIN already run): every row goes into that
/// transaction; finish() commits it, destruction without finish() rolls it back. A null
/// `tx`: the caller holds the transaction (finish() commits nothing).
std::unique_ptr<BacktestWriter> make_backtest_writer(SqlConnection& c,
                                                     std::unique_ptr<SqlTransaction> tx,
                                                     RunKeys keys);

}  // namespace talon::store_detail
