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

/// The state of Wilder's SAR between bars: trend direction, acceleration factor, extreme
/// point and the SAR for the next bar.
struct SarTrend {
  bool is_long = true;
  double af = 0, ep = 0, sar = 0;
};

/// One bar of ta_SAR.c's main loop, shared by Sar::step and the batch kernel so that both
/// give the same doubles: returns the SAR reported for the bar (high, low) and advances `t`.
/// prev_high / prev_low are the previous bar's (on the second bar, TA-Lib passes that bar's
/// own).
inline double sar_advance(SarTrend& t, double accel, double max_af, double prev_high,
                          double prev_low, double high, double low) noexcept {
  double out;
  if (t.is_long) {
    if (low <= t.sar) {
      t.is_long = false;
      t.sar = t.ep;
      if (t.sar < prev_high) t.sar = prev_high;
      if (t.sar < high) t.sar = high;
      out = t.sar;
      t.af = accel;
      t.ep = low;
      t.sar = t.sar + t.af * (t.ep - t.sar);
      if (t.sar < prev_high) t.sar = prev_high;
      if (t.sar < high) t.sar = high;
    } else {
      out = t.sar;
      if (high > t.ep) {
        t.ep = high;
        t.af += accel;
        if (t.af > max_af) t.af = max_af;
      }
      t.sar = t.sar + t.af * (t.ep - t.sar);
      if (t.sar > prev_low) t.sar = prev_low;
      if (t.sar > low) t.sar = low;
    }
  } else {
    if (high >= t.sar) {
      t.is_long = true;
      t.sar = t.ep;
      if (t.sar > prev_low) t.sar = prev_low;
      if (t.sar > low) t.sar = low;
      out = t.sar;
      t.af = accel;
      t.ep = high;
      t.sar = t.sar + t.af * (t.ep - t.sar);
      if (t.sar > prev_low) t.sar = prev_low;
      if (t.sar > low) t.sar = low;
    } else {
      out = t.sar;
      if (low < t.ep) {
        t.ep = low;
        t.af += accel;
        if (t.af > max_af) t.af = max_af;
      }
      t.sar = t.sar + t.af * (t.ep - t.sar);
      if (t.sar < prev_high) t.sar = prev_high;
      if (t.sar < high) t.sar = high;
    }
  }
  return out;
}

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
      trend_.is_long = !(diff_m > 0 && diff_p < diff_m);
      trend_.af = accel_;
      if (trend_.is_long) {
        trend_.ep = high;
        trend_.sar = new_low_;
      } else {
        trend_.ep = low;
        trend_.sar = new_high_;
      }
      new_low_ = low;
      new_high_ = high;
    }
    const double prev_low = new_low_;
    const double prev_high = new_high_;
    new_low_ = low;
    new_high_ = high;
    return sar_advance(trend_, accel_, max_, prev_high, prev_low, high, low);
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
  bool is_long() const noexcept { return trend_.is_long; }

 private:
  double accel_, max_;
  int seen_ = 0;
  SarTrend trend_;
  double new_high_ = 0, new_low_ = 0;
};

/// Batch SAR over columns of equal length (checked), NaN on the first bar.
std::vector<double> sar(std::span<const double> high, std::span<const double> low,
                        double acceleration, double maximum);
/// As sar(), into `out` (same length as the inputs).
void sar_into(std::span<const double> high, std::span<const double> low, double acceleration,
              double maximum, std::span<double> out);

}  // namespace talon::indicators
