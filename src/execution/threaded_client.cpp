#include <future>

#include <talon/execution/threaded_client.hpp>

namespace talon {

void ConcurrentReportQueue::push(ExecutionReport report) {
  {
    std::lock_guard lock(mu_);
    items_.push_back(std::move(report));
  }
  cv_.notify_all();
}

bool ConcurrentReportQueue::wait_for(std::size_t count, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return items_.size() >= count; });
}

std::size_t ConcurrentReportQueue::size() const {
  std::lock_guard lock(mu_);
  return items_.size();
}

ThreadedExecutionClient::ThreadedExecutionClient(ExecutionClient& inner) : inner_(inner) {
  worker_ = std::thread([this] { run(); });
}

ThreadedExecutionClient::~ThreadedExecutionClient() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

void ThreadedExecutionClient::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    if (tasks_.empty() && !stop_) {
      if (periodic_ && period_.count() > 0) {
        if (!cv_.wait_for(lock, period_, [&] { return stop_ || !tasks_.empty(); })) {
          lock.unlock();
          try {
            periodic_();
          } catch (const std::exception&) {
            // A failed poll is retried at the next period; the adapter reports what it can.
          }
          lock.lock();
          continue;
        }
      } else {
        cv_.wait(lock, [&] { return stop_ || !tasks_.empty() || periodic_; });
      }
    }
    if (tasks_.empty()) {
      if (stop_) return;
      continue;
    }
    Task task = std::move(tasks_.front());
    tasks_.pop_front();
    ++running_;
    lock.unlock();
    task();
    lock.lock();
    --running_;
    cv_.notify_all();
  }
}

void ThreadedExecutionClient::post(Task task) const {
  {
    std::lock_guard lock(mu_);
    tasks_.push_back(std::move(task));
  }
  cv_.notify_all();
}

template <class R>
R ThreadedExecutionClient::call(std::function<R()> fn) const {
  auto done = std::make_shared<std::promise<R>>();
  auto result = done->get_future();
  post([fn = std::move(fn), done] {
    try {
      done->set_value(fn());
    } catch (...) {
      done->set_exception(std::current_exception());
    }
  });
  return result.get();
}

void ThreadedExecutionClient::flush() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return tasks_.empty() && running_ == 0; });
}

void ThreadedExecutionClient::set_periodic(std::chrono::milliseconds period,
                                           std::function<void()> task) {
  {
    std::lock_guard lock(mu_);
    period_ = period;
    periodic_ = std::move(task);
  }
  cv_.notify_all();
}

void ThreadedExecutionClient::set_report_sink(ReportSink* sink) {
  sink_ = sink;
  call<int>([this, sink] {
    inner_.set_report_sink(sink);
    return 0;
  });
}

void ThreadedExecutionClient::connect() {
  call<int>([this] {
    inner_.connect();
    return 0;
  });
}

void ThreadedExecutionClient::disconnect() {
  call<int>([this] {
    inner_.disconnect();
    return 0;
  });
}

namespace {

ReportHeader header_for(const Order& o, Timestamp at) {
  ReportHeader h;
  h.instrument = o.instrument;
  h.order_id = o.id;
  h.client_order_id = o.client_order_id;
  h.venue_order_id = o.venue_order_id;
  h.ts_event = at;
  h.ts_init = at;
  return h;
}

}  // namespace

void ThreadedExecutionClient::submit(const Order& order, Timestamp at) {
  post([this, order, at] {
    try {
      inner_.submit(order, at);
    } catch (const std::exception& e) {
      if (sink_ != nullptr) sink_->push(OrderRejected{header_for(order, at), e.what()});
    }
  });
}

void ThreadedExecutionClient::cancel(const Order& order, Timestamp at) {
  post([this, order, at] {
    try {
      inner_.cancel(order, at);
    } catch (const std::exception& e) {
      if (sink_ != nullptr)
        sink_->push(
            RequestRejected{header_for(order, at), RequestRejected::Request::Cancel, e.what()});
    }
  });
}

void ThreadedExecutionClient::modify(const Order& order, Decimal price, Decimal quantity,
                                     Timestamp at) {
  post([this, order, price, quantity, at] {
    try {
      inner_.modify(order, price, quantity, at);
    } catch (const std::exception& e) {
      if (sink_ != nullptr)
        sink_->push(
            RequestRejected{header_for(order, at), RequestRejected::Request::Modify, e.what()});
    }
  });
}

void ThreadedExecutionClient::cancel_all(const InstrumentId& instrument, Timestamp at) {
  post([this, instrument, at] {
    try {
      inner_.cancel_all(instrument, at);
    } catch (const std::exception&) {
      // Nothing names an order here: the open orders stay open and reconciliation sees them.
    }
  });
}

void ThreadedExecutionClient::query_order(const Order& order, Timestamp at) {
  post([this, order, at] {
    try {
      inner_.query_order(order, at);
    } catch (const std::exception& e) {
      if (sink_ != nullptr)
        sink_->push(
            RequestRejected{header_for(order, at), RequestRejected::Request::Query, e.what()});
    }
  });
}

std::vector<OrderStatusReport> ThreadedExecutionClient::open_orders(
    const InstrumentId& instrument) const {
  return call<std::vector<OrderStatusReport>>(
      [this, instrument] { return inner_.open_orders(instrument); });
}

std::vector<Fill> ThreadedExecutionClient::fills_since(Timestamp since) const {
  return call<std::vector<Fill>>([this, since] { return inner_.fills_since(since); });
}

std::vector<PositionReport> ThreadedExecutionClient::positions() const {
  return call<std::vector<PositionReport>>([this] { return inner_.positions(); });
}

}  // namespace talon
