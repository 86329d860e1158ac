#pragma once
// Slope of the least-squares line through the last `period` inputs, per input step:
// TA-Lib TA_LINEARREG_SLOPE (ta_LINEARREG_SLOPE.c), recomputing the sums over the window on
// every input (O(period), as TA-Lib) so that the rounding agrees. Price units per bar.
// Warm-up: period - 1 inputs.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <talon/indicators/input.hpp>
#include <talon/indicators/ring.hpp>

namespace talon::indicators {

class LinRegSlope {
 public:
  /// period in [2, 100000]. Throws InvalidArgument.
  explicit LinRegSlope(int period)
      : ring_((check_param(period, 2, kMaxPeriod, "LINEARREG_SLOPE", "period"),
               static_cast<std::size_t>(period))),
        period_(period),
        sum_x_(static_cast<double>(static_cast<std::int64_t>(period) * (period - 1)) * 0.5),
        // TA-Lib evaluates this product in int (it overflows past period 1000); int64 gives
        // the same value wherever TA-Lib's is defined.
        divisor_(sum_x_ * sum_x_ -
                 period * static_cast<double>(static_cast<std::int64_t>(period) * (period - 1) *
                                              (2 * static_cast<std::int64_t>(period) - 1) / 6)) {}

  /// Unchecked step; NaN during warm-up.
  double step(double x) noexcept {
    ring_.push(x);
    if (!ring_.full()) return kNotReady;
    double sum_xy = 0, sum_y = 0;
    for (std::size_t i = ring_.capacity(); i-- != 0;) {
      const double y = ring_.back(i);
      sum_y += y;
      sum_xy += static_cast<double>(i) * y;
    }
    return (period_ * sum_xy - sum_x_ * sum_y) / divisor_;
  }
  /// Feeds one price (checked); the slope once ready.
  std::optional<double> update(double price) {
    check_price(price, "LINEARREG_SLOPE", "price");
    const double v = step(price);
    return ready() ? std::optional<double>(v) : std::nullopt;
  }
  bool ready() const noexcept { return ring_.full(); }
  int lookback() const noexcept { return period_ - 1; }
  /// TA-Lib's SumX = period*(period-1)/2 and Divisor = SumX^2 - period*SumXSqr, for the
  /// batch kernel to use the very same doubles.
  double sum_x() const noexcept { return sum_x_; }
  double divisor() const noexcept { return divisor_; }

 private:
  Ring<double> ring_;
  int period_;
  double sum_x_;
  double divisor_;
};

/// Batch LINEARREG_SLOPE of `price` (checked), NaN during warm-up.
std::vector<double> linearreg_slope(std::span<const double> price, int period);
/// As linearreg_slope(), into `out` (same length as price).
void linearreg_slope_into(std::span<const double> price, int period, std::span<double> out);

}  // namespace talon::indicators
