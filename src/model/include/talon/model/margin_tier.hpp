#pragma once
// Notional brackets of USDⓈ-margined perpetuals (Binance "Leverage and Margin of USDⓈ-M
// Futures"): each bracket has a maximum leverage, a maintenance margin rate (MMR) and a
// maintenance amount (cum) so that maintenance margin is continuous across brackets. They
// are trading rules of an instrument, so they live here beside Instrument; the margin
// arithmetic that uses them is execution/margin.hpp.

#include <optional>
#include <string_view>
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

  bool operator==(const MarginTier&) const = default;
};

/// Binance USDⓈ-M BTCUSDT brackets as GET /fapi/v1/leverageBracket returned them on
/// 2024-10-24 (12 brackets, 125x up to 50,000 USDT; 1 % from 3,000,000): see
/// data/binance_usdm/README.md for the source.
std::vector<MarginTier> binance_btcusdt_usdm_brackets();
/// Binance USDⓈ-M ETHUSDT brackets of the same response (12 brackets, 125x up to 50,000).
std::vector<MarginTier> binance_ethusdt_usdm_brackets();
/// The built-in USDⓈ-M brackets of `symbol` ("BTCUSDT", "ETHUSDT"), or nullopt; read other
/// symbols' with data/binance_usdm_rules.hpp.
std::optional<std::vector<MarginTier>> find_builtin_usdm_brackets(std::string_view symbol);

/// Checks a table: brackets contiguous from 0, rates increasing and in [0, 1), leverage in
/// 1..125, each cum equal to the doc's recurrence cum_n = cum_{n-1} + floor_n ×
/// (mmr_n − mmr_{n-1}). Throws InvalidArgument naming the first bad bracket.
void validate_tiers(const std::vector<MarginTier>& tiers);

}  // namespace talon
