#pragma once
// Importing klines into market_prices again: what is missing is added, what is already
// stored is skipped and compared, so that re-importing overlapping files is safe.

#include <cstddef>
#include <span>
#include <string>

#include <talon/model/bar.hpp>
#include <talon/store/store.hpp>

namespace talon {

/// What import_klines did with each bar.
struct KlineImportResult {
  std::size_t inserted = 0;   ///< bars that were not stored and now are
  std::size_t skipped = 0;    ///< bars whose open time was already stored (kept as stored)
  std::size_t differing = 0;  ///< of the skipped, those whose stored values differ
  Timestamp first_differing;  ///< open time of the first differing bar (when differing > 0)
};

/// Adds to market_prices of `store` the bars of (exchange, symbol, interval) whose open time
/// is not stored yet, in one transaction (Store::insert_klines), and compares every other bar
/// with the stored one (all prices, volumes, trade count and close time). `bars` must be in
/// strictly increasing open_time order. Stored rows are never changed. Throws what
/// Store::read_klines and Store::insert_klines throw (nothing written on error).
KlineImportResult import_klines(Store& store, const std::string& exchange,
                                const std::string& symbol, const std::string& interval,
                                std::span<const Bar> bars, const std::string& source);

}  // namespace talon
