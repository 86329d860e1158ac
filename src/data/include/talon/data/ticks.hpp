#pragma once
// Market data below the bar: trade ticks, best bid/offer, order-book depth bands and
// funding rates, as the Binance public-data files carry them. Plain structs; prices are in
// quote currency per base unit, quantities in base units, everything exact (Decimal).

#include <cstdint>
#include <string>
#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/model/trade_tick.hpp>  // TradeTick, FundingRate

namespace talon {

/// Best bid and offer after one book update (Binance bookTicker stream / files).
struct BookTicker {
  Timestamp at;                ///< transaction time (futures files); event time when absent
  Timestamp event_time;        ///< time Binance sent the update
  std::int64_t update_id = 0;  ///< order-book update id
  Decimal bid_price;
  Decimal bid_qty;
  Decimal ask_price;
  Decimal ask_qty;
};

/// One band of a Binance USDⓈ-M bookDepth snapshot: the cumulative quantity resting between
/// the mid price and `percentage` % away from it (negative = bid side, positive = ask side).
struct BookDepthBand {
  Timestamp at;        ///< snapshot time, second resolution (UTC)
  Decimal percentage;  ///< signed distance from mid, in percent (e.g. -1 = 1 % below)
  Decimal depth;       ///< base units within the band
  Decimal notional;    ///< quote currency within the band
};

}  // namespace talon
