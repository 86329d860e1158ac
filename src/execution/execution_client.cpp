#include <talon/core/error.hpp>
#include <talon/execution/execution_client.hpp>

namespace talon {

void ExecutionClient::cancel(const Order& order, Timestamp) {
  throw InvalidArgument("this venue cannot cancel orders (order " + order.client_order_id.value() +
                        ")");
}

void ExecutionClient::modify(const Order& order, Decimal, Decimal, Timestamp) {
  throw InvalidArgument("this venue cannot modify orders (order " + order.client_order_id.value() +
                        ")");
}

void ExecutionClient::cancel_all(const InstrumentId& instrument, Timestamp) {
  throw InvalidArgument("this venue cannot cancel all orders of " + instrument.to_string());
}

void ExecutionClient::query_order(const Order& order, Timestamp) {
  throw InvalidArgument("this venue cannot be queried for order " + order.client_order_id.value());
}

std::vector<OrderStatusReport> ExecutionClient::open_orders(const InstrumentId&) const {
  return {};
}

std::vector<Fill> ExecutionClient::fills_since(Timestamp) const {
  return {};
}

std::vector<PositionReport> ExecutionClient::positions() const {
  return {};
}

}  // namespace talon
