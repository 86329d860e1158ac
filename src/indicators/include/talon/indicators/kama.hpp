#pragma once
// Kaufman Adaptive Moving Average (Perry Kaufman, "Smarter Trading", 1995): TA-Lib TA_KAMA
// (ta_KAMA.c) with fast/slow constants 2 and 30. Efficiency ratio
// ER = |x[t] - x[t-period]| / sum|x[i] - x[i-1]|, smoothing sc = (ER*(2/3 - 2/31) + 2/31)^2,
// kama += (x - kama) * sc, seeded with x[period-1]. Warm-up: period inputs.

#include <cmath>
#include <optional>
#include <span>
#include <vector>

#include <talon/indicators/input.hpp>
#include <talon/indicators/ring.hpp>

namespace talon::indicators {

class Kama {
 public:
  /// period in [2, 100000] (TA-Lib's range). Throws InvalidArgument.
  explicit Kama(int period)
      : ring_((check_param(period, 2, kMaxPeriod, "KAMA", "period"),
               static_cast<std::size_t>(period) + 1)),
        period_(period) {}

  /// Unchecked step; NaN during warm-up.
  double step(double x) noexcept {
    ring_.push(x);
    const std::size_t n = static_cast<std::size_t>(period_);
    if (seen_ == 0) {
      ++seen_;
      return kNotReady;
    }
    const double prev = ring_.back(1);
    if (seen_ < n) {
      sum_roc_ += std::fabs(prev - x);
      ++seen_;
      return kNotReady;
    }
    double period_roc;
    if (seen_ == n) {
      sum_roc_ += std::fabs(prev - x);
      kama_ = prev;
      const double first = ring_.back(n);
      period_roc = x - first;
      trailing_ = first;
      ++seen_;
    } else {
      const double old = ring_.back(n);
      period_roc = x - old;
      sum_roc_ -= std::fabs(trailing_ - old);
      sum_roc_ += std::fabs(x - prev);
      trailing_ = old;
    }
    // ta_KAMA.c compares the sum with the signed change (not its absolute value).
    double er =
        (sum_roc_ <= period_roc || ta_is_zero(sum_roc_)) ? 1.0 : std::fabs(period_roc / sum_roc_);
    double sc = (er * kConstDiff) + kConstMax;
    sc *= sc;
    kama_ = ((x - kama_) * sc) + kama_;
    return kama_;
  }
  /// Feeds one price (checked); the KAMA once ready.
  std::optional<double> update(double price) {
    check_price(price, "KAMA", "price");
    const double v = step(price);
    return ready() ? std::optional<double>(v) : std::nullopt;
  }
  bool ready() const noexcept { return seen_ > static_cast<std::size_t>(period_); }
  int lookback() const noexcept { return period_; }

 private:
  static constexpr double kConstMax = 2.0 / (30.0 + 1.0);
  static constexpr double kConstDiff = 2.0 / (2.0 + 1.0) - kConstMax;
  Ring<double> ring_;
  int period_;
  std::size_t seen_ = 0;
  double sum_roc_ = 0;
  double trailing_ = 0;
  double kama_ = 0;
};

/// Batch KAMA of `price` (checked), NaN during warm-up.
std::vector<double> kama(std::span<const double> price, int period);
/// As kama(), into `out` (same length as price).
void kama_into(std::span<const double> price, int period, std::span<double> out);

}  // namespace talon::indicators
