#pragma once
// Market data below the bar that the engine consumes: trade ticks and funding settlements.
// One definition for every module (data readers, simulated venue, futures accounting).

#include <cstdint>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/model/ids.hpp>

namespace talon {

/// One trade, or one aggregate trade (Binance aggTrades: trades of one taker order at one
/// price, ids first_trade_id..last_trade_id). Binance spot `trade` stream / public-data files.
struct TradeTick {
  Timestamp at;      ///< trade time (UTC): the tick's ts_event
  Decimal price;     ///< quote per base
  Decimal quantity;  ///< base asset
  /// Binance `m`: true when the buyer was the resting (maker) side, i.e. a seller hit the
  /// bid. Such a trade consumes bids; otherwise it consumes asks.
  bool buyer_is_maker = false;
  std::int64_t id = 0;              ///< trade id, or aggregate trade id
  std::int64_t first_trade_id = 0;  ///< aggTrades only, else == id
  std::int64_t last_trade_id = 0;   ///< aggTrades only, else == id
  InstrumentId instrument{};        ///< empty when the reader was not told
  Timestamp ts_init{};              ///< when talon saw it; zero when read from a file
};

/// One funding settlement of a perpetual (Binance GET /fapi/v1/fundingRate).
struct FundingRate {
  Timestamp at;  ///< settlement time, the ts_event (Binance stamps carry a few ms of jitter)
  Decimal rate;  ///< fraction of notional per interval (0.0001 = 0.01 %); longs pay shorts when
                 ///< positive
  std::int32_t interval_hours = 0;  ///< funding interval; 0 when the source does not say
  InstrumentId instrument{};        ///< the perpetual; empty when the reader was not told
  Timestamp ts_init{};              ///< when talon saw it; zero when read from a file
};

}  // namespace talon
