#pragma once
// Moving Average Convergence/Divergence (Gerald Appel, 1979): TA-Lib TA_MACD (ta_MACD.c).
// macd = EMA(fast) - EMA(slow); signal = EMA(signal) of macd; hist = macd - signal.
// As in TA-Lib, both EMAs produce their first value on the same input: the fast EMA is
// seeded with the mean of the `fast` inputs ending at input slow-1 (not the first `fast`
// inputs). Warm-up: (slow - 1) + (signal - 1) inputs.

#include <optional>
#include <span>
#include <vector>

#include <talon/indicators/ema.hpp>

namespace talon::indicators {

struct MacdValue {
  double macd;    ///< fast EMA - slow EMA, in price units
  double signal;  ///< EMA of macd
  double hist;    ///< macd - signal
};

class Macd {
 public:
  /// fast in [2, 100000], slow in [fast, 100000], signal in [1, 100000].
  /// Throws InvalidArgument (TA-Lib silently swaps fast > slow; talon refuses it).
  Macd(int fast, int slow, int signal)
      : fast_((check_param(fast, 2, kMaxPeriod, "MACD", "fast"), fast)),
        slow_((check_param(slow, fast, kMaxPeriod, "MACD", "slow"), slow)),
        signal_((check_param(signal, 1, kMaxPeriod, "MACD", "signal"), signal)),
        skip_(slow - fast) {}

  /// Unchecked step; NaNs during warm-up.
  MacdValue step(double x) noexcept {
    const double s = slow_.step(x);
    if (skip_ > 0) {
      --skip_;
      return {kNotReady, kNotReady, kNotReady};
    }
    const double f = fast_.step(x);
    if (!slow_.ready()) return {kNotReady, kNotReady, kNotReady};
    const double m = f - s;
    const double sig = signal_.step(m);
    if (!signal_.ready()) return {kNotReady, kNotReady, kNotReady};
    return {m, sig, m - sig};
  }
  /// Feeds one price (checked); the three lines once ready.
  std::optional<MacdValue> update(double price) {
    check_price(price, "MACD", "price");
    const MacdValue v = step(price);
    return ready() ? std::optional<MacdValue>(v) : std::nullopt;
  }
  bool ready() const noexcept { return signal_.ready(); }
  int lookback() const noexcept { return slow_.lookback() + signal_.lookback(); }

 private:
  Ema fast_, slow_, signal_;
  int skip_;
};

struct MacdSeries {
  std::vector<double> macd, signal, hist;
};
/// Batch MACD of `price` (checked), NaN during warm-up.
MacdSeries macd(std::span<const double> price, int fast, int slow, int signal);
/// As macd(), into caller buffers of the input's length.
void macd_into(std::span<const double> price, int fast, int slow, int signal,
               std::span<double> macd, std::span<double> signal_line, std::span<double> hist);

}  // namespace talon::indicators
