#pragma once
// Momentum and rate of change over `period` inputs: TA-Lib TA_MOM (x - x[t-period], price
// units) and TA_ROC (((x / x[t-period]) - 1) * 100, percent). Warm-up: period inputs.

#include <optional>
#include <span>
#include <vector>

#include <talon/indicators/input.hpp>
#include <talon/indicators/ring.hpp>

namespace talon::indicators {

class Mom {
 public:
  /// period in [1, 100000]. Throws InvalidArgument.
  explicit Mom(int period)
      : ring_((check_param(period, 1, kMaxPeriod, "MOM", "period"),
               static_cast<std::size_t>(period) + 1)) {}
  /// Unchecked step; NaN during warm-up.
  double step(double x) noexcept {
    ring_.push(x);
    return ring_.full() ? x - ring_.back(ring_.capacity() - 1) : kNotReady;
  }
  /// Feeds one price (checked); the momentum once ready.
  std::optional<double> update(double price) {
    check_price(price, "MOM", "price");
    const double v = step(price);
    return ready() ? std::optional<double>(v) : std::nullopt;
  }
  bool ready() const noexcept { return ring_.full(); }
  int lookback() const noexcept { return static_cast<int>(ring_.capacity()) - 1; }

 private:
  Ring<double> ring_;
};

class Roc {
 public:
  /// period in [1, 100000]. Throws InvalidArgument.
  explicit Roc(int period)
      : ring_((check_param(period, 1, kMaxPeriod, "ROC", "period"),
               static_cast<std::size_t>(period) + 1)) {}
  /// Unchecked step; NaN during warm-up.
  double step(double x) noexcept {
    ring_.push(x);
    if (!ring_.full()) return kNotReady;
    const double old = ring_.back(ring_.capacity() - 1);
    return old != 0.0 ? ((x / old) - 1.0) * 100.0 : 0.0;
  }
  /// Feeds one price (checked); the rate of change in percent once ready.
  std::optional<double> update(double price) {
    check_price(price, "ROC", "price");
    const double v = step(price);
    return ready() ? std::optional<double>(v) : std::nullopt;
  }
  bool ready() const noexcept { return ring_.full(); }
  int lookback() const noexcept { return static_cast<int>(ring_.capacity()) - 1; }

 private:
  Ring<double> ring_;
};

/// Batch MOM / ROC of `price` (checked), NaN during warm-up.
std::vector<double> mom(std::span<const double> price, int period);
std::vector<double> roc(std::span<const double> price, int period);
/// As mom() / roc(), into `out` (same length as price).
void mom_into(std::span<const double> price, int period, std::span<double> out);
void roc_into(std::span<const double> price, int period, std::span<double> out);

}  // namespace talon::indicators
