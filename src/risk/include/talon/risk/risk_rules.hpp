#pragma once
// The custom `risk_rules` JSON of a risk_limits row (or the `risk_rules` key of a bot's
// [risk] table): rules beyond the fixed columns. Recognised keys:
//   "symbol_caps":           {"BTCUSDT": "0.5", ...}  largest absolute position per symbol,
//                                                       base quantity
//   "max_notional_per_side": "1000" or {"BUY": "1000", "SELL": "500"}  largest notional
//                                                       (quote) of one side's open orders
//                                                       plus the new one
//   "max_orders_per_minute": 30                        orders sent in any rolling minute
// Numbers may be JSON numbers or strings (strings keep every digit exact). An unknown key is
// a configuration error, never ignored: a typo must not silently disable a limit.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <talon/core/decimal.hpp>

namespace talon {

struct RiskRules {
  std::map<std::string, Decimal> symbol_caps;  ///< symbol → largest |position|, base
  std::optional<Decimal> max_notional_buy;     ///< quote; nullopt = no cap
  std::optional<Decimal> max_notional_sell;    ///< quote; nullopt = no cap
  std::optional<int> max_orders_per_minute;    ///< 1..10000; nullopt = no cap

  bool empty() const noexcept {
    return symbol_caps.empty() && !max_notional_buy && !max_notional_sell && !max_orders_per_minute;
  }
};

/// Parses `json` (an object; empty text or "{}" = no rules). Throws InvalidArgument naming
/// the key and the allowed values for malformed JSON, an unknown key, a non-positive cap or a
/// max_orders_per_minute outside 1..10000.
RiskRules parse_risk_rules(std::string_view json);

/// The stricter of two rule sets: the smaller of each cap present in either.
RiskRules stricter(const RiskRules& a, const RiskRules& b);

}  // namespace talon
