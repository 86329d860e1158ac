#pragma once
// A fixed-length window over the most recent values with their running sum: the O(1)
// building block of moving averages.

#include <cstddef>
#include <vector>

#include <talon/core/error.hpp>

namespace talon {

/// Keeps the last `length` values pushed and their sum. T is any type with + and -
/// (double for statistics, __int128 raw decimal units for exact sums).
template <typename T>
class RollingWindow {
 public:
  /// Throws InvalidArgument when length is zero.
  explicit RollingWindow(std::size_t length) : values_(length) {
    if (length == 0) throw InvalidArgument("rolling window length must be at least 1");
  }

  /// Adds `v`, dropping the oldest value once the window is full. O(1).
  void push(T v) {
    if (count_ == values_.size()) {
      sum_ -= values_[head_];
    } else {
      ++count_;
    }
    values_[head_] = v;
    sum_ += v;
    if (++head_ == values_.size()) head_ = 0;
  }

  /// True once `length` values have been pushed.
  bool full() const noexcept { return count_ == values_.size(); }
  std::size_t length() const noexcept { return values_.size(); }
  std::size_t count() const noexcept { return count_; }
  /// Sum of the values in the window (all pushed so far while not full).
  T sum() const noexcept { return sum_; }

 private:
  std::vector<T> values_;
  std::size_t head_ = 0;
  std::size_t count_ = 0;
  T sum_{};
};

}  // namespace talon
