#pragma once
// Simple moving average, streaming. Matches TA-Lib TA_SMA: the first value is the mean of
// the first `period` inputs (warm-up: period - 1 inputs give no value).

#include <cstddef>
#include <optional>

#include <talon/indicators/rolling_window.hpp>

namespace talon {

class Sma {
 public:
  /// Throws InvalidArgument when period is zero.
  explicit Sma(std::size_t period) : window_(period) {}

  /// Feeds one input; returns the average once `period` inputs have been seen.
  std::optional<double> update(double value) {
    window_.push(value);
    if (!window_.full()) return std::nullopt;
    return window_.sum() / static_cast<double>(window_.length());
  }
  bool ready() const noexcept { return window_.full(); }
  /// Inputs needed before the first value.
  std::size_t warmup() const noexcept { return window_.length(); }

 private:
  RollingWindow<double> window_;
};

}  // namespace talon
