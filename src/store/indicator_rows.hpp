#pragma once
// Rows of technical_indicators (seed 003 TechnicalIndicator) from the indicator series a
// backtest recorded: `talon backtest --store-indicators`.

#include <cstdint>
#include <span>
#include <string>

#include <talon/core/uuid.hpp>
#include <talon/store/sql.hpp>
#include <talon/strategy/indicator_set.hpp>

namespace talon::store_detail {

/// Appends one technical_indicators row per ready value of every output of every series
/// (warm-up values, NaN, are not rows: indicator_value is NOT NULL): timestamp = the bar's
/// open_time (as market_prices.timestamp), indicator_name = the catalogue name ("MACD"),
/// output_name = the output ("macdsignal"), parameters = JSON of every parameter
/// ({"fast":12,"slow":26,"signal":9}), period = the "period" parameter when the indicator has
/// one (else NULL), computed_by = 'engine', backtest_id = `backtest_id`. Values are written
/// in fixed notation rounded to 12 fractional digits (NUMERIC(30,12) on PostgreSQL), so that
/// both backends keep the same number. Bulk: COPY on PostgreSQL, one reused prepared INSERT
/// on SQLite, in chunks; runs inside the caller's transaction. Returns the rows written.
/// Throws DataError naming indicator, output and time for a value with 18 or more integer
/// digits (beyond NUMERIC(30,12)) or an infinity; SqlError from the database.
std::size_t write_indicator_rows(SqlConnection& c, const Uuid& backtest_id,
                                 std::int64_t exchange_id, const std::string& symbol,
                                 std::span<const IndicatorSeries> series);

/// `v` as written to indicator_value: fixed notation, the shortest text that reads back as
/// `v` when that has at most 12 fractional digits, else rounded to 12 (trailing zeros
/// dropped); "0" for |v| < 5e-13. Throws DataError for |v| >= 1e18 or a non-finite v.
std::string indicator_value_text(double v);

}  // namespace talon::store_detail
