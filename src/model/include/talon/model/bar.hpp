#pragma once
// A bar (kline, candle): OHLCV over one interval, as Binance's kline endpoint returns it.
// One of the market events (market_event.hpp).

#include <cstdint>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/model/ids.hpp>

namespace talon {

struct Bar {
  Timestamp open_time;  ///< start of the interval (UTC)
  Timestamp
      close_time;  ///< last instant inside the interval (Binance: open_time + interval - 1 ms)
  Decimal open;    ///< quote currency per base unit
  Decimal high;
  Decimal low;
  Decimal close;
  Decimal volume;                  ///< base asset traded
  Decimal quote_volume;            ///< quote asset traded; zero when the source does not carry it
  Decimal taker_buy_base_volume;   ///< zero when the source does not carry it
  Decimal taker_buy_quote_volume;  ///< zero when the source does not carry it
  std::int64_t trades_count = 0;   ///< number of trades; 0 when the source does not carry it
  /// Whose bar; empty when the reader was not told (a file read on its own).
  InstrumentId instrument{};
  std::int64_t interval_ns = 0;  ///< bar length in ns (60'000'000'000 for 1m); 0 = unknown
  /// When talon saw the bar (UTC). The bar's ts_event is its close_time: a bar is known only
  /// once it has closed. Zero when read from a file before a run.
  Timestamp ts_init{};
};

}  // namespace talon
