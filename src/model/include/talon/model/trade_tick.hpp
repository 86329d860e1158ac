#pragma once
// One exchange trade (Binance spot `trade` stream / historical trades).

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>

namespace talon {

struct TradeTick {
  Timestamp at;      ///< trade time (UTC)
  Decimal price;     ///< quote per base
  Decimal quantity;  ///< base asset
  /// Binance `m`: true when the buyer was the resting (maker) side, i.e. a seller hit the
  /// bid. Such a trade consumes bids; otherwise it consumes asks.
  bool buyer_is_maker = false;
};

/// One funding settlement of a perpetual (Binance GET /fapi/v1/fundingRate).
struct FundingRate {
  Timestamp at;  ///< settlement time
  Decimal rate;  ///< fraction per interval (0.0001 = 0.01 %); longs pay shorts when positive
};

}  // namespace talon
