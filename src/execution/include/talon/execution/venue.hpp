#pragma once
// The Venue seam: where orders go. The simulated exchange implements it for backtests and
// paper trading; each exchange adapter implements it for live trading. The order manager
// does not know which one it talks to.

#include <string>

#include <talon/core/timestamp.hpp>
#include <talon/core/uuid.hpp>
#include <talon/model/fill.hpp>
#include <talon/model/order.hpp>

namespace talon {

/// Receives what the venue reports about orders. Implemented by the order manager.
class VenueListener {
 public:
  virtual ~VenueListener() = default;
  /// The venue took the order (status NEW).
  virtual void on_order_accepted(const Uuid& order_id, Timestamp at) = 0;
  /// The venue refused the order; `reason` says why in the venue's terms.
  virtual void on_order_rejected(const Uuid& order_id, const std::string& reason, Timestamp at) = 0;
  /// The venue took the order but ended it unfilled (a market order that cannot execute
  /// under the instrument's filters, an IOC remainder, ...); `reason` says why.
  virtual void on_order_expired(const Uuid& order_id, const std::string& reason, Timestamp at) = 0;
  /// The order (partly) executed.
  virtual void on_fill(const Fill& fill) = 0;
};

class Venue {
 public:
  virtual ~Venue() = default;
  /// Routes `listener` the reports of every order submitted from now on.
  virtual void set_listener(VenueListener* listener) = 0;
  /// Sends an order (status SUBMITTED). Reports arrive through the listener, possibly
  /// before this returns.
  virtual void submit(const Order& order, Timestamp at) = 0;
};

}  // namespace talon
