#pragma once
// Network I/O on its own thread (DESIGN.md, "The kernel": network I/O lives on its own
// threads and hands events to the loop through a queue).
//
// ThreadedExecutionClient wraps an adapter whose calls block on the network (the Binance
// ExecutionClient) and runs every call on a worker thread of its own, in the order the kernel
// made them: submit, cancel, modify, cancel_all and query_order return at once. The adapter's
// reports go to a ConcurrentReportQueue, which any thread may push to and the kernel's thread
// drains between events, exactly as it drains the simulated venues' queue.
//
// A call that throws on the worker is answered, not lost: OrderRejected for a submit,
// RequestRejected for a cancel, modify or query, with the exception's message. The
// reconciliation calls (open_orders, fills_since, positions) run on the worker too and wait
// for their answer.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <talon/execution/execution_client.hpp>

namespace talon {

/// A ReportSink for reports pushed from other threads.
class ConcurrentReportQueue final : public ReportSink {
 public:
  /// Any thread.
  void push(ExecutionReport report) override;
  /// The consuming thread: hands every report queued so far to `handle(const
  /// ExecutionReport&)`, oldest first; returns how many.
  template <class Handler>
  std::size_t drain(Handler&& handle) {
    std::vector<ExecutionReport> batch;
    {
      std::lock_guard lock(mu_);
      batch.swap(items_);
    }
    for (const ExecutionReport& r : batch) handle(r);
    return batch.size();
  }
  /// Waits up to `timeout` until at least `count` reports are queued; true when they are.
  bool wait_for(std::size_t count, std::chrono::milliseconds timeout);
  std::size_t size() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<ExecutionReport> items_;
};

class ThreadedExecutionClient final : public ExecutionClient {
 public:
  /// Runs `inner`'s calls on a new worker thread. `inner` must outlive this object and must
  /// not be called directly while it is wrapped.
  explicit ThreadedExecutionClient(ExecutionClient& inner);
  /// Finishes the calls already queued, then joins the worker.
  ~ThreadedExecutionClient() override;
  ThreadedExecutionClient(const ThreadedExecutionClient&) = delete;
  ThreadedExecutionClient& operator=(const ThreadedExecutionClient&) = delete;

  /// `sink` receives reports on the worker thread: it must be thread-safe
  /// (ConcurrentReportQueue).
  void set_report_sink(ReportSink* sink) override;
  /// Runs inner.connect() on the worker and waits; rethrows its exception.
  void connect() override;
  void disconnect() override;
  void submit(const Order& order, Timestamp at) override;
  void cancel(const Order& order, Timestamp at) override;
  void modify(const Order& order, Decimal price, Decimal quantity, Timestamp at) override;
  void cancel_all(const InstrumentId& instrument, Timestamp at) override;
  void query_order(const Order& order, Timestamp at) override;
  std::vector<OrderStatusReport> open_orders(const InstrumentId& instrument) const override;
  std::vector<Fill> fills_since(Timestamp since) const override;
  std::vector<PositionReport> positions() const override;

  /// Runs `task` on the worker every `period` between calls (e.g. the Binance client's
  /// poll()); one task at most, set before the first call.
  void set_periodic(std::chrono::milliseconds period, std::function<void()> task);
  /// Waits until every call queued so far has run.
  void flush();

 private:
  using Task = std::function<void()>;
  void post(Task task) const;
  template <class R>
  R call(std::function<R()> fn) const;
  void run();

  ExecutionClient& inner_;
  ReportSink* sink_ = nullptr;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  mutable std::deque<Task> tasks_;
  mutable std::size_t running_ = 0;
  std::chrono::milliseconds period_{0};
  std::function<void()> periodic_;
  bool stop_ = false;
  std::thread worker_;
};

}  // namespace talon
