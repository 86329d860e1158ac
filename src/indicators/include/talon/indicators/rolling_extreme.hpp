#pragma once
// Highest (or lowest) value over a sliding window of the last `length` inputs, with the
// input number at which it occurred, in O(1) amortised per input (monotonic queue).
// Among equal extremes the most recent wins, as in TA-Lib's AROON (ta_AROON.c: `>=`/`<=`).

#include <cstddef>
#include <cstdint>
#include <vector>

namespace talon::indicators {

/// IsMax = true tracks the maximum, false the minimum.
template <bool IsMax>
class RollingExtreme {
 public:
  /// `length` >= 1 inputs in the window.
  explicit RollingExtreme(std::size_t length) : length_(length), queue_(length) {}

  /// Adds the value of input number `n_` (counted from 0) and drops inputs older than
  /// length - 1 before it.
  void push(double v) noexcept {
    // Pop dominated entries from the back: a newer value at least as extreme replaces them.
    while (size_ > 0 && dominates(v, at(size_ - 1).value))
      --size_;
    if (size_ > 0 && at(0).index + length_ <= count_) {
      first_ = next(first_);
      --size_;
    }
    at(size_) = {v, count_};
    ++size_;
    ++count_;
  }
  /// The extreme over the window. Requires at least one push.
  double value() const noexcept { return at(0).value; }
  /// Input number (from 0) of the extreme.
  std::uint64_t index() const noexcept { return at(0).index; }
  /// Inputs pushed so far.
  std::uint64_t count() const noexcept { return count_; }

 private:
  struct Entry {
    double value;
    std::uint64_t index;
  };
  static bool dominates(double v, double old) noexcept { return IsMax ? v >= old : v <= old; }
  std::size_t next(std::size_t i) const noexcept { return i + 1 == queue_.size() ? 0 : i + 1; }
  Entry& at(std::size_t k) noexcept {
    std::size_t i = first_ + k;
    if (i >= queue_.size()) i -= queue_.size();
    return queue_[i];
  }
  const Entry& at(std::size_t k) const noexcept {
    std::size_t i = first_ + k;
    if (i >= queue_.size()) i -= queue_.size();
    return queue_[i];
  }

  std::size_t length_;
  std::vector<Entry> queue_;
  std::size_t first_ = 0;
  std::size_t size_ = 0;
  std::uint64_t count_ = 0;
};

using RollingMax = RollingExtreme<true>;
using RollingMin = RollingExtreme<false>;

}  // namespace talon::indicators
