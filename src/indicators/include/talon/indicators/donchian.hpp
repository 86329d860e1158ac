#pragma once
// Donchian Channels (Richard Donchian; definition as in StockCharts ChartSchool "Donchian
// Channels"): upper = highest high of the last `period` bars (current bar included),
// lower = lowest low, middle = (upper + lower) / 2. No TA-Lib twin (TA_MAX/TA_MIN of high
// and low give the same upper and lower). Price units. Warm-up: period - 1 inputs.

#include <optional>
#include <span>
#include <vector>

#include <talon/indicators/input.hpp>
#include <talon/indicators/stoch.hpp>

namespace talon::indicators {

struct ChannelValue {
  double upper, middle, lower;  ///< price units
};

class Donchian {
 public:
  /// period in [1, 100000]. Throws InvalidArgument.
  explicit Donchian(int period)
      : window_((check_param(period, 1, kMaxPeriod, "DONCHIAN", "period"), period)),
        period_(period) {}

  /// Unchecked step; NaNs during warm-up.
  ChannelValue step(double high, double low) noexcept {
    window_.push(high, low);
    if (!window_.full()) return {kNotReady, kNotReady, kNotReady};
    const double up = window_.highest(), lo = window_.lowest();
    return {up, (up + lo) / 2.0, lo};
  }
  /// Feeds one bar (checked); the channel once ready.
  std::optional<ChannelValue> update(const BarInput& bar) {
    check_bar(bar, "DONCHIAN");
    const ChannelValue v = step(bar.high, bar.low);
    return ready() ? std::optional<ChannelValue>(v) : std::nullopt;
  }
  bool ready() const noexcept { return window_.full(); }
  int lookback() const noexcept { return period_ - 1; }

 private:
  HighLowWindow window_;
  int period_;
};

}  // namespace talon::indicators
