#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <talon/core/error.hpp>
#include <talon/risk/risk_rules.hpp>

namespace talon {
namespace {

// A JSON number or string as an exact Decimal. Numbers go through their JSON text rather
// than a double, so "0.1" stays 0.1.
Decimal positive_decimal(const nlohmann::json& v, const std::string& key) {
  std::optional<Decimal> d;
  if (v.is_string()) {
    d = Decimal::try_parse(v.get<std::string>());
  } else if (v.is_number()) {
    d = Decimal::try_parse(v.dump());
  }
  if (!d || !d->is_positive()) {
    throw InvalidArgument(fmt::format(
        "risk_rules: {} must be a positive number (JSON number or string), got {}", key, v.dump()));
  }
  return *d;
}

template <class T>
std::optional<T> smaller(const std::optional<T>& a, const std::optional<T>& b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

}  // namespace

RiskRules parse_risk_rules(std::string_view text) {
  RiskRules rules;
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return rules;
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw InvalidArgument(fmt::format("risk_rules: not valid JSON: {}", e.what()));
  }
  if (!j.is_object()) throw InvalidArgument("risk_rules: must be a JSON object");
  for (const auto& [key, value] : j.items()) {
    if (key == "symbol_caps") {
      if (!value.is_object()) {
        throw InvalidArgument("risk_rules: symbol_caps must be an object {\"SYMBOL\": cap}");
      }
      for (const auto& [symbol, cap] : value.items()) {
        if (symbol.empty()) throw InvalidArgument("risk_rules: symbol_caps has an empty symbol");
        rules.symbol_caps[symbol] = positive_decimal(cap, "symbol_caps." + symbol);
      }
    } else if (key == "max_notional_per_side") {
      if (value.is_object()) {
        for (const auto& [side, cap] : value.items()) {
          if (side == "BUY") {
            rules.max_notional_buy = positive_decimal(cap, "max_notional_per_side.BUY");
          } else if (side == "SELL") {
            rules.max_notional_sell = positive_decimal(cap, "max_notional_per_side.SELL");
          } else {
            throw InvalidArgument(fmt::format(
                "risk_rules: max_notional_per_side key '{}' is unknown (allowed: BUY, SELL)",
                side));
          }
        }
      } else {
        rules.max_notional_buy = rules.max_notional_sell =
            positive_decimal(value, "max_notional_per_side");
      }
    } else if (key == "max_orders_per_minute") {
      if (!value.is_number_integer() || value.get<std::int64_t>() < 1 ||
          value.get<std::int64_t>() > 10000) {
        throw InvalidArgument(
            fmt::format("risk_rules: max_orders_per_minute must be an integer in 1..10000, got {}",
                        value.dump()));
      }
      rules.max_orders_per_minute = static_cast<int>(value.get<std::int64_t>());
    } else {
      throw InvalidArgument(
          fmt::format("risk_rules: unknown rule '{}' (allowed: symbol_caps, max_notional_per_side, "
                      "max_orders_per_minute)",
                      key));
    }
  }
  return rules;
}

RiskRules stricter(const RiskRules& a, const RiskRules& b) {
  RiskRules r = a;
  for (const auto& [symbol, cap] : b.symbol_caps) {
    auto [it, added] = r.symbol_caps.emplace(symbol, cap);
    if (!added) it->second = std::min(it->second, cap);
  }
  r.max_notional_buy = smaller(a.max_notional_buy, b.max_notional_buy);
  r.max_notional_sell = smaller(a.max_notional_sell, b.max_notional_sell);
  r.max_orders_per_minute = smaller(a.max_orders_per_minute, b.max_orders_per_minute);
  return r;
}

}  // namespace talon
