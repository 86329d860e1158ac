#pragma once
// Simple moving average: TA-Lib TA_SMA (ta_SMA.c), same summation order so that values
// agree to the last bits. Warm-up (TA-Lib lookback): period - 1 inputs give no value.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include <talon/indicators/input.hpp>
#include <talon/indicators/ring.hpp>

namespace talon::indicators {

/// Streaming SMA over any real series (prices or derived values).
class Sma {
 public:
  /// period in [1, 100000]; throws InvalidArgument otherwise.
  explicit Sma(int period)
      : ring_((check_param(period, 1, kMaxPeriod, "SMA", "period"),
               static_cast<std::size_t>(period))),
        period_(period) {}

  /// Unchecked step for composite indicators and batch loops: the mean of the last
  /// `period` inputs, or NaN during warm-up.
  double step(double x) noexcept {
    ring_.push(x);
    if (!ring_.full()) {
      partial_ += x;  // TA-Lib accumulates the first period - 1 inputs in order
      return kNotReady;
    }
    // TA-Lib keeps the sum of the last period - 1 inputs, adds the newest, divides, then
    // drops the oldest of the window.
    const double total = partial_ + x;
    partial_ = total - ring_.back(static_cast<std::size_t>(period_) - 1);
    return total / period_;
  }
  /// Feeds one price; its mean once `period` prices were seen. Throws InvalidArgument on a
  /// NaN, infinite or non-positive price.
  std::optional<double> update(double price) {
    check_price(price, "SMA", "price");
    const double v = step(price);
    return ready() ? std::optional<double>(v) : std::nullopt;
  }
  bool ready() const noexcept { return ring_.full(); }
  /// Inputs consumed before the first value (TA_SMA_Lookback).
  int lookback() const noexcept { return period_ - 1; }
  int period() const noexcept { return period_; }

 private:
  Ring<double> ring_;
  int period_;
  double partial_ = 0;
};

/// Batch SMA of `price` (checked as prices), one output per input, NaN during warm-up.
std::vector<double> sma(std::span<const double> price, int period);
/// As sma(), into `out` (same length as price): no allocation.
void sma_into(std::span<const double> price, int period, std::span<double> out);

}  // namespace talon::indicators
