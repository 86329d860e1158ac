#pragma once
// On-Balance Volume (Joseph Granville, 1963): TA-Lib TA_OBV (ta_OBV.c). Starts at the first
// bar's volume; each later bar adds its volume when the close rose, subtracts it when the
// close fell. Base-asset units. Warm-up: none (a value from the first bar).

#include <optional>
#include <span>
#include <vector>

#include <talon/indicators/input.hpp>

namespace talon::indicators {

class Obv {
 public:
  /// Unchecked step. Branch-free after the first bar (whether the close rose is a coin toss
  /// on market data): the volume times +1, -1 or 0 is added, which is obv + v, obv - v or
  /// obv exactly (obv_into does the same).
  double step(double close, double volume) noexcept {
    if (!seen_) [[unlikely]] {
      seen_ = true;
      obv_ = volume;
    } else {
      const int sign = static_cast<int>(close > prev_) - static_cast<int>(close < prev_);
      obv_ += volume * static_cast<double>(sign);
    }
    prev_ = close;
    return obv_;
  }
  /// Feeds one bar (checked); the OBV.
  std::optional<double> update(const BarInput& bar) {
    check_bar(bar, "OBV");
    return step(bar.close, bar.volume);
  }
  bool ready() const noexcept { return seen_; }
  int lookback() const noexcept { return 0; }

 private:
  bool seen_ = false;
  double prev_ = 0;
  double obv_ = 0;
};

/// Batch OBV over columns of equal length (close checked as prices, volume as volumes).
std::vector<double> obv(std::span<const double> close, std::span<const double> volume);
/// As obv(), into `out` (same length as the inputs).
void obv_into(std::span<const double> close, std::span<const double> volume, std::span<double> out);

}  // namespace talon::indicators
