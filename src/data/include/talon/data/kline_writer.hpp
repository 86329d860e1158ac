#pragma once
// Writes bars back out as text, in the Binance public-data kline layout, so that resampled
// or trade-built bars can be read again by read_klines and by any Binance-aware tool.

#include <ostream>
#include <span>

#include <talon/model/bar.hpp>

namespace talon {

/// One line per bar, 12 columns, no header: open_time (ms), open, high, low, close, volume,
/// close_time (ms), quote_volume, count, taker_buy_volume, taker_buy_quote_volume, ignore
/// (always 0). Decimals in their shortest exact text. Times are written in milliseconds
/// (sub-millisecond parts are floored).
void write_klines_csv(std::ostream& out, std::span<const Bar> bars);

}  // namespace talon
