#pragma once
// Keltner Channels, the EMA/ATR form popularised by Linda Raschke (StockCharts ChartSchool
// "Keltner Channels"): middle = EMA(period) of the close, upper/lower = middle +/- multiplier *
// ATR(atr_period). EMA and ATR are talon's TA-Lib-equal TA_EMA and TA_ATR. No TA-Lib twin.
// Price units. Warm-up: max(period - 1, atr_period) inputs.

#include <algorithm>
#include <optional>

#include <talon/indicators/atr.hpp>
#include <talon/indicators/donchian.hpp>
#include <talon/indicators/ema.hpp>

namespace talon::indicators {

class Keltner {
 public:
  /// period in [1, 100000], atr_period in [1, 100000], multiplier finite and >= 0.
  /// Throws InvalidArgument.
  Keltner(int period, int atr_period, double multiplier)
      : ema_((check_param(period, 1, kMaxPeriod, "KELTNER", "period"), period)),
        atr_((check_param(atr_period, 1, kMaxPeriod, "KELTNER", "atr_period"), atr_period)),
        mult_((check_param(multiplier, 0.0, 1e300, "KELTNER", "multiplier"), multiplier)) {}

  /// Unchecked step; NaNs during warm-up.
  ChannelValue step(double high, double low, double close) noexcept {
    const double mid = ema_.step(close);
    const double a = atr_.step(high, low, close);
    if (!ready()) return {kNotReady, kNotReady, kNotReady};
    return {mid + mult_ * a, mid, mid - mult_ * a};
  }
  /// Feeds one bar (checked); the channel once ready.
  std::optional<ChannelValue> update(const BarInput& bar) {
    check_bar(bar, "KELTNER");
    const ChannelValue v = step(bar.high, bar.low, bar.close);
    return ready() ? std::optional<ChannelValue>(v) : std::nullopt;
  }
  bool ready() const noexcept { return ema_.ready() && atr_.ready(); }
  int lookback() const noexcept { return std::max(ema_.lookback(), atr_.lookback()); }

 private:
  Ema ema_;
  Atr atr_;
  double mult_;
};

}  // namespace talon::indicators
