#pragma once
// Exponential moving average: TA-Lib TA_EMA (ta_EMA.c) with its default seeding
// (TA_COMPATIBILITY_DEFAULT): the first value is the simple mean of the first `period`
// inputs, then ema += (x - ema) * k with k = 2 / (period + 1).
// Warm-up: period - 1 inputs.

#include <optional>
#include <span>
#include <vector>

#include <talon/indicators/input.hpp>

namespace talon::indicators {

/// TA-Lib's PER_TO_K: the smoothing factor 2 / (period + 1).
inline double per_to_k(int period) noexcept {
  return 2.0 / static_cast<double>(period + 1);
}

class Ema {
 public:
  /// period in [1, 100000]; k defaults to 2 / (period + 1). Throws InvalidArgument.
  explicit Ema(int period) : Ema(period, per_to_k(period)) {}
  Ema(int period, double k) : period_(period), k_(k) {
    check_param(period, 1, kMaxPeriod, "EMA", "period");
  }

  /// Unchecked step: the EMA after x, or NaN during warm-up.
  double step(double x) noexcept {
    if (seen_ < period_) {
      sum_ += x;
      if (++seen_ < period_) return kNotReady;
      value_ = sum_ / period_;
      return value_;
    }
    value_ = ((x - value_) * k_) + value_;
    return value_;
  }
  /// Feeds one price (checked as check_price); the EMA once ready.
  std::optional<double> update(double price) {
    check_price(price, "EMA", "price");
    const double v = step(price);
    return ready() ? std::optional<double>(v) : std::nullopt;
  }
  bool ready() const noexcept { return seen_ >= period_; }
  int lookback() const noexcept { return period_ - 1; }

 private:
  int period_;
  double k_;
  int seen_ = 0;
  double sum_ = 0;
  double value_ = 0;
};

/// Batch EMA of `price` (checked), NaN during warm-up.
std::vector<double> ema(std::span<const double> price, int period);
/// As ema(), into `out` (same length as price).
void ema_into(std::span<const double> price, int period, std::span<double> out);

}  // namespace talon::indicators
