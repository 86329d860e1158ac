#pragma once
// Relative Strength Index (J. Welles Wilder, "New Concepts in Technical Trading Systems",
// 1978): TA-Lib TA_RSI (ta_RSI.c) with no unstable period. Average gain and loss start as
// the means of the first `period` changes and are then smoothed as
// avg = (avg*(period-1) + change) / period; RSI = 100 * gain / (gain + loss), 0 when
// gain + loss is zero (TA_IS_ZERO). Warm-up: period inputs.

#include <optional>
#include <span>
#include <vector>

#include <talon/indicators/input.hpp>

namespace talon::indicators {

class Rsi {
 public:
  /// period in [2, 100000]. Throws InvalidArgument.
  explicit Rsi(int period) : period_(period) {
    check_param(period, 2, kMaxPeriod, "RSI", "period");
  }

  /// Unchecked step; NaN during warm-up.
  double step(double x) noexcept {
    if (seen_ == 0) {
      prev_ = x;
      ++seen_;
      return kNotReady;
    }
    const double change = x - prev_;
    prev_ = x;
    if (seen_ <= period_) {
      if (change < 0)
        loss_ -= change;
      else
        gain_ += change;
      if (seen_++ < period_) return kNotReady;
      loss_ /= period_;
      gain_ /= period_;
    } else {
      loss_ *= (period_ - 1);
      gain_ *= (period_ - 1);
      if (change < 0)
        loss_ -= change;
      else
        gain_ += change;
      loss_ /= period_;
      gain_ /= period_;
    }
    const double total = gain_ + loss_;
    return ta_is_zero(total) ? 0.0 : 100.0 * (gain_ / total);
  }
  /// Feeds one price (checked); the RSI in [0, 100] once ready.
  std::optional<double> update(double price) {
    check_price(price, "RSI", "price");
    const double v = step(price);
    return ready() ? std::optional<double>(v) : std::nullopt;
  }
  bool ready() const noexcept { return seen_ > period_; }
  int lookback() const noexcept { return period_; }

 private:
  int period_;
  int seen_ = 0;
  double prev_ = 0;
  double gain_ = 0;
  double loss_ = 0;
};

/// Batch RSI of `price` (checked), NaN during warm-up.
std::vector<double> rsi(std::span<const double> price, int period);
/// As rsi(), into `out` (same length as price).
void rsi_into(std::span<const double> price, int period, std::span<double> out);

}  // namespace talon::indicators
