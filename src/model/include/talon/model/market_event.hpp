#pragma once
// The market events the kernel replays and live feeds deliver, one definition each:
// bar, trade tick, quote (best bid/ask), L2 depth delta and snapshot, funding rate and mark
// price. Each carries its InstrumentId, the time it happened at the venue (ts_event) and
// the time talon saw it (ts_init), UTC nanoseconds; Nautilus Trader's Data has the same two
// stamps. A backtest sets ts_init = ts_event (replay sees everything as it happens); a live
// feed sets ts_init from the wall clock on receipt, so ts_init − ts_event is the feed's
// latency.

#include <cstdint>
#include <variant>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/model/bar.hpp>
#include <talon/model/ids.hpp>
#include <talon/model/order_book.hpp>
#include <talon/model/trade_tick.hpp>

namespace talon {

/// Best bid and ask after one book update (Binance `bookTicker` stream, GET
/// /api/v3/ticker/bookTicker). Prices quote per base, quantities base.
struct QuoteTick {
  InstrumentId instrument;
  Timestamp ts_event;  ///< transaction or event time at the venue
  Timestamp ts_init;
  std::uint64_t update_id = 0;  ///< order-book update id (Binance `u`)
  Decimal bid_price;
  Decimal bid_quantity;
  Decimal ask_price;
  Decimal ask_quantity;
};

/// The mark price of a perpetual (Binance USDⓈ-M `markPrice` stream, or the open of a mark
/// price kline), used for unrealized PnL, liquidation and funding.
struct MarkPrice {
  InstrumentId instrument;
  Timestamp ts_event;
  Timestamp ts_init;
  Decimal price;  ///< quote per base
};

/// One market event of any kind.
using MarketEvent =
    std::variant<Bar, TradeTick, QuoteTick, DepthUpdate, DepthSnapshot, FundingRate, MarkPrice>;

/// When the event happened at the venue: a bar's close_time (a bar is known once closed),
/// the `at` of ticks, depth and funding, the ts_event of quotes and mark prices.
Timestamp ts_event(const MarketEvent& event) noexcept;
/// The instrument the event is about (may be empty for data read without one).
const InstrumentId& instrument_of(const MarketEvent& event) noexcept;
/// Short kind name for messages: "bar", "trade", "quote", "depth", "snapshot", "funding",
/// "mark".
const char* kind_name(const MarketEvent& event) noexcept;

}  // namespace talon
