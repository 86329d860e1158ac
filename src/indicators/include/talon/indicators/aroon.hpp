#pragma once
// Aroon (Tushar Chande, 1995): TA-Lib TA_AROON (ta_AROON.c). Over the last period + 1 bars,
// aroonup = 100/period * (period - bars since the highest high), aroondown likewise with the
// lowest low; among equal extremes the most recent counts. Warm-up: period inputs.

#include <optional>
#include <span>
#include <vector>

#include <talon/indicators/high_low_window.hpp>
#include <talon/indicators/input.hpp>

namespace talon::indicators {

struct AroonValue {
  double down;  ///< 0..100
  double up;    ///< 0..100
};

class Aroon {
 public:
  /// period in [2, 100000]. Throws InvalidArgument.
  explicit Aroon(int period)
      : window_((check_param(period, 2, kMaxPeriod, "AROON", "period"), period + 1)),
        period_(period),
        factor_(100.0 / static_cast<double>(period)) {}

  /// Unchecked step; NaNs during warm-up.
  AroonValue step(double high, double low) noexcept {
    window_.push(high, low);
    if (!ready()) return {kNotReady, kNotReady};
    const std::uint64_t today = window_.count() - 1;
    return {factor_ * (period_ - static_cast<int>(today - window_.lowest_index())),
            factor_ * (period_ - static_cast<int>(today - window_.highest_index()))};
  }
  /// Feeds one bar (checked); aroondown and aroonup once ready.
  std::optional<AroonValue> update(const BarInput& bar) {
    check_bar(bar, "AROON");
    const AroonValue v = step(bar.high, bar.low);
    return ready() ? std::optional<AroonValue>(v) : std::nullopt;
  }
  bool ready() const noexcept { return window_.full(); }
  int lookback() const noexcept { return period_; }

 private:
  HighLowWindow window_;
  int period_;
  double factor_;
};

struct AroonSeries {
  std::vector<double> down, up;
};
/// Batch AROON over columns of equal length (checked), NaN during warm-up.
AroonSeries aroon(std::span<const double> high, std::span<const double> low, int period);
/// As aroon(), into caller buffers of the inputs' length.
void aroon_into(std::span<const double> high, std::span<const double> low, int period,
                std::span<double> down, std::span<double> up);

}  // namespace talon::indicators
