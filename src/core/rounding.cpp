#include <talon/core/rounding.hpp>

namespace talon {

std::string_view to_string(Rounding mode) noexcept {
  switch (mode) {
    case Rounding::Down: return "Down";
    case Rounding::Up: return "Up";
    case Rounding::Floor: return "Floor";
    case Rounding::Ceiling: return "Ceiling";
    case Rounding::HalfUp: return "HalfUp";
    case Rounding::HalfEven: return "HalfEven";
  }
  return "?";
}

}  // namespace talon
