#pragma once
// A fill (seed 002 Trades, 000 Trade, 003 TradeExecution): one execution of part or all of
// an order. Immutable once made.

#include <string>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/core/uuid.hpp>
#include <talon/model/ids.hpp>
#include <talon/model/order.hpp>

namespace talon {

enum class Liquidity { Maker, Taker };

struct Fill {
  Uuid id;        ///< UUIDv7 of the fill
  Uuid order_id;  ///< the order it executes
  std::string symbol;
  InstrumentId instrument{};      ///< empty in single-instrument code that predates the kernel
  TradeId trade_id{};             ///< the venue's execution id (Binance tradeId)
  VenueOrderId venue_order_id{};  ///< the venue's id of the order
  OrderSide side = OrderSide::Buy;
  Decimal price;     ///< quote currency per base unit
  Decimal quantity;  ///< base asset
  Decimal fee;       ///< charged in fee_currency
  std::string fee_currency;
  Liquidity liquidity = Liquidity::Taker;  ///< maker: rested on the book; taker: took liquidity
  Timestamp executed_at;
};

}  // namespace talon
