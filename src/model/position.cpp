#include <talon/model/position.hpp>

namespace talon {

std::string_view to_string(MarginMode v) noexcept {
  return v == MarginMode::Isolated ? "ISOLATED" : "CROSS";
}

std::string_view to_string(PositionMode v) noexcept {
  return v == PositionMode::OneWay ? "ONE_WAY" : "HEDGE";
}

std::string_view to_string(PositionStatus v) noexcept {
  switch (v) {
    case PositionStatus::Open: return "OPEN";
    case PositionStatus::Closed: return "CLOSED";
    case PositionStatus::Liquidated: return "LIQUIDATED";
  }
  return "?";
}

}  // namespace talon
