#pragma once
// A ring of the latest N items, newest first: the history behind bars_ago and the
// indicator values read some bars back.

#include <algorithm>
#include <cstddef>
#include <vector>

namespace talon {

/// A fixed number of the latest items, newest at 0.
template <class T>
class LatestItems {
 public:
  /// Keeps at most `n` items (0: none); growing keeps what is there, shrinking drops the
  /// oldest.
  void resize(std::size_t n) {
    std::vector<T> kept;
    for (std::size_t i = std::min(n, count_); i-- > 0;) kept.push_back(*ago(i));
    items_ = std::move(kept);
    items_.resize(n);
    count_ = std::min(n, count_);
    head_ = count_ == 0 || n == 0 ? 0 : count_ % n;
  }
  /// Adds `item` as the newest (ago(0)), dropping the oldest when full; nothing when the
  /// capacity is 0.
  void push(const T& item) {
    if (items_.empty()) return;
    items_[head_] = item;
    head_ = head_ + 1 == items_.size() ? 0 : head_ + 1;
    if (count_ < items_.size()) ++count_;
  }
  /// The item `k` pushes ago (0 = newest), or nullptr when fewer are kept.
  const T* ago(std::size_t k) const {
    if (k >= count_) return nullptr;
    const std::size_t n = items_.size();
    return &items_[(head_ + n - 1 - k) % n];
  }
  /// Most items kept.
  std::size_t capacity() const noexcept { return items_.size(); }
  /// Items kept now (at most capacity()).
  std::size_t size() const noexcept { return count_; }

 private:
  std::vector<T> items_;
  std::size_t head_ = 0;
  std::size_t count_ = 0;
};

}  // namespace talon
