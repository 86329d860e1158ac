#include <fmt/format.h>

#include <talon/core/error.hpp>
#include <talon/strategy/decision.hpp>

namespace talon {

std::string_view to_string(DecisionAction a) noexcept {
  switch (a) {
    case DecisionAction::Buy: return "BUY";
    case DecisionAction::Sell: return "SELL";
    case DecisionAction::Hold: return "HOLD";
    case DecisionAction::OpenLong: return "OPEN_LONG";
    case DecisionAction::OpenShort: return "OPEN_SHORT";
    case DecisionAction::ClosePosition: return "CLOSE_POSITION";
  }
  return "HOLD";
}

DecisionAction parse_decision_action(std::string_view text) {
  for (DecisionAction a :
       {DecisionAction::Buy, DecisionAction::Sell, DecisionAction::Hold, DecisionAction::OpenLong,
        DecisionAction::OpenShort, DecisionAction::ClosePosition}) {
    if (to_string(a) == text) return a;
  }
  throw InvalidArgument(fmt::format(
      "decision action '{}': expected BUY, SELL, HOLD, OPEN_LONG, OPEN_SHORT or CLOSE_POSITION",
      text));
}

std::string_view to_string(DecisionRecording r) noexcept {
  switch (r) {
    case DecisionRecording::None: return "none";
    case DecisionRecording::Actions: return "actions";
    case DecisionRecording::All: return "all";
  }
  return "actions";
}

DecisionRecording parse_decision_recording(std::string_view text) {
  if (text == "none") return DecisionRecording::None;
  if (text == "actions") return DecisionRecording::Actions;
  if (text == "all") return DecisionRecording::All;
  throw InvalidArgument(fmt::format("--decisions: expected none, actions or all, got '{}'", text));
}

}  // namespace talon
