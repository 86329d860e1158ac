#pragma once
// Margin arithmetic of USDⓈ-margined perpetuals over notional brackets (MarginTier,
// model/margin_tier.hpp; Binance "Leverage and Margin of USDⓈ-M Futures").

#include <span>
#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/model/margin_tier.hpp>

namespace talon {

/// The bracket holding `notional` (absolute value, quote currency); the last bracket for
/// anything beyond. Throws InvalidArgument for an empty table.
const MarginTier& tier_for(const std::vector<MarginTier>& tiers, Decimal notional);

/// Maintenance margin = notional × MMR − cum (Binance "Maintenance Margin" formula),
/// rounded half-up to 8 places; `notional` is |quantity| × mark price.
Decimal maintenance_margin(const std::vector<MarginTier>& tiers, Decimal notional);

/// One open position whose margin a liquidation price depends on.
struct MarginLeg {
  Decimal quantity;     ///< absolute size in the base asset, > 0
  int direction = 1;    ///< +1 long, -1 short
  Decimal entry_price;  ///< quote per base
};

/// Where a set of legs is liquidated: `price` (quote per base) is zero when no positive
/// price brings the margin balance down to the maintenance margin. `is_long` is true when
/// the legs are liquidated as the price falls to `price`, false when it rises to it.
struct LiquidationPoint {
  Decimal price;
  bool is_long = true;
};

/// The price P at which the margin balance of `legs` equals their maintenance margin, each
/// leg's maintenance margin taken from the bracket its notional quantity × P falls in at P
/// (Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts", with
/// TMM1 = UPNL1 = 0: one symbol):
///   WB + Σ dir·q·(P − EP) = Σ (q·P·MMR(q·P) − cum(q·P))
/// `wallet` is WB: the isolated wallet of the position (isolated) or the cross wallet
/// balance (cross). `mark` (quote per base, may be zero) only chooses where the search
/// starts. Within one bracket per leg both sides are linear in P, so the FAQ formula
///   P = (WB + Σcum − Σ dir·q·EP) / (Σ q·MMR − Σ dir·q)
/// solves it; a root is accepted only when every leg's notional at it lies in the bracket
/// it was computed with. Because maintenance margin is continuous and convex in P, one leg
/// has at most one such root; legs of both directions (hedge mode, cross) can have a lower
/// root (liquidated when the price falls) and an upper one (when it rises): the one on the
/// side of the net position is returned, the other when that side has none.
/// The price is rounded half-even to 8 places. Throws InvalidArgument for an empty table,
/// no legs or a non-positive quantity; ArithmeticError when the sums overflow.
LiquidationPoint liquidation_point(const std::vector<MarginTier>& tiers,
                                   std::span<const MarginLeg> legs, Decimal wallet, Decimal mark);

}  // namespace talon
