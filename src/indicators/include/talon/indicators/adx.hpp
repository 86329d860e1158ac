#pragma once
// Directional movement (Wilder, 1978): TA-Lib TA_PLUS_DI, TA_MINUS_DI and TA_ADX with no
// unstable period, using Wilder's running sums:
//   +DM = high - prev high when it is positive and larger than prev low - low, else 0
//   -DM = prev low - low  when it is positive and larger than high - prev high, else 0
//   the first period-1 values are summed, then sum = sum - sum/period + value;
//   +DI = 100 * sum(+DM) / sum(TR), -DI likewise (0 when sum(TR) is zero, TA_IS_ZERO);
//   DX = 100 * |(-DI) - (+DI)| / ((-DI) + (+DI));
//   ADX starts as the mean of the first `period` DX values, then
//   adx = (adx*(period-1) + DX) / period.
// Warm-up: period inputs for +DI/-DI, 2*period - 1 for ADX.

#include <cmath>
#include <optional>
#include <span>
#include <vector>

#include <talon/indicators/atr.hpp>
#include <talon/indicators/input.hpp>

namespace talon::indicators {

struct AdxValue {
  double adx;       ///< 0..100; NaN until 2*period - 1 inputs
  double plus_di;   ///< 0..100; NaN until period inputs
  double minus_di;  ///< 0..100; NaN until period inputs
};

class Adx {
 public:
  /// period in [2, 100000]. Throws InvalidArgument.
  explicit Adx(int period) : period_(period) {
    check_param(period, 2, kMaxPeriod, "ADX", "period");
  }

  /// Unchecked step; NaN fields during their warm-up.
  AdxValue step(double high, double low, double close) noexcept {
    const int t = seen_++;
    if (t == 0) {
      prev_high_ = high;
      prev_low_ = low;
      prev_close_ = close;
      return {kNotReady, kNotReady, kNotReady};
    }
    const double diff_p = high - prev_high_;
    const double diff_m = prev_low_ - low;
    prev_high_ = high;
    prev_low_ = low;
    const double tr = true_range(high, low, prev_close_);
    prev_close_ = close;
    if (t < period_) {
      if (diff_m > 0 && diff_p < diff_m)
        minus_dm_ += diff_m;
      else if (diff_p > 0 && diff_p > diff_m)
        plus_dm_ += diff_p;
      tr_ += tr;
      return {kNotReady, kNotReady, kNotReady};
    }
    minus_dm_ -= minus_dm_ / period_;
    plus_dm_ -= plus_dm_ / period_;
    if (diff_m > 0 && diff_p < diff_m)
      minus_dm_ += diff_m;
    else if (diff_p > 0 && diff_p > diff_m)
      plus_dm_ += diff_p;
    tr_ = tr_ - (tr_ / period_) + tr;

    AdxValue out{kNotReady, 0.0, 0.0};
    double dx = kNotReady;
    if (!ta_is_zero(tr_)) {
      out.minus_di = 100.0 * (minus_dm_ / tr_);
      out.plus_di = 100.0 * (plus_dm_ / tr_);
      const double sum = out.minus_di + out.plus_di;
      if (!ta_is_zero(sum)) dx = 100.0 * (std::fabs(out.minus_di - out.plus_di) / sum);
    }
    if (t < 2 * period_ - 1) {
      if (!std::isnan(dx)) sum_dx_ += dx;
      return out;
    }
    if (t == 2 * period_ - 1) {
      if (!std::isnan(dx)) sum_dx_ += dx;
      adx_ = sum_dx_ / period_;
    } else if (!std::isnan(dx)) {
      adx_ = ((adx_ * (period_ - 1)) + dx) / period_;
    }
    out.adx = adx_;
    return out;
  }
  /// Feeds one bar (checked); ADX and the two DIs, each NaN during its own warm-up, or
  /// nullopt before the DIs are ready.
  std::optional<AdxValue> update(const BarInput& bar) {
    check_bar(bar, "ADX");
    const AdxValue v = step(bar.high, bar.low, bar.close);
    return std::isnan(v.plus_di) ? std::nullopt : std::optional<AdxValue>(v);
  }
  /// True once the ADX itself has a value.
  bool ready() const noexcept { return seen_ >= 2 * period_; }
  int lookback() const noexcept { return 2 * period_ - 1; }
  int di_lookback() const noexcept { return period_; }

 private:
  int period_;
  int seen_ = 0;
  double prev_high_ = 0, prev_low_ = 0, prev_close_ = 0;
  double plus_dm_ = 0, minus_dm_ = 0, tr_ = 0;
  double sum_dx_ = 0;
  double adx_ = 0;
};

/// +DI alone (TA_PLUS_DI): warm-up `period` inputs.
class PlusDi {
 public:
  /// period in [2, 100000]. Throws InvalidArgument.
  explicit PlusDi(int period) : adx_(period) {}
  double step(double high, double low, double close) noexcept {
    return adx_.step(high, low, close).plus_di;
  }
  /// Feeds one bar (checked); +DI once ready.
  std::optional<double> update(const BarInput& bar) {
    check_bar(bar, "PLUS_DI");
    const double v = step(bar.high, bar.low, bar.close);
    return std::isnan(v) ? std::nullopt : std::optional<double>(v);
  }
  int lookback() const noexcept { return adx_.di_lookback(); }

 private:
  Adx adx_;
};

/// -DI alone (TA_MINUS_DI): warm-up `period` inputs.
class MinusDi {
 public:
  /// period in [2, 100000]. Throws InvalidArgument.
  explicit MinusDi(int period) : adx_(period) {}
  double step(double high, double low, double close) noexcept {
    return adx_.step(high, low, close).minus_di;
  }
  /// Feeds one bar (checked); -DI once ready.
  std::optional<double> update(const BarInput& bar) {
    check_bar(bar, "MINUS_DI");
    const double v = step(bar.high, bar.low, bar.close);
    return std::isnan(v) ? std::nullopt : std::optional<double>(v);
  }
  int lookback() const noexcept { return adx_.di_lookback(); }

 private:
  Adx adx_;
};

struct AdxSeries {
  std::vector<double> adx, plus_di, minus_di;
};
/// Batch ADX with +DI and -DI over columns of equal length (checked), NaN during warm-up.
AdxSeries adx(std::span<const double> high, std::span<const double> low,
              std::span<const double> close, int period);
/// As adx(), into caller buffers of the inputs' length.
void adx_into(std::span<const double> high, std::span<const double> low,
              std::span<const double> close, int period, std::span<double> adx,
              std::span<double> plus_di, std::span<double> minus_di);
/// Batch +DI / -DI alone (TA_PLUS_DI / TA_MINUS_DI), the same doubles as PlusDi / MinusDi,
/// NaN during the `period`-input warm-up; columns of equal length, checked as prices with
/// low <= high. Throws InvalidArgument naming the first bad input or parameter.
std::vector<double> plus_di(std::span<const double> high, std::span<const double> low,
                            std::span<const double> close, int period);
std::vector<double> minus_di(std::span<const double> high, std::span<const double> low,
                             std::span<const double> close, int period);
/// As plus_di() / minus_di(), into `out` (same length as the inputs): no allocation.
void plus_di_into(std::span<const double> high, std::span<const double> low,
                  std::span<const double> close, int period, std::span<double> out);
void minus_di_into(std::span<const double> high, std::span<const double> low,
                   std::span<const double> close, int period, std::span<double> out);

}  // namespace talon::indicators
