// ThreadedExecutionClient: the kernel's calls return at once, run on the worker in order, and
// every answer (or failure) comes back through the concurrent queue.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <talon/core/error.hpp>
#include <talon/execution/threaded_client.hpp>

namespace talon {
namespace {

using namespace std::chrono_literals;

// A venue that takes 50 ms per call, answers submits with OrderAccepted, refuses cancels by
// throwing, and records the thread it ran on.
class SlowVenue final : public ExecutionClient {
 public:
  void set_report_sink(ReportSink* sink) override { sink_ = sink; }
  void submit(const Order& order, Timestamp at) override {
    std::this_thread::sleep_for(50ms);
    thread = std::this_thread::get_id();
    order_seen.push_back(order.client_order_id.value());
    ReportHeader h;
    h.client_order_id = order.client_order_id;
    h.ts_event = at;
    sink_->push(OrderAccepted{h});
  }
  void cancel(const Order&, Timestamp) override { throw Error("network down"); }
  std::vector<OrderStatusReport> open_orders(const InstrumentId&) const override {
    return std::vector<OrderStatusReport>(2);
  }
  ReportSink* sink_ = nullptr;
  std::thread::id thread;
  std::vector<std::string> order_seen;
};

Order order(const char* id) {
  Order o;
  o.client_order_id = ClientOrderId(id);
  return o;
}

TEST(ThreadedClient, CallsReturnAtOnceAndRunInOrderOnTheWorker) {
  SlowVenue venue;
  ConcurrentReportQueue queue;
  {
    ThreadedExecutionClient client(venue);
    client.set_report_sink(&queue);
    const auto t0 = std::chrono::steady_clock::now();
    client.submit(order("a"), Timestamp{1});
    client.submit(order("b"), Timestamp{2});
    client.submit(order("c"), Timestamp{3});
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 120ms);  // 3 × 50 ms run elsewhere
    ASSERT_TRUE(queue.wait_for(3, 2s));
    std::vector<std::string> got;
    EXPECT_EQ(queue.drain([&](const ExecutionReport& r) {
      got.push_back(header_of(r).client_order_id.value());
    }),
              3U);
    EXPECT_EQ(got, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_NE(venue.thread, std::this_thread::get_id());
    EXPECT_EQ(client.open_orders({}).size(), 2U);
  }
}

TEST(ThreadedClient, AFailedCallIsAnsweredNotLost) {
  SlowVenue venue;
  ConcurrentReportQueue queue;
  ThreadedExecutionClient client(venue);
  client.set_report_sink(&queue);
  client.cancel(order("x"), Timestamp{5});
  client.flush();
  ASSERT_EQ(queue.size(), 1U);
  queue.drain([](const ExecutionReport& r) {
    const auto* rej = std::get_if<RequestRejected>(&r);
    ASSERT_NE(rej, nullptr);
    EXPECT_EQ(rej->reason, "network down");
    EXPECT_EQ(rej->client_order_id, "x");
  });
}

TEST(ThreadedClient, PeriodicTaskRunsBetweenCalls) {
  SlowVenue venue;
  ConcurrentReportQueue queue;
  std::atomic<int> polls{0};
  ThreadedExecutionClient client(venue);
  client.set_report_sink(&queue);
  client.set_periodic(5ms, [&] { ++polls; });
  std::this_thread::sleep_for(100ms);
  EXPECT_GT(polls.load(), 3);
}

TEST(ThreadedClient, DestructionFinishesQueuedCalls) {
  SlowVenue venue;
  ConcurrentReportQueue queue;
  {
    ThreadedExecutionClient client(venue);
    client.set_report_sink(&queue);
    client.submit(order("late"), Timestamp{1});
  }
  EXPECT_EQ(queue.size(), 1U);
}

}  // namespace
}  // namespace talon
