#include <talon/core/error.hpp>
#include <talon/execution/venue.hpp>

namespace talon {

void Venue::cancel(const Uuid& order_id, Timestamp at) {
  (void)at;
  throw InvalidArgument("venue cannot cancel order " + order_id.to_string());
}

void Venue::modify(const Uuid& order_id, Decimal price, Decimal quantity, Timestamp at) {
  (void)price;
  (void)quantity;
  (void)at;
  throw InvalidArgument("venue cannot modify order " + order_id.to_string());
}

}  // namespace talon
