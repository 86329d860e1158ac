#pragma once
// What the futures account tests share: an account configuration and a fill applied
// directly to the account (no venue), at 2023-01-01T00:00Z.

#include <utility>
#include <vector>

#include <talon/execution/futures_account.hpp>

namespace talon::test {

inline Decimal D(const char* s) {
  return Decimal::parse(s);
}

/// Margin mode, leverage and position mode over `tiers` (the built-in BTCUSDT brackets
/// unless a test writes its own table out).
inline FuturesConfig config(MarginMode margin, int leverage,
                            PositionMode mode = PositionMode::OneWay,
                            std::vector<MarginTier> tiers = binance_btcusdt_usdm_brackets()) {
  FuturesConfig c;
  c.margin_mode = margin;
  c.leverage = leverage;
  c.position_mode = mode;
  c.tiers = std::move(tiers);
  return c;
}

/// Applies a fill of `qty` at `price` (and `fee` USDT) to `a` as if an order on `ps` filled.
inline void fill(FuturesAccount& a, OrderSide side, const char* qty, const char* price,
                 PositionSide ps = PositionSide::Both, const char* fee = "0") {
  Order o;
  o.side = side;
  o.position_side = ps;
  Fill f;
  f.side = side;
  f.quantity = D(qty);
  f.price = D(price);
  f.fee = D(fee);
  f.fee_currency = "USDT";
  f.executed_at = Timestamp::from_seconds(1672531200);
  a.apply_fill(f, o);
}

}  // namespace talon::test
