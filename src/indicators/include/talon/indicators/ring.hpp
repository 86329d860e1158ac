#pragma once
// Fixed-capacity ring of the most recent values, the state of every windowed indicator.

#include <cstddef>
#include <vector>

namespace talon::indicators {

/// Holds the last `capacity` values pushed. O(1) push and indexed access.
template <typename T>
class Ring {
 public:
  explicit Ring(std::size_t capacity) : values_(capacity) {}

  /// Appends v, overwriting the oldest value once full.
  void push(T v) noexcept {
    values_[head_] = v;
    if (++head_ == values_.size()) head_ = 0;
    if (size_ < values_.size()) ++size_;
  }
  /// The value pushed `age` pushes ago: back(0) is the newest. Requires age < size().
  T back(std::size_t age) const noexcept {
    std::size_t i = head_ + values_.size() - 1 - age;
    if (i >= values_.size()) i -= values_.size();
    return values_[i];
  }
  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return values_.size(); }
  bool full() const noexcept { return size_ == values_.size(); }
  /// Storage slot j (0 <= j < capacity) in the order values were first written; TA-Lib's
  /// CIRCBUF sums in this order, so CCI does too.
  T slot(std::size_t j) const noexcept { return values_[j]; }
  /// The slot the next push writes.
  std::size_t head() const noexcept { return head_; }

 private:
  std::vector<T> values_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace talon::indicators
