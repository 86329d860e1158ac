#pragma once
// The queue between execution clients and the order manager: reports go in while a client
// works and come out, in the order they were pushed, once it has returned (liquibook's
// queued callbacks). Single-threaded; a live adapter's threads reach it through the kernel's
// thread-safe inbox.

#include <cstddef>
#include <vector>

#include <talon/execution/execution_client.hpp>

namespace talon {

class ReportQueue final : public ReportSink {
 public:
  void push(ExecutionReport report) override { items_.push_back(std::move(report)); }
  // (items_ is cleared after each drain: the first test, a pointer compare, nearly always
  // answers without the size's division.)
  bool empty() const noexcept { return items_.empty() || head_ == items_.size(); }
  std::size_t size() const noexcept { return items_.size() - head_; }

  /// Hands every queued report to `handle(const ExecutionReport&)`, oldest first, including
  /// reports pushed while draining (a cancel the handler sent). Returns how many were handled.
  /// The storage is kept, so a steady state does not allocate.
  template <class Handler>
  std::size_t drain(Handler&& handle) {
    std::size_t n = 0;
    while (head_ < items_.size()) {
      // Moved out first: `handle` may push, which can reallocate items_.
      const ExecutionReport report = std::move(items_[head_++]);
      handle(report);
      ++n;
    }
    items_.clear();
    head_ = 0;
    return n;
  }

 private:
  std::vector<ExecutionReport> items_;
  std::size_t head_ = 0;
};

}  // namespace talon
