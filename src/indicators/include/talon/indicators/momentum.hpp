#pragma once
// Momentum and rate of change over `period` inputs: TA-Lib TA_MOM (x - x[t-period], price
// units) and TA_ROC (((x / x[t-period]) - 1) * 100, percent). Warm-up: period inputs.

#include <cstdint>
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
      : period_((check_param(period, 1, kMaxPeriod, "MOM", "period"),
                 static_cast<std::uint64_t>(period))),
        buf_(pow2_at_least(period_ + 1)),
        mask_(buf_.size() - 1) {}
  /// Unchecked step; NaN during warm-up.
  double step(double x) noexcept {
    push(x);
    return ready() ? x - oldest() : kNotReady;
  }
  /// Feeds one price (checked); the momentum once ready. Inline and branch-light: a price
  /// goes into a power-of-two ring (no wrap test), one compare decides readiness.
  std::optional<double> update(double price) {
    check_price(price, "MOM", "price");
    push(price);
    if (!ready()) [[unlikely]]
      return std::nullopt;
    return price - oldest();
  }
  bool ready() const noexcept { return count_ > period_; }
  int lookback() const noexcept { return static_cast<int>(period_); }

 private:
  static std::size_t pow2_at_least(std::uint64_t n) noexcept {
    std::size_t c = 1;
    while (c < n) c <<= 1;
    return c;
  }
  void push(double x) noexcept { buf_[count_++ & mask_] = x; }
  /// The price `period` inputs before the newest.
  double oldest() const noexcept { return buf_[(count_ - 1 - period_) & mask_]; }

  std::uint64_t period_;
  std::vector<double> buf_;
  std::uint64_t mask_;
  std::uint64_t count_ = 0;
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
