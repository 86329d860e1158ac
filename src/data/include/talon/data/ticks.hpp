#pragma once
// Market data below the bar: trade ticks, best bid/offer, order-book depth bands and
// funding rates, as the Binance public-data files carry them. Plain structs; prices are in
// quote currency per base unit, quantities in base units, everything exact (Decimal).

#include <cstdint>
#include <string>
#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>

namespace talon {

/// One trade, or one aggregate trade (Binance aggTrades: trades of one taker order at one
/// price, ids first_trade_id..last_trade_id).
struct TradeTick {
  Timestamp time;                   ///< trade time (UTC)
  std::int64_t id = 0;              ///< trade id, or aggregate trade id
  Decimal price;                    ///< quote per base
  Decimal qty;                      ///< base units
  bool buyer_is_maker = false;      ///< true: the seller was the aggressor (a sell)
  std::int64_t first_trade_id = 0;  ///< aggTrades only, else == id
  std::int64_t last_trade_id = 0;   ///< aggTrades only, else == id
};

/// Best bid and offer after one book update (Binance bookTicker stream / files).
struct BookTicker {
  Timestamp time;              ///< transaction time (futures files); event time when absent
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
  Timestamp time;      ///< snapshot time, second resolution (UTC)
  Decimal percentage;  ///< signed distance from mid, in percent (e.g. -1 = 1 % below)
  Decimal depth;       ///< base units within the band
  Decimal notional;    ///< quote currency within the band
};

/// One funding settlement of a perpetual future.
struct FundingRate {
  Timestamp time;  ///< settlement time (Binance stamps carry a few ms of jitter)
  Decimal rate;  ///< fraction of position notional paid long→short per interval (0.0001 = 0.01 %)
  std::int32_t interval_hours =
      0;  ///< funding interval; 0 when the file does not say (8 on Binance by default)
};

}  // namespace talon
