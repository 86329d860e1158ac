#pragma once
// Tiered margin of USDⓈ-margined perpetuals (Binance "Leverage and Margin of USDⓈ-M
// Futures"): each notional bracket has a maximum leverage, a maintenance margin rate (MMR)
// and a maintenance amount (cum) so that maintenance margin is continuous across brackets.

#include <span>
#include <vector>

#include <talon/core/decimal.hpp>

namespace talon {

/// One bracket: positions with floor <= notional < cap (quote currency).
struct MarginTier {
  Decimal floor;
  Decimal cap;
  int max_leverage = 1;
  Decimal mmr;  ///< maintenance margin rate as a fraction (0.004 = 0.40 %)
  Decimal cum;  ///< maintenance amount, quote currency
};

/// Binance USDⓈ-M BTCUSDT brackets as published (10 tiers, 125x up to 50,000 USDT).
/// Cum amounts follow the doc's rule cum_n = cum_{n-1} + floor_n × (mmr_n − mmr_{n-1}).
std::vector<MarginTier> binance_btcusdt_usdm_brackets();

/// The bracket holding `notional` (absolute value, quote currency); the last bracket for
/// anything beyond. Throws InvalidArgument for an empty table.
const MarginTier& tier_for(const std::vector<MarginTier>& tiers, Decimal notional);

/// Maintenance margin = notional × MMR − cum (Binance "Maintenance Margin" formula),
/// rounded half-up to 8 places; `notional` is |quantity| × mark price.
Decimal maintenance_margin(const std::vector<MarginTier>& tiers, Decimal notional);

/// Checks a table: brackets contiguous from 0, rates increasing and below 1, each cum equal
/// to the doc's recurrence. Throws InvalidArgument naming the first bad bracket.
void validate_tiers(const std::vector<MarginTier>& tiers);

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
