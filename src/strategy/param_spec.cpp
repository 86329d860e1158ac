#include <fmt/format.h>
#include <fmt/ranges.h>

#include <vector>

#include <talon/core/error.hpp>
#include <talon/strategy/param_spec.hpp>

namespace talon {

std::string_view to_string(ParamType t) noexcept {
  switch (t) {
    case ParamType::Int: return "int";
    case ParamType::Decimal: return "decimal";
    case ParamType::Bool: return "bool";
  }
  return "int";
}

namespace {
std::int64_t whole(Decimal d) {
  return static_cast<std::int64_t>(d.raw() / Decimal::kOne);
}
}  // namespace

std::int64_t int_param(const StrategyParams& params, const ParamSpec& spec) {
  return params.get_int(spec.name, whole(spec.default_value), whole(spec.min),
                        spec.type == ParamType::Bool ? 1 : whole(spec.max));
}

Decimal decimal_param(const StrategyParams& params, const ParamSpec& spec) {
  return params.get_decimal(spec.name, spec.default_value, spec.min, spec.max);
}

void validate_params(std::string_view strategy, std::span<const ParamSpec> specs,
                     const StrategyParams& params) {
  for (const auto& [name, value] : params.values()) {
    bool found = false;
    for (const ParamSpec& s : specs) found = found || s.name == name;
    if (!found) {
      std::vector<std::string_view> known;
      for (const ParamSpec& s : specs) known.push_back(s.name);
      throw InvalidArgument(fmt::format("{}: unknown parameter '{}' (known: {})", strategy, name,
                                        fmt::join(known, ", ")));
    }
  }
  for (const ParamSpec& s : specs) {
    if (s.type == ParamType::Decimal) {
      decimal_param(params, s);
    } else {
      int_param(params, s);
    }
  }
}

const ParamSpec& find_param(std::span<const ParamSpec> specs, std::string_view name) {
  for (const ParamSpec& s : specs) {
    if (s.name == name) return s;
  }
  throw InvalidArgument(fmt::format("no parameter '{}' declared", name));
}

std::string param_text(const ParamSpec& spec, Decimal value) {
  if (spec.type != ParamType::Decimal) return std::to_string(whole(value));
  return value.to_string();
}

}  // namespace talon
