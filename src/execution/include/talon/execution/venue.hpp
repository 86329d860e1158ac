#pragma once
// The Venue seam: where orders go. The simulated exchange implements it for backtests and
// paper trading; each exchange adapter implements it for live trading. The order manager
// does not know which one it talks to.

#include <string>
#include <vector>

#include <talon/core/decimal.hpp>
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
  /// The order was cancelled at the owner's request (status CANCELLED).
  virtual void on_order_cancelled(const Uuid& order_id, Timestamp at) {
    (void)order_id;
    (void)at;
  }
  /// A cancel or modify request was refused; the order is unchanged.
  virtual void on_request_rejected(const Uuid& order_id, const std::string& request,
                                   const std::string& reason, Timestamp at) {
    (void)order_id;
    (void)request;
    (void)reason;
    (void)at;
  }
  /// The order's price and/or quantity were changed (futures PUT /fapi/v1/order).
  virtual void on_order_modified(const Uuid& order_id, Decimal price, Decimal quantity,
                                 Timestamp at) {
    (void)order_id;
    (void)price;
    (void)quantity;
    (void)at;
  }
  /// A conditional order's trigger price was reached: a stop or take-profit became a
  /// market or limit order. The status does not change (Binance keeps it NEW).
  virtual void on_order_triggered(const Uuid& order_id, Decimal price, Timestamp at) {
    (void)order_id;
    (void)price;
    (void)at;
  }
  /// The mark price reached the liquidation price of the position on `side`.
  virtual void on_liquidation(PositionSide side, Decimal price, Timestamp at) {
    (void)side;
    (void)price;
    (void)at;
  }
};

/// A price at which a futures position is liquidated, for the venue to watch.
struct LiquidationLevel {
  PositionSide side = PositionSide::Both;
  bool is_long = true;  ///< a long is liquidated when the price falls to `price`
  Decimal price;
};

/// Where the venue learns the current liquidation prices (the futures account).
class LiquidationSource {
 public:
  virtual ~LiquidationSource() = default;
  /// Appends the liquidation level of every open leveraged position to `out`.
  virtual void liquidation_levels(std::vector<LiquidationLevel>& out) const = 0;
};

class Venue {
 public:
  virtual ~Venue() = default;
  /// Routes `listener` the reports of every order submitted from now on.
  virtual void set_listener(VenueListener* listener) = 0;
  /// Sends an order (status SUBMITTED). Reports arrive through the listener, possibly
  /// before this returns.
  virtual void submit(const Order& order, Timestamp at) = 0;
  /// Asks to cancel an open order. The answer (on_order_cancelled or on_request_rejected)
  /// comes through the listener. The default throws InvalidArgument: a venue that cannot
  /// cancel says so.
  virtual void cancel(const Uuid& order_id, Timestamp at);
  /// Asks to change a resting order's limit price and/or total quantity (a zero argument
  /// keeps the current value). Answers through on_order_modified or on_request_rejected.
  /// The default throws InvalidArgument.
  virtual void modify(const Uuid& order_id, Decimal price, Decimal quantity, Timestamp at);
};

}  // namespace talon
