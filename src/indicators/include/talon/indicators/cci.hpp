#pragma once
// Commodity Channel Index (Donald Lambert, 1980): TA-Lib TA_CCI (ta_CCI.c).
// tp = (high + low + close) / 3; CCI = (tp - mean(tp)) / (0.015 * mean|tp - mean(tp)|) over
// `period` bars, 0 when either factor is zero. The mean absolute deviation needs the whole
// window, so an update costs O(period), as in TA-Lib; sums run in TA-Lib's circular-buffer
// order so that the rounding agrees. Warm-up: period - 1 inputs.

#include <cmath>
#include <optional>
#include <span>
#include <vector>

#include <talon/indicators/input.hpp>
#include <talon/indicators/ring.hpp>

namespace talon::indicators {

class Cci {
 public:
  /// period in [2, 100000]. Throws InvalidArgument.
  explicit Cci(int period)
      : ring_((check_param(period, 2, kMaxPeriod, "CCI", "period"),
               static_cast<std::size_t>(period))),
        period_(period) {}

  /// Unchecked step; NaN during warm-up.
  double step(double high, double low, double close) noexcept {
    const double last = (high + low + close) / 3;
    ring_.push(last);
    if (!ring_.full()) return kNotReady;
    const std::size_t n = ring_.capacity();
    double average = 0;
    for (std::size_t j = 0; j < n; ++j) average += ring_.slot(j);
    average /= period_;
    double dev = 0;
    for (std::size_t j = 0; j < n; ++j) dev += std::fabs(ring_.slot(j) - average);
    const double diff = last - average;
    return (diff != 0.0 && dev != 0.0) ? diff / (0.015 * (dev / period_)) : 0.0;
  }
  /// Feeds one bar (checked); the CCI once ready.
  std::optional<double> update(const BarInput& bar) {
    check_bar(bar, "CCI");
    const double v = step(bar.high, bar.low, bar.close);
    return ready() ? std::optional<double>(v) : std::nullopt;
  }
  bool ready() const noexcept { return ring_.full(); }
  int lookback() const noexcept { return period_ - 1; }

 private:
  Ring<double> ring_;
  int period_;
};

/// Batch CCI over columns of equal length (checked), NaN during warm-up.
std::vector<double> cci(std::span<const double> high, std::span<const double> low,
                        std::span<const double> close, int period);
/// As cci(), into `out` (same length as the inputs).
void cci_into(std::span<const double> high, std::span<const double> low,
              std::span<const double> close, int period, std::span<double> out);

}  // namespace talon::indicators
