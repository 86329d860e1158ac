#pragma once
// Tiered margin of USDⓈ-margined perpetuals (Binance "Leverage and Margin of USDⓈ-M
// Futures"): each notional bracket has a maximum leverage, a maintenance margin rate (MMR)
// and a maintenance amount (cum) so that maintenance margin is continuous across brackets.

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

/// Checks a table: brackets contiguous from 0, rates increasing, each cum equal to the
/// doc's recurrence. Throws InvalidArgument naming the first bad bracket.
void validate_tiers(const std::vector<MarginTier>& tiers);

}  // namespace talon
