#pragma once
// Supertrend (Olivier Seban), as defined by TradingView's Pine `ta.supertrend(factor,
// atrPeriod)` with talon's TA-Lib-equal ATR (TA_ATR, first value on input atr_period):
//   basic upper/lower = (high + low) / 2 +/- multiplier * ATR
//   final upper = basic upper if it is below the previous final upper or the previous close
//                 was above the previous final upper, else the previous final upper
//   final lower = basic lower if it is above the previous final lower or the previous close
//                 was below the previous final lower, else the previous final lower
//   on the first ATR bar the trend is down; afterwards, when the previous supertrend was the
//   upper band the trend turns up iff close > final upper, otherwise it turns down iff
//   close < final lower. supertrend = final lower in an up trend, final upper in a down trend.
// direction is +1 for up (price above the line), -1 for down (Pine's -1 and 1 respectively).
// No TA-Lib twin. Price units. Warm-up: atr_period inputs.

#include <optional>

#include <talon/indicators/atr.hpp>

namespace talon::indicators {

struct SupertrendValue {
  double supertrend;  ///< the trailing stop line, price units
  double direction;   ///< +1 up trend, -1 down trend
};

class Supertrend {
 public:
  /// atr_period in [1, 100000], multiplier finite and >= 0. Throws InvalidArgument.
  Supertrend(int atr_period, double multiplier)
      : atr_((check_param(atr_period, 1, kMaxPeriod, "SUPERTREND", "period"), atr_period)),
        mult_((check_param(multiplier, 0.0, 1e300, "SUPERTREND", "multiplier"), multiplier)) {}

  /// Unchecked step; NaNs during warm-up.
  SupertrendValue step(double high, double low, double close) noexcept {
    const double a = atr_.step(high, low, close);
    const double prev_close = prev_close_;
    prev_close_ = close;
    if (!atr_.ready()) return {kNotReady, kNotReady};
    const double mid = (high + low) / 2.0;
    double upper = mid + mult_ * a;
    double lower = mid - mult_ * a;
    if (!started_) {
      started_ = true;
      up_ = false;
    } else {
      if (!(lower > lower_ || prev_close < lower_)) lower = lower_;
      if (!(upper < upper_ || prev_close > upper_)) upper = upper_;
      up_ = !up_ ? close > upper : !(close < lower);
    }
    upper_ = upper;
    lower_ = lower;
    return {up_ ? lower : upper, up_ ? 1.0 : -1.0};
  }
  /// Feeds one bar (checked); the line and direction once ready.
  std::optional<SupertrendValue> update(const BarInput& bar) {
    check_bar(bar, "SUPERTREND");
    const SupertrendValue v = step(bar.high, bar.low, bar.close);
    return ready() ? std::optional<SupertrendValue>(v) : std::nullopt;
  }
  bool ready() const noexcept { return atr_.ready(); }
  int lookback() const noexcept { return atr_.lookback(); }

 private:
  Atr atr_;
  double mult_;
  double prev_close_ = 0;
  bool started_ = false;
  bool up_ = false;
  double upper_ = 0, lower_ = 0;
};

}  // namespace talon::indicators
