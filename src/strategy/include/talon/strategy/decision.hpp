#pragma once
// Trade decisions (seed 003 TradeDecision, seed 004 agent_decisions): what a strategy decided
// at one moment — HOLD included — and why, recorded before it becomes orders and linked to
// the orders it produced.
//
// A strategy states a decision with StrategyContext::decide (strategy.hpp); the orders it
// submits after that, in the same callback, are the decision's orders. The engine stamps the
// time, the instrument and an id, sets `approved` from the pre-trade checks of those orders,
// and hands the decision to the run's DecisionSink when the recording level keeps it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/core/uuid.hpp>
#include <talon/model/ids.hpp>

namespace talon {

/// BUY, SELL, HOLD (seed 003, spot) and OPEN_LONG, OPEN_SHORT, CLOSE_POSITION, HOLD (seed 004,
/// perpetuals). Hold is shared by both.
enum class DecisionAction { Buy, Sell, Hold, OpenLong, OpenShort, ClosePosition };

/// The upper-case name stored in trade_decisions.action: "BUY", "OPEN_LONG", ...
std::string_view to_string(DecisionAction a) noexcept;
/// Inverse of to_string (exact upper-case names); throws InvalidArgument listing them.
DecisionAction parse_decision_action(std::string_view text);

/// Which decisions a run keeps: none; actions (every decision but HOLD: the default); all
/// (HOLD too — one per bar for a strategy that decides on every bar).
enum class DecisionRecording { None, Actions, All };
/// "none", "actions", "all".
std::string_view to_string(DecisionRecording r) noexcept;
/// Inverse of to_string; throws InvalidArgument naming the text and the three choices.
DecisionRecording parse_decision_recording(std::string_view text);
/// True when a decision of `action` is kept at level `r`.
constexpr bool keeps(DecisionRecording r, DecisionAction action) noexcept {
  return r == DecisionRecording::All ||
         (r == DecisionRecording::Actions && action != DecisionAction::Hold);
}

/// One decision. Money and prices in the quote currency, quantities in the base asset.
struct TradeDecision {
  Uuid id{};                  ///< UUIDv7, given by the engine (trade_decisions.id)
  Timestamp at{};             ///< simulated or wall time of the decision, UTC (engine)
  InstrumentId instrument{};  ///< the strategy's instrument (engine)
  DecisionAction action = DecisionAction::Hold;
  Decimal size{};         ///< base quantity; zero for HOLD (and when only size_quote is known)
  Decimal size_quote{};   ///< notional in the quote currency (seed 004 size_usd); zero for HOLD
  int leverage = 1;       ///< 1..50 (seed 004); 1 for spot and HOLD
  Decimal stop_loss{};    ///< stop-loss price; zero = none
  Decimal take_profit{};  ///< take-profit price; zero = none
  /// Confidence in [0, 1] (seed 004 DECIMAL(3,2)); nullopt when the strategy gives none.
  std::optional<Decimal> confidence{};
  std::string reasoning{};                 ///< why, in words
  std::optional<Decimal> predicted_roi{};  ///< expected return as a fraction (0.02 = 2 %)
  Uuid model_prediction_id{};              ///< the model_predictions row it came from; nil: none
  /// True when every order it produced passed the pre-trade risk stage and the order
  /// manager's checks at submission (HOLD and decisions without orders: true). Engine.
  bool approved = true;
  std::string risk_reason{};  ///< the first refusal's reason when not approved
  /// Client order ids of the orders it produced, in submission order (engine).
  std::vector<ClientOrderId> orders{};
};

/// Where a run's decisions go (the store, a test's list). Called on the kernel's thread.
class DecisionSink {
 public:
  virtual ~DecisionSink() = default;
  /// One finished decision (its orders linked). Exceptions propagate out of the run.
  virtual void on_decision(const TradeDecision& decision) = 0;
};

/// A DecisionSink that keeps every decision in memory, in order.
class DecisionLog final : public DecisionSink {
 public:
  /// Appends a copy of `decision`.
  void on_decision(const TradeDecision& decision) override { decisions_.push_back(decision); }
  /// Every decision so far, in the order taken.
  const std::vector<TradeDecision>& decisions() const noexcept { return decisions_; }
  /// Moves the decisions out; the log is empty afterwards.
  std::vector<TradeDecision> take() noexcept { return std::exchange(decisions_, {}); }

 private:
  std::vector<TradeDecision> decisions_;
};

}  // namespace talon
