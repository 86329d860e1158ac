#pragma once

#include <string_view>

namespace talon {

/// How an exact result is brought to fewer digits. Names follow java.math.RoundingMode and
/// IEEE 754-2008 §4.3, the vocabulary most finance code already uses.
enum class Rounding {
  Down,      ///< toward zero (truncate): lot-size rounding of an order quantity
  Up,        ///< away from zero
  Floor,     ///< toward negative infinity
  Ceiling,   ///< toward positive infinity
  HalfUp,    ///< to nearest, ties away from zero (commercial rounding)
  HalfEven,  ///< to nearest, ties to even (banker's rounding)
};

/// Name of a rounding mode, e.g. "HalfEven".
std::string_view to_string(Rounding mode) noexcept;

}  // namespace talon
