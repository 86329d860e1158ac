#pragma once
// Highest high and lowest low over the last `length` bars, with the bar at which each
// occurred (among equal extremes the most recent, as TA-Lib's AROON). TA-Lib's method
// (ta_STOCH.c, ta_AROON.c): keep the extreme and its position; only when it leaves the window
// rescan the window. O(1) amortised on market data, O(length) worst case per bar.

#include <cstddef>
#include <cstdint>

#include <talon/indicators/ring.hpp>

namespace talon::indicators {

class HighLowWindow {
 public:
  /// `length` >= 1 bars in the window.
  explicit HighLowWindow(int length)
      : ring_(static_cast<std::size_t>(length)), length_(static_cast<std::uint64_t>(length)) {}

  /// Adds the next bar (number count() before the call, counted from 0).
  void push(double high, double low) noexcept {
    ring_.push({high, low});
    const std::uint64_t t = count_++;
    const std::uint64_t oldest = t + 1 >= length_ ? t + 1 - length_ : 0;
    if (t == 0 || high_index_ < oldest) {
      rescan_high(t, oldest);
    } else if (high >= high_) {
      high_ = high;
      high_index_ = t;
    }
    if (t == 0 || low_index_ < oldest) {
      rescan_low(t, oldest);
    } else if (low <= low_) {
      low_ = low;
      low_index_ = t;
    }
  }
  /// True once `length` bars were pushed.
  bool full() const noexcept { return count_ >= length_; }
  double highest() const noexcept { return high_; }
  double lowest() const noexcept { return low_; }
  /// Bar numbers (from 0) of the extremes.
  std::uint64_t highest_index() const noexcept { return high_index_; }
  std::uint64_t lowest_index() const noexcept { return low_index_; }
  /// Bars pushed so far.
  std::uint64_t count() const noexcept { return count_; }

 private:
  struct HL {
    double high, low;
  };
  void rescan_high(std::uint64_t t, std::uint64_t oldest) noexcept {
    high_ = ring_.back(static_cast<std::size_t>(t - oldest)).high;
    high_index_ = oldest;
    for (std::uint64_t i = oldest + 1; i <= t; ++i) {
      const double v = ring_.back(static_cast<std::size_t>(t - i)).high;
      if (v >= high_) {
        high_ = v;
        high_index_ = i;
      }
    }
  }
  void rescan_low(std::uint64_t t, std::uint64_t oldest) noexcept {
    low_ = ring_.back(static_cast<std::size_t>(t - oldest)).low;
    low_index_ = oldest;
    for (std::uint64_t i = oldest + 1; i <= t; ++i) {
      const double v = ring_.back(static_cast<std::size_t>(t - i)).low;
      if (v <= low_) {
        low_ = v;
        low_index_ = i;
      }
    }
  }

  Ring<HL> ring_;
  std::uint64_t length_;
  std::uint64_t count_ = 0;
  double high_ = 0, low_ = 0;
  std::uint64_t high_index_ = 0, low_index_ = 0;
};

}  // namespace talon::indicators
