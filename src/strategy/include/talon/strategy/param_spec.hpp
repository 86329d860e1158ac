#pragma once
// What a strategy declares about each of its parameters — name, type, default, allowed range
// and meaning — so that validation is automatic, errors name the parameter and its range,
// and `talon strategies` can list them.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <talon/core/decimal.hpp>
#include <talon/strategy/params.hpp>

namespace talon {

/// Int: a whole number; Decimal: an exact decimal (at most 8 fractional digits); Bool: 0 or 1.
enum class ParamType { Int, Decimal, Bool };
/// "int", "decimal", "bool".
std::string_view to_string(ParamType t) noexcept;

/// One declared parameter. Ranges are inclusive; a Bool's range is [0, 1].
struct ParamSpec {
  std::string name{};
  ParamType type = ParamType::Int;
  Decimal default_value{};
  Decimal min{};
  Decimal max{};
  std::string description{};  ///< one line, with the unit (bars, percent, quote currency)
};

/// Checks `params` against `specs`: a name not declared throws InvalidArgument
/// "<strategy>: unknown parameter 'x' (known: a, b)"; a value of the wrong type or outside
/// its range throws "strategy parameter 'fast': 0 is outside [1, 100000]" (params.hpp).
/// Every declared parameter is read, so params.effective() then lists all of them with
/// their defaults filled in.
void validate_params(std::string_view strategy, std::span<const ParamSpec> specs,
                     const StrategyParams& params);

/// The value of an Int or Bool parameter (default when absent); throws as validate_params.
std::int64_t int_param(const StrategyParams& params, const ParamSpec& spec);
/// The value of a Decimal parameter (default when absent); throws as validate_params.
Decimal decimal_param(const StrategyParams& params, const ParamSpec& spec);

/// The spec named `name` in `specs`; throws InvalidArgument when there is none (a strategy's
/// own programming error).
const ParamSpec& find_param(std::span<const ParamSpec> specs, std::string_view name);

/// "10", "0.5": a default or bound as shown to users (int types without a fraction).
std::string param_text(const ParamSpec& spec, Decimal value);

}  // namespace talon
