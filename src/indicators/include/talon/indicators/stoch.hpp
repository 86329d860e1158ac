#pragma once
// Stochastic oscillator (George Lane, 1950s): TA-Lib TA_STOCHF (fast) and TA_STOCH (slow),
// moving averages of type SMA (TA-Lib's default MAType 0, the only one supported).
// raw %K = (close - lowest low) / ((highest high - lowest low) / 100) over fastk_period bars,
// 0 when the range is zero.
// STOCHF: fastk = raw %K, fastd = SMA(fastd_period) of fastk.
//   Warm-up: (fastk_period - 1) + (fastd_period - 1).
// STOCH:  slowk = SMA(slowk_period) of raw %K, slowd = SMA(slowd_period) of slowk.
//   Warm-up: (fastk_period - 1) + (slowk_period - 1) + (slowd_period - 1).
// Both outputs are reported from the same bar, as TA-Lib does.
// Williams %R (Larry Williams, 1973), TA-Lib TA_WILLR: (highest - close) / ((highest - lowest)
// / -100) over `period` bars, in [-100, 0], 0 when the range is zero. Warm-up: period - 1.
// STOCHRSI (Tushar Chande and Stanley Kroll, 1994), TA-Lib TA_STOCHRSI: STOCHF applied to
// RSI(period) as high, low and close. Warm-up: period + (fastk_period - 1) + (fastd_period - 1).

#include <cmath>
#include <optional>
#include <span>
#include <vector>

#include <talon/indicators/high_low_window.hpp>
#include <talon/indicators/input.hpp>
#include <talon/indicators/rsi.hpp>
#include <talon/indicators/sma.hpp>

namespace talon::indicators {

/// Raw %K as ta_STOCH.c computes it; NaN until `period` bars were seen.
class RawK {
 public:
  explicit RawK(int period) : window_(period) {}
  double step(double high, double low, double close) noexcept {
    window_.push(high, low);
    if (!window_.full()) return kNotReady;
    const double lowest = window_.lowest();
    const double diff = (window_.highest() - lowest) / 100.0;
    return diff != 0.0 ? (close - lowest) / diff : 0.0;
  }

 private:
  HighLowWindow window_;
};

struct StochValue {
  double k;  ///< %K (slowk for STOCH, fastk for STOCHF), 0..100
  double d;  ///< %D (slowd / fastd), 0..100
};

class StochF {
 public:
  /// fastk_period in [1, 100000], fastd_period in [1, 100000]. Throws InvalidArgument.
  StochF(int fastk_period, int fastd_period)
      : k_((check_param(fastk_period, 1, kMaxPeriod, "STOCHF", "fastk_period"), fastk_period)),
        d_((check_param(fastd_period, 1, kMaxPeriod, "STOCHF", "fastd_period"), fastd_period)),
        lookback_(fastk_period - 1 + fastd_period - 1) {}

  /// Unchecked step; NaNs during warm-up.
  StochValue step(double high, double low, double close) noexcept {
    const double k = k_.step(high, low, close);
    if (std::isnan(k)) return {kNotReady, kNotReady};
    const double d = d_.step(k);
    if (!d_.ready()) return {kNotReady, kNotReady};
    return {k, d};
  }
  /// Feeds one bar (checked); fastk and fastd once ready.
  std::optional<StochValue> update(const BarInput& bar) {
    check_bar(bar, "STOCHF");
    const StochValue v = step(bar.high, bar.low, bar.close);
    return ready() ? std::optional<StochValue>(v) : std::nullopt;
  }
  bool ready() const noexcept { return d_.ready(); }
  int lookback() const noexcept { return lookback_; }

 private:
  RawK k_;
  Sma d_;
  int lookback_;
};

class Stoch {
 public:
  /// Each period in [1, 100000]. Throws InvalidArgument.
  Stoch(int fastk_period, int slowk_period, int slowd_period)
      : k_((check_param(fastk_period, 1, kMaxPeriod, "STOCH", "fastk_period"), fastk_period)),
        slowk_((check_param(slowk_period, 1, kMaxPeriod, "STOCH", "slowk_period"), slowk_period)),
        slowd_((check_param(slowd_period, 1, kMaxPeriod, "STOCH", "slowd_period"), slowd_period)),
        lookback_(fastk_period - 1 + slowk_period - 1 + slowd_period - 1) {}

  /// Unchecked step; NaNs during warm-up.
  StochValue step(double high, double low, double close) noexcept {
    const double k = k_.step(high, low, close);
    if (std::isnan(k)) return {kNotReady, kNotReady};
    const double sk = slowk_.step(k);
    if (!slowk_.ready()) return {kNotReady, kNotReady};
    const double sd = slowd_.step(sk);
    if (!slowd_.ready()) return {kNotReady, kNotReady};
    return {sk, sd};
  }
  /// Feeds one bar (checked); slowk and slowd once ready.
  std::optional<StochValue> update(const BarInput& bar) {
    check_bar(bar, "STOCH");
    const StochValue v = step(bar.high, bar.low, bar.close);
    return ready() ? std::optional<StochValue>(v) : std::nullopt;
  }
  bool ready() const noexcept { return slowd_.ready(); }
  int lookback() const noexcept { return lookback_; }

 private:
  RawK k_;
  Sma slowk_, slowd_;
  int lookback_;
};

class StochRsi {
 public:
  /// period in [2, 100000], fastk_period and fastd_period in [1, 100000].
  StochRsi(int period, int fastk_period, int fastd_period)
      : rsi_(period), stoch_(fastk_period, fastd_period), lookback_(period + stoch_.lookback()) {}

  /// Unchecked step; NaNs during warm-up.
  StochValue step(double x) noexcept {
    const double r = rsi_.step(x);
    if (!rsi_.ready()) return {kNotReady, kNotReady};
    return stoch_.step(r, r, r);
  }
  /// Feeds one price (checked); fastk and fastd of the RSI once ready.
  std::optional<StochValue> update(double price) {
    check_price(price, "STOCHRSI", "price");
    const StochValue v = step(price);
    return ready() ? std::optional<StochValue>(v) : std::nullopt;
  }
  bool ready() const noexcept { return stoch_.ready(); }
  int lookback() const noexcept { return lookback_; }

 private:
  Rsi rsi_;
  StochF stoch_;
  int lookback_;
};

class WillR {
 public:
  /// period in [2, 100000]. Throws InvalidArgument.
  explicit WillR(int period)
      : window_((check_param(period, 2, kMaxPeriod, "WILLR", "period"), period)), period_(period) {}

  /// Unchecked step; NaN during warm-up.
  double step(double high, double low, double close) noexcept {
    window_.push(high, low);
    if (!window_.full()) return kNotReady;
    const double highest = window_.highest();
    const double diff = (highest - window_.lowest()) / (-100.0);
    return diff != 0.0 ? (highest - close) / diff : 0.0;
  }
  /// Feeds one bar (checked); %R in [-100, 0] once ready.
  std::optional<double> update(const BarInput& bar) {
    check_bar(bar, "WILLR");
    const double v = step(bar.high, bar.low, bar.close);
    return ready() ? std::optional<double>(v) : std::nullopt;
  }
  bool ready() const noexcept { return window_.full(); }
  int lookback() const noexcept { return period_ - 1; }

 private:
  HighLowWindow window_;
  int period_;
};

struct StochSeries {
  std::vector<double> k, d;
};
/// Batch versions over columns of equal length (checked), NaN during warm-up.
StochSeries stoch(std::span<const double> high, std::span<const double> low,
                  std::span<const double> close, int fastk_period, int slowk_period,
                  int slowd_period);
StochSeries stochf(std::span<const double> high, std::span<const double> low,
                   std::span<const double> close, int fastk_period, int fastd_period);
StochSeries stochrsi(std::span<const double> price, int period, int fastk_period, int fastd_period);
std::vector<double> willr(std::span<const double> high, std::span<const double> low,
                          std::span<const double> close, int period);
/// As the functions above, into caller buffers of the inputs' length.
void stoch_into(std::span<const double> high, std::span<const double> low,
                std::span<const double> close, int fastk_period, int slowk_period, int slowd_period,
                std::span<double> slowk, std::span<double> slowd);
void stochf_into(std::span<const double> high, std::span<const double> low,
                 std::span<const double> close, int fastk_period, int fastd_period,
                 std::span<double> fastk, std::span<double> fastd);
void stochrsi_into(std::span<const double> price, int period, int fastk_period, int fastd_period,
                   std::span<double> fastk, std::span<double> fastd);
void willr_into(std::span<const double> high, std::span<const double> low,
                std::span<const double> close, int period, std::span<double> out);

}  // namespace talon::indicators
