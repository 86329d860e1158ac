// The cold, throwing halves of the input checks (input.hpp).

#include <talon/indicators/input.hpp>

namespace talon::indicators {

void throw_bad_price(double v, std::string_view who, std::string_view field) {
  throw InvalidArgument(fmt::format("{}: {} = {} is not a finite positive price", who, field, v));
}

void throw_bad_volume(double v, std::string_view who, std::string_view field) {
  throw InvalidArgument(
      fmt::format("{}: {} = {} is not a finite non-negative volume", who, field, v));
}

void throw_bad_bar(const BarInput& b, std::string_view who) {
  check_price(b.open, who, "open");
  check_price(b.high, who, "high");
  check_price(b.low, who, "low");
  check_price(b.close, who, "close");
  check_volume(b.volume, who, "volume");
  check_range(b.high, b.low, who);
  throw InvalidArgument(fmt::format("{}: invalid bar", who));  // unreachable: one check failed
}

void throw_bad_column(std::span<const double> v, std::string_view who, std::string_view field,
                      bool volume) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (volume ? !is_volume(v[i]) : !is_price(v[i])) {
      const std::string name = fmt::format("{}[{}]", field, i);
      if (volume) throw_bad_volume(v[i], who, name);
      throw_bad_price(v[i], who, name);
    }
  }
  throw InvalidArgument(fmt::format("{}: invalid {}", who, field));  // unreachable
}

}  // namespace talon::indicators
