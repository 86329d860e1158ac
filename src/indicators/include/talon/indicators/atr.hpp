#pragma once
// True Range and Average True Range (Wilder, 1978): TA-Lib TA_TRANGE, TA_ATR and TA_NATR.
// TR = max(high - low, |prev close - high|, |prev close - low|), first on the second bar.
// ATR starts as the mean of the first `period` TRs, then atr = (atr*(period-1) + TR) / period.
// NATR = 100 * ATR / close. Warm-up: 1 input for TR, period inputs for ATR and NATR.

#include <cmath>
#include <optional>
#include <span>
#include <vector>

#include <talon/indicators/input.hpp>

namespace talon::indicators {

/// The true range of a bar given the previous close (ta_TRANGE.c's comparison order).
inline double true_range(double high, double low, double prev_close) noexcept {
  double greatest = high - low;
  const double v2 = std::fabs(prev_close - high);
  if (v2 > greatest) greatest = v2;
  const double v3 = std::fabs(prev_close - low);
  if (v3 > greatest) greatest = v3;
  return greatest;
}

class TrueRange {
 public:
  /// Unchecked step; NaN on the first bar.
  double step(double high, double low, double close) noexcept {
    const double out = seen_ ? true_range(high, low, prev_close_) : kNotReady;
    seen_ = true;
    prev_close_ = close;
    return out;
  }
  /// Feeds one bar (checked with check_bar); the true range from the second bar on.
  std::optional<double> update(const BarInput& bar) {
    check_bar(bar, "TRANGE");
    const double prev = prev_close_;
    const bool seen = seen_;
    prev_close_ = bar.close;
    seen_ = true;
    if (!seen) [[unlikely]]
      return std::nullopt;
    return true_range(bar.high, bar.low, prev);
  }
  bool ready() const noexcept { return seen_; }
  int lookback() const noexcept { return 1; }

 private:
  bool seen_ = false;
  double prev_close_ = 0;
};

class Atr {
 public:
  /// period in [1, 100000] (period 1 is the true range). Throws InvalidArgument.
  explicit Atr(int period) : period_(period) {
    check_param(period, 1, kMaxPeriod, "ATR", "period");
  }

  /// Unchecked step; NaN during warm-up.
  double step(double high, double low, double close) noexcept {
    const bool first_bar = !tr_.ready();
    const double tr = tr_.step(high, low, close);
    if (first_bar) return kNotReady;
    ++count_;
    if (period_ == 1) return tr;
    if (count_ < period_) {
      sum_ += tr;
      return kNotReady;
    }
    if (count_ == period_) {
      atr_ = (sum_ + tr) / period_;  // TA_INT_SMA over the first period TRs
      return atr_;
    }
    atr_ *= period_ - 1;
    atr_ += tr;
    atr_ /= period_;
    return atr_;
  }
  /// Feeds one bar (checked); the ATR in price units once ready.
  std::optional<double> update(const BarInput& bar) {
    check_bar(bar, "ATR");
    const double v = step(bar.high, bar.low, bar.close);
    return ready() ? std::optional<double>(v) : std::nullopt;
  }
  bool ready() const noexcept { return count_ >= period_; }
  int lookback() const noexcept { return period_; }

 private:
  TrueRange tr_;
  int period_;
  int count_ = 0;  // true ranges seen
  double sum_ = 0;
  double atr_ = 0;
};

class Natr {
 public:
  /// period in [1, 100000]. Throws InvalidArgument.
  explicit Natr(int period)
      : atr_((check_param(period, 1, kMaxPeriod, "NATR", "period"), period)) {}

  /// Unchecked step; NaN during warm-up. Percent of the close.
  double step(double high, double low, double close) noexcept {
    const double a = atr_.step(high, low, close);
    if (!atr_.ready()) return kNotReady;
    return ta_is_zero(close) ? 0.0 : (a / close) * 100.0;
  }
  /// Feeds one bar (checked); the NATR in percent once ready.
  std::optional<double> update(const BarInput& bar) {
    check_bar(bar, "NATR");
    const double v = step(bar.high, bar.low, bar.close);
    return ready() ? std::optional<double>(v) : std::nullopt;
  }
  bool ready() const noexcept { return atr_.ready(); }
  int lookback() const noexcept { return atr_.lookback(); }

 private:
  Atr atr_;
};

/// Batch TRANGE / ATR / NATR over columns of equal length (all checked as prices, low <= high).
std::vector<double> trange(std::span<const double> high, std::span<const double> low,
                           std::span<const double> close);
std::vector<double> atr(std::span<const double> high, std::span<const double> low,
                        std::span<const double> close, int period);
std::vector<double> natr(std::span<const double> high, std::span<const double> low,
                         std::span<const double> close, int period);
/// As trange() / atr() / natr(), into `out` (same length as the inputs).
void trange_into(std::span<const double> high, std::span<const double> low,
                 std::span<const double> close, std::span<double> out);
void atr_into(std::span<const double> high, std::span<const double> low,
              std::span<const double> close, int period, std::span<double> out);
void natr_into(std::span<const double> high, std::span<const double> low,
               std::span<const double> close, int period, std::span<double> out);

}  // namespace talon::indicators
