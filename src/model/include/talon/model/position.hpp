#pragma once
// Futures positions (seed 002 Positions, seed 004 agent_trades) and the account settings
// that shape them. Money is in the margin asset (USDT for USDⓈ-M perpetuals).

#include <string>
#include <string_view>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/core/uuid.hpp>
#include <talon/model/order.hpp>

namespace talon {

enum class MarginMode { Isolated, Cross };
/// ONE_WAY: one net position per symbol (positionSide BOTH). HEDGE: a LONG and a SHORT
/// position per symbol, each opened and closed by orders naming its side.
enum class PositionMode { OneWay, Hedge };
enum class PositionStatus { Open, Closed, Liquidated };

std::string_view to_string(MarginMode v) noexcept;
std::string_view to_string(PositionMode v) noexcept;
std::string_view to_string(PositionStatus v) noexcept;

/// One position from its first fill to flat (CLOSED) or liquidation (LIQUIDATED).
/// `quantity` is signed in one-way mode (negative = short) and positive in hedge mode,
/// where `side` says LONG or SHORT.
struct Position {
  Uuid id;
  std::string symbol;
  PositionSide side = PositionSide::Both;
  Decimal quantity;         ///< base asset; signed for BOTH
  Decimal peak_quantity{};  ///< largest quantity held while open, signed like quantity
  /// Sum of price × quantity over the closing fills (and the liquidation), quote currency:
  /// exit_notional / |peak_quantity| is the average exit price of a position closed whole.
  Decimal exit_notional{};
  Decimal entry_price;        ///< volume-weighted average over the adds, quote per base
  Decimal mark_price;         ///< last mark used for unrealized PnL
  Decimal liquidation_price;  ///< zero when it cannot be liquidated (no leverage risk)
  Decimal realized_pnl;       ///< price PnL of the closed part, fees and funding excluded
  Decimal unrealized_pnl;     ///< (mark − entry) × signed quantity at mark_price
  Decimal fees;               ///< trading fees paid on this position
  Decimal funding;            ///< funding received (+) or paid (−)
  Decimal pnl;                ///< realized + unrealized − fees + funding
  Decimal pnl_percent;        ///< pnl / initial margin × 100, 4 places
  Decimal margin_used;        ///< initial margin (cross) or isolated wallet (isolated)
  int leverage = 1;
  MarginMode margin_mode = MarginMode::Cross;
  PositionStatus status = PositionStatus::Open;
  Timestamp opened_at;
  Timestamp closed_at;
  Timestamp updated_at;
};

}  // namespace talon
