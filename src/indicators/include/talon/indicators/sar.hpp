#pragma once
// Parabolic SAR (Wilder, 1978): TA-Lib TA_SAR (ta_SAR.c). The first trend is short when the
// second bar has a positive -DM larger than its +DM (TA_MINUS_DM of period 1), long
// otherwise; the extreme point and acceleration factor then follow Wilder, with the SAR never
// inside the current or previous bar's range. Price units. Warm-up: 1 input.

#include <optional>
#include <span>
#include <vector>

#include <talon/indicators/input.hpp>

namespace talon::indicators {

class Sar {
 public:
  /// acceleration in [0, 1e300], maximum in [0, 1e300]; an acceleration above the maximum is
  /// lowered to it (as TA-Lib does). Throws InvalidArgument.
  Sar(double acceleration, double maximum)
      : accel_((check_param(acceleration, 0.0, 1e300, "SAR", "acceleration"), acceleration)),
        max_((check_param(maximum, 0.0, 1e300, "SAR", "maximum"), maximum)) {
    if (accel_ > max_) accel_ = max_;
  }

  /// Unchecked step; NaN on the first bar.
  double step(double high, double low) noexcept {
    if (seen_ == 0) {
      ++seen_;
      new_high_ = high;
      new_low_ = low;
      return kNotReady;
    }
    if (seen_ == 1) {
      ++seen_;
      const double diff_p = high - new_high_;
      const double diff_m = new_low_ - low;
      long_ = !(diff_m > 0 && diff_p < diff_m);
      af_ = accel_;
      if (long_) {
        ep_ = high;
        sar_ = new_low_;
      } else {
        ep_ = low;
        sar_ = new_high_;
      }
      new_low_ = low;
      new_high_ = high;
    }
    const double prev_low = new_low_;
    const double prev_high = new_high_;
    new_low_ = low;
    new_high_ = high;
    double out;
    if (long_) {
      if (new_low_ <= sar_) {
        long_ = false;
        sar_ = ep_;
        if (sar_ < prev_high) sar_ = prev_high;
        if (sar_ < new_high_) sar_ = new_high_;
        out = sar_;
        af_ = accel_;
        ep_ = new_low_;
        sar_ = sar_ + af_ * (ep_ - sar_);
        if (sar_ < prev_high) sar_ = prev_high;
        if (sar_ < new_high_) sar_ = new_high_;
      } else {
        out = sar_;
        if (new_high_ > ep_) {
          ep_ = new_high_;
          af_ += accel_;
          if (af_ > max_) af_ = max_;
        }
        sar_ = sar_ + af_ * (ep_ - sar_);
        if (sar_ > prev_low) sar_ = prev_low;
        if (sar_ > new_low_) sar_ = new_low_;
      }
    } else {
      if (new_high_ >= sar_) {
        long_ = true;
        sar_ = ep_;
        if (sar_ > prev_low) sar_ = prev_low;
        if (sar_ > new_low_) sar_ = new_low_;
        out = sar_;
        af_ = accel_;
        ep_ = new_high_;
        sar_ = sar_ + af_ * (ep_ - sar_);
        if (sar_ > prev_low) sar_ = prev_low;
        if (sar_ > new_low_) sar_ = new_low_;
      } else {
        out = sar_;
        if (new_low_ < ep_) {
          ep_ = new_low_;
          af_ += accel_;
          if (af_ > max_) af_ = max_;
        }
        sar_ = sar_ + af_ * (ep_ - sar_);
        if (sar_ < prev_high) sar_ = prev_high;
        if (sar_ < new_high_) sar_ = new_high_;
      }
    }
    return out;
  }
  /// Feeds one bar (checked); the SAR from the second bar on.
  std::optional<double> update(const BarInput& bar) {
    check_bar(bar, "SAR");
    const double v = step(bar.high, bar.low);
    return ready() ? std::optional<double>(v) : std::nullopt;
  }
  bool ready() const noexcept { return seen_ >= 2; }
  int lookback() const noexcept { return 1; }
  /// True while the current trend is long (meaningful once ready).
  bool is_long() const noexcept { return long_; }

 private:
  double accel_, max_;
  int seen_ = 0;
  bool long_ = true;
  double af_ = 0, ep_ = 0, sar_ = 0;
  double new_high_ = 0, new_low_ = 0;
};

/// Batch SAR over columns of equal length (checked), NaN on the first bar.
std::vector<double> sar(std::span<const double> high, std::span<const double> low,
                        double acceleration, double maximum);
/// As sar(), into `out` (same length as the inputs).
void sar_into(std::span<const double> high, std::span<const double> low, double acceleration,
              double maximum, std::span<double> out);

}  // namespace talon::indicators
