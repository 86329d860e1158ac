#include <fmt/format.h>

#include <charconv>

#include <talon/core/error.hpp>
#include <talon/strategy/params.hpp>

namespace talon {

void StrategyParams::set_from_text(std::string_view assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    throw InvalidArgument(fmt::format("strategy parameter '{}': expected name=value", assignment));
  }
  set(std::string(assignment.substr(0, eq)), std::string(assignment.substr(eq + 1)));
}

std::int64_t StrategyParams::get_int(std::string_view name, std::int64_t fallback, std::int64_t min,
                                     std::int64_t max) const {
  const auto it = values_.find(std::string(name));
  if (it == values_.end()) {
    effective_[std::string(name)] = std::to_string(fallback);
    return fallback;
  }
  const std::string& text = it->second;
  std::int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    throw InvalidArgument(
        fmt::format("strategy parameter '{}': '{}' is not an integer", name, text));
  }
  if (v < min || v > max) {
    throw InvalidArgument(
        fmt::format("strategy parameter '{}': {} is outside [{}, {}]", name, v, min, max));
  }
  effective_[std::string(name)] = std::to_string(v);
  return v;
}

Decimal StrategyParams::get_decimal(std::string_view name, Decimal fallback, Decimal min,
                                    Decimal max) const {
  const auto it = values_.find(std::string(name));
  if (it == values_.end()) {
    effective_[std::string(name)] = fallback.to_string();
    return fallback;
  }
  const std::string& text = it->second;
  const auto v = Decimal::try_parse(text);
  if (!v) {
    throw InvalidArgument(
        fmt::format("strategy parameter '{}': '{}' is not a decimal number", name, text));
  }
  if (*v < min || *v > max) {
    throw InvalidArgument(fmt::format("strategy parameter '{}': {} is outside [{}, {}]", name,
                                      v->to_string(), min.to_string(), max.to_string()));
  }
  effective_[std::string(name)] = v->to_string();
  return *v;
}

void StrategyParams::check_known(std::initializer_list<std::string_view> known,
                                 std::string_view owner) const {
  for (const auto& [name, value] : values_) {
    bool found = false;
    for (auto k : known) found = found || k == name;
    if (!found) {
      throw InvalidArgument(fmt::format("{}: unknown parameter '{}' (known: {})", owner, name,
                                        fmt::join(known, ", ")));
    }
  }
}

}  // namespace talon
