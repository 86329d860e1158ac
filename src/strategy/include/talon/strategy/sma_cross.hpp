#pragma once
// sma_cross: the classic moving-average crossover, long-only or (short=1, perpetuals) long
// and short.
//
// At each bar's close it compares the simple moving averages of closes over `fast` and
// `slow` bars. When the fast average crosses above the slow one it buys with all free cash
// (a MARKET BUY by quote quantity, filled at the next bar's open with the quantity rounded
// down to the lot size so that cost plus taker fee fits the cash); when it crosses below,
// it sells the whole position at the next bar's open.
//
// A cross is a change of sign of (fast SMA − slow SMA) from the last non-zero sign: a bar on
// which the two are exactly equal neither creates nor cancels a cross. The averages are
// compared exactly, as sums of closes in decimal raw units cross-multiplied by the window
// lengths, so no floating-point rounding can invent or hide a cross. The first signal can
// come on the bar after the slow window first fills (slow + 1 bars).
//
// With short=1 (perpetuals) it is always in the market after the first cross: on a cross it
// closes the open position if it is on the other side (a reduce-only MARKET order) and opens
// the new one, both filled at the next bar's open paying the taker fee. The new position is a
// MARKET order given by a margin budget equal to the free balance once the close has filled
// (the wallet: initial cash + realized PnL − fees + funding): the venue opens the largest
// multiple of the lot whose initial margin plus taker fee fits it,
// floor(wallet × L / (open × (1 + L × fee)) / lot) × lot (simulated_venue.hpp).
//
// Decisions: BUY / SELL on a long-only cross; OPEN_LONG / OPEN_SHORT with short=1 (a reversal
// is two: the close at the cross, the opening order once the close filled); HOLD on every
// other bar once the slow window is full.

#include <cstdint>

#include <talon/indicators/rolling_window.hpp>
#include <talon/strategy/params.hpp>
#include <talon/strategy/strategy.hpp>

namespace talon {

class SmaCross final : public Strategy {
 public:
  /// `fast` and `slow` are window lengths in bars; throws InvalidArgument unless
  /// 1 <= fast < slow.
  SmaCross(std::int64_t fast, std::int64_t slow);
  /// `allow_short`: the long/short mode above (for accounts that can short).
  SmaCross(std::int64_t fast, std::int64_t slow, bool allow_short);
  /// Reads `fast` (default 10), `slow` (default 30) and `short` (0 or 1, default 0).
  explicit SmaCross(const StrategyParams& params);

  void on_bar(StrategyContext& ctx, const Bar& bar) override;
  void on_order_update(StrategyContext& ctx, const Order& order) override;

 private:
  void open(StrategyContext& ctx, OrderSide side, bool after_close = false);
  /// A HOLD decision (when the run records HOLDs), `sign` of fast − slow. Inline: most
  /// bars are HOLDs and most runs do not record them.
  void hold(StrategyContext& ctx, int sign) {
    if (ctx.records(DecisionAction::Hold)) decide_hold(ctx, sign);
  }
  void decide_hold(StrategyContext& ctx, int sign);

  bool allow_short_ = false;
  ClientOrderId closing_;  ///< the close order whose fill opens the other side
  OrderSide pending_side_ = OrderSide::Buy;
  RollingWindow<__int128> fast_;
  RollingWindow<__int128> slow_;
  int last_sign_ = 0;  // sign of (fast − slow) at the last bar where it was not zero
};

}  // namespace talon
