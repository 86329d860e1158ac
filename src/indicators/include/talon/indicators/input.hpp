#pragma once
// Inputs of the indicators: doubles (indicators are statistics, not money), checked on
// the way in. A NaN, an infinity or a non-positive price is an error, never propagated.

#include <fmt/format.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>

#include <talon/core/error.hpp>
#include <talon/model/bar.hpp>

namespace talon::indicators {

/// One bar as indicator input. Prices in quote currency per base unit, volume in base units,
/// time in UTC nanoseconds (only session-anchored indicators such as VWAP read it).
struct BarInput {
  double open = 0;
  double high = 0;
  double low = 0;
  double close = 0;
  double volume = 0;
  std::int64_t time_ns = 0;
};

/// The explicit, documented conversion from the exact decimal Bar: each field to its
/// nearest double (Decimal::to_double).
inline BarInput to_input(const Bar& b) noexcept {
  return {b.open.to_double(),  b.high.to_double(),   b.low.to_double(),
          b.close.to_double(), b.volume.to_double(), b.open_time.ns};
}

/// True when v is a finite price above zero (false for NaN and infinities).
inline bool is_price(double v) noexcept {
  return v > 0.0 && v <= std::numeric_limits<double>::max();
}
/// True when v is a finite volume, zero or above.
inline bool is_volume(double v) noexcept {
  return v >= 0.0 && v <= std::numeric_limits<double>::max();
}

// The throwing halves of the checks, kept out of line so that the checks inline to a few
// compares on the hot path.
[[noreturn]] void throw_bad_price(double v, std::string_view who, std::string_view field);
[[noreturn]] void throw_bad_volume(double v, std::string_view who, std::string_view field);
[[noreturn]] void throw_bad_bar(const BarInput& b, std::string_view who);
[[noreturn]] void throw_bad_column(std::span<const double> v, std::string_view who,
                                   std::string_view field, bool volume);

/// Throws InvalidArgument "<who>: <field> = <v> is not a finite positive price" unless v is
/// finite and > 0.
inline void check_price(double v, std::string_view who, std::string_view field) {
  if (!is_price(v)) [[unlikely]]
    throw_bad_price(v, who, field);
}

/// Throws InvalidArgument unless v is finite and >= 0.
inline void check_volume(double v, std::string_view who, std::string_view field) {
  if (!is_volume(v)) [[unlikely]]
    throw_bad_volume(v, who, field);
}

/// Throws InvalidArgument unless low <= high (both already checked as prices).
inline void check_range(double high, double low, std::string_view who) {
  if (low > high) [[unlikely]]
    throw InvalidArgument(fmt::format("{}: low {} is above high {}", who, low, high));
}

/// Checks a bar: open, high, low, close as check_price, volume as check_volume, low <= high.
/// The error names the first bad field.
inline void check_bar(const BarInput& b, std::string_view who) {
  const bool ok = is_price(b.open) & is_price(b.high) & is_price(b.low) & is_price(b.close) &
                  is_volume(b.volume) & (b.low <= b.high);
  if (!ok) [[unlikely]]
    throw_bad_bar(b, who);
}

/// Checks every element of a price column; the error names the index, e.g. "close[17]".
inline void check_prices(std::span<const double> v, std::string_view who, std::string_view field) {
  bool ok = true;
  for (const double x : v) ok &= (x > 0.0) & (x <= std::numeric_limits<double>::max());
  if (!ok) [[unlikely]]
    throw_bad_column(v, who, field, false);
}

/// Checks every element of a volume column.
inline void check_volumes(std::span<const double> v, std::string_view who, std::string_view field) {
  bool ok = true;
  for (const double x : v) ok &= (x >= 0.0) & (x <= std::numeric_limits<double>::max());
  if (!ok) [[unlikely]]
    throw_bad_column(v, who, field, true);
}

/// Throws InvalidArgument unless columns a and b have the same length.
inline void check_same_length(std::size_t a, std::size_t b, std::string_view who) {
  if (a != b)
    throw InvalidArgument(fmt::format("{}: input columns differ in length ({} vs {})", who, a, b));
}

/// Throws InvalidArgument "<who>: <name> = <v> is outside [lo, hi]".
inline void check_param(int v, int lo, int hi, std::string_view who, std::string_view name) {
  if (v < lo || v > hi)
    throw InvalidArgument(fmt::format("{}: {} = {} is outside [{}, {}]", who, name, v, lo, hi));
}

/// As check_param for a real parameter; also rejects NaN.
inline void check_param(double v, double lo, double hi, std::string_view who,
                        std::string_view name) {
  if (!(v >= lo && v <= hi))
    throw InvalidArgument(fmt::format("{}: {} = {} is outside [{}, {}]", who, name, v, lo, hi));
}

/// TA-Lib's largest period (optInTimePeriod ranges to 100000).
inline constexpr int kMaxPeriod = 100000;

/// TA-Lib's TA_EPSILON, used by TA_IS_ZERO and TA_IS_ZERO_OR_NEG (ta_utility.h).
inline constexpr double kTaEpsilon = 0.00000000000001;
inline bool ta_is_zero(double v) noexcept {
  return -kTaEpsilon < v && v < kTaEpsilon;
}
inline bool ta_is_zero_or_neg(double v) noexcept {
  return v < kTaEpsilon;
}

/// The value batch functions write during warm-up ("not ready").
inline constexpr double kNotReady = std::numeric_limits<double>::quiet_NaN();

}  // namespace talon::indicators
