#pragma once
// Population standard deviation over a window: TA-Lib TA_STDDEV (ta_STDDEV.c via TA_INT_VAR):
// variance = mean(x^2) - mean(x)^2 from running sums, stddev = sqrt(variance) * nbdev, 0 when
// the variance is not above TA_EPSILON. Warm-up: period - 1 inputs.
//
// Bollinger Bands (John Bollinger, "Bollinger on Bollinger Bands", 2001): TA-Lib TA_BBANDS with
// its default simple moving average (MAType 0): middle = SMA(period), deviation from
// TA_INT_stddev_using_precalc_ma (mean(x^2) - SMA^2), upper = middle + nbdevup * dev,
// lower = middle - nbdevdn * dev. Warm-up: period - 1 inputs.

#include <cmath>
#include <optional>
#include <span>
#include <vector>

#include <talon/indicators/input.hpp>
#include <talon/indicators/ring.hpp>
#include <talon/indicators/sma.hpp>

namespace talon::indicators {

class StdDev {
 public:
  /// period in [2, 100000], nbdev any finite real. Throws InvalidArgument.
  StdDev(int period, double nbdev)
      : ring_((check_param(period, 2, kMaxPeriod, "STDDEV", "period"),
               static_cast<std::size_t>(period))),
        period_(period),
        nbdev_((check_param(nbdev, -1e300, 1e300, "STDDEV", "nbdev"), nbdev)) {}

  /// Unchecked step; NaN during warm-up.
  double step(double x) noexcept {
    ring_.push(x);
    if (!ring_.full()) {
      sum1_ += x;
      sum2_ += x * x;
      return kNotReady;
    }
    sum1_ += x;
    sum2_ += x * x;
    const double mean1 = sum1_ / period_;
    const double mean2 = sum2_ / period_;
    const double old = ring_.back(static_cast<std::size_t>(period_) - 1);
    sum1_ -= old;
    sum2_ -= old * old;
    const double var = mean2 - mean1 * mean1;
    return ta_is_zero_or_neg(var) ? 0.0 : std::sqrt(var) * nbdev_;
  }
  /// Feeds one price (checked); the deviation in price units once ready.
  std::optional<double> update(double price) {
    check_price(price, "STDDEV", "price");
    const double v = step(price);
    return ready() ? std::optional<double>(v) : std::nullopt;
  }
  bool ready() const noexcept { return ring_.full(); }
  int lookback() const noexcept { return period_ - 1; }

 private:
  Ring<double> ring_;
  int period_;
  double nbdev_;
  double sum1_ = 0;
  double sum2_ = 0;
};

struct BbandsValue {
  double upper, middle, lower;  ///< price units
};

class Bbands {
 public:
  /// period in [2, 100000]; nbdevup, nbdevdn finite. Throws InvalidArgument.
  Bbands(int period, double nbdevup, double nbdevdn)
      : sma_((check_param(period, 2, kMaxPeriod, "BBANDS", "period"), period)),
        ring_(static_cast<std::size_t>(period)),
        period_(period),
        up_((check_param(nbdevup, -1e300, 1e300, "BBANDS", "nbdevup"), nbdevup)),
        dn_((check_param(nbdevdn, -1e300, 1e300, "BBANDS", "nbdevdn"), nbdevdn)) {}

  /// Unchecked step; NaNs during warm-up.
  BbandsValue step(double x) noexcept {
    const double mid = sma_.step(x);
    ring_.push(x);
    if (!ring_.full()) {
      sum2_ += x * x;
      return {kNotReady, kNotReady, kNotReady};
    }
    sum2_ += x * x;
    double mean2 = sum2_ / period_;
    const double old = ring_.back(static_cast<std::size_t>(period_) - 1);
    sum2_ -= old * old;
    mean2 -= mid * mid;
    const double dev = ta_is_zero_or_neg(mean2) ? 0.0 : std::sqrt(mean2);
    // TA-Lib skips the multiplication when a factor is 1.0; dev * 1.0 == dev exactly.
    return {mid + dev * up_, mid, mid - dev * dn_};
  }
  /// Feeds one price (checked); the three bands once ready.
  std::optional<BbandsValue> update(double price) {
    check_price(price, "BBANDS", "price");
    const BbandsValue v = step(price);
    return ready() ? std::optional<BbandsValue>(v) : std::nullopt;
  }
  bool ready() const noexcept { return ring_.full(); }
  int lookback() const noexcept { return period_ - 1; }

 private:
  Sma sma_;
  Ring<double> ring_;
  int period_;
  double up_, dn_;
  double sum2_ = 0;
};

struct BbandsSeries {
  std::vector<double> upper, middle, lower;
};
/// Batch STDDEV / BBANDS of `price` (checked), NaN during warm-up.
std::vector<double> stddev(std::span<const double> price, int period, double nbdev);
BbandsSeries bbands(std::span<const double> price, int period, double nbdevup, double nbdevdn);
/// As stddev() / bbands(), into caller buffers of the input's length.
void stddev_into(std::span<const double> price, int period, double nbdev, std::span<double> out);
void bbands_into(std::span<const double> price, int period, double nbdevup, double nbdevdn,
                 std::span<double> upper, std::span<double> middle, std::span<double> lower);

}  // namespace talon::indicators
