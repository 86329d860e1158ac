#pragma once
// Small building blocks the built-in strategies share (and plugins may use): all-in /
// all-out market orders that state their decision first, and HOLD decisions that cost
// nothing unless the run records them.
//
// Orders placed at a bar's close fill at the next bar's open in backtests (taker fee).

#include <string>
#include <utility>

#include <talon/strategy/strategy.hpp>

namespace talon {

/// Free quote cash below which a buy is not sent: the instrument's minimum notional plus 1 %
/// (what fees and lot rounding take), so that no order is sent only to be refused.
Decimal min_spend(const Instrument& instrument);

/// Decides BUY (size_quote = the free cash, `why`) and sends a MARKET BUY spending all free
/// cash (quote quantity) when it is at least min_spend; otherwise decides nothing and sends
/// nothing. Returns true when the order was sent.
bool buy_with_all_cash(StrategyContext& ctx, std::string why, Decimal confidence = {});

/// Spends `quote` (capped at the free cash) on a MARKET BUY with a BUY decision; nothing
/// when that is below min_spend. Returns true when sent.
bool buy_quote(StrategyContext& ctx, Decimal quote, std::string why);

/// Decides SELL of the whole base position and sends a MARKET SELL of it (nothing when
/// flat). Returns true when sent.
bool sell_everything(StrategyContext& ctx, std::string why);

/// Records a HOLD decision when the run keeps HOLDs; `why()` builds the reasoning only then.
template <class Why>
void decide_hold(StrategyContext& ctx, Why&& why) {
  if (!ctx.records(DecisionAction::Hold)) return;
  TradeDecision d;
  d.action = DecisionAction::Hold;
  d.reasoning = std::forward<Why>(why)();
  ctx.decide(d);
}

/// The long-only rule of the crossover strategies. `sign` is the sign of the signal now
/// (e.g. fast − slow); `last_sign` the last non-zero sign, updated here. A change of sign
/// from a non-zero one is a cross: up → buy_with_all_cash(up_why) when flat, down →
/// sell_everything(down_why) when long; no cross is acted on while an order is open. Every
/// other bar is a HOLD (recorded only when the run keeps HOLDs). A zero sign neither makes
/// nor cancels a cross.
void follow_sign(StrategyContext& ctx, int& last_sign, int sign, const char* up_why,
                 const char* down_why);

/// `quantity` rounded down to the instrument's lot size (zero when below one lot).
Decimal floor_to_lot(const Instrument& instrument, Decimal quantity);
/// `price` rounded to the instrument's tick (Rounding `mode`).
Decimal to_tick(const Instrument& instrument, Decimal price, Rounding mode);

/// `v` (a statistic in double, e.g. an ATR) as a Decimal rounded half-even to 8 places;
/// zero for NaN or infinities.
Decimal decimal_of(double v);

/// A double printed with up to `places` fractional digits, for reasoning text.
std::string number_text(double v, int places = 2);

}  // namespace talon
