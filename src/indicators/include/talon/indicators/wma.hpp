#pragma once
// Weighted moving average (weights 1..period, newest heaviest): TA-Lib TA_WMA (ta_WMA.c),
// with its running-sum update. Warm-up: period - 1 inputs.

#include <optional>
#include <span>
#include <vector>

#include <talon/indicators/input.hpp>
#include <talon/indicators/ring.hpp>

namespace talon::indicators {

class Wma {
 public:
  /// period in [1, 100000]. Throws InvalidArgument.
  explicit Wma(int period)
      : ring_((check_param(period, 1, kMaxPeriod, "WMA", "period"),
               static_cast<std::size_t>(period))),
        period_(period),
        divider_(static_cast<double>((period * (period + 1)) >> 1)) {}

  /// Unchecked step; NaN during warm-up.
  double step(double x) noexcept {
    ring_.push(x);
    if (period_ == 1) return x;  // TA-Lib copies the input for period 1
    if (!ring_.full()) {
      sub_ += x;
      sum_ += x * static_cast<double>(ring_.size());
      return kNotReady;
    }
    sub_ += x;
    sub_ -= trailing_;
    sum_ += x * period_;
    trailing_ = ring_.back(static_cast<std::size_t>(period_) - 1);
    const double out = sum_ / divider_;
    sum_ -= sub_;
    return out;
  }
  /// Feeds one price (checked); the WMA once ready.
  std::optional<double> update(double price) {
    check_price(price, "WMA", "price");
    const double v = step(price);
    return ready() ? std::optional<double>(v) : std::nullopt;
  }
  bool ready() const noexcept { return ring_.full(); }
  int lookback() const noexcept { return period_ - 1; }

 private:
  Ring<double> ring_;
  int period_;
  double divider_;
  double sub_ = 0;
  double sum_ = 0;
  double trailing_ = 0;
};

/// Batch WMA of `price` (checked), NaN during warm-up.
std::vector<double> wma(std::span<const double> price, int period);
/// As wma(), into `out` (same length as price).
void wma_into(std::span<const double> price, int period, std::span<double> out);

}  // namespace talon::indicators
