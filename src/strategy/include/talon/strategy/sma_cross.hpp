#pragma once
// sma_cross: the classic long-only moving-average crossover.
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
  /// Reads `fast` (default 10) and `slow` (default 30) from `params`.
  explicit SmaCross(const StrategyParams& params);

  void on_bar(StrategyContext& ctx, const Bar& bar) override;

 private:
  RollingWindow<__int128> fast_;
  RollingWindow<__int128> slow_;
  int last_sign_ = 0;  // sign of (fast − slow) at the last bar where it was not zero
};

}  // namespace talon
