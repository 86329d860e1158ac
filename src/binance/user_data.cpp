// Binance user-data order events into talon ExecutionReports: spot `executionReport` (spot
// "User Data Streams", Order Update) and USDⓈ-M `ORDER_TRADE_UPDATE` ("Event: Order Update").
#include "payloads.hpp"

namespace talon::binance::detail {
namespace {

OrderSide side_of(std::string_view s) {
  if (s == "BUY") return OrderSide::Buy;
  if (s == "SELL") return OrderSide::Sell;
  throw Malformed{"field \"S\" is not BUY or SELL"};
}

// The fields shared by both events, read from the order object `o`.
struct Common {
  ReportHeader header;
  std::string_view exec_type;
  std::string_view client_id;
  std::string_view orig_client_id;
};

Common common(Object o, IdCache& ids, Timestamp event_time, Timestamp ts_init) {
  Common c;
  c.header.instrument = ids.get(str(o, "s"));
  c.client_id = str(o, "c");
  c.orig_client_id = str_or_empty(o, "C");
  c.header.venue_order_id = VenueOrderId(std::to_string(integer(o, "i")));
  c.header.ts_event = event_time;
  c.header.ts_init = ts_init;
  c.exec_type = str(o, "x");
  return c;
}

void build(Object o, Common c, ExecutionReport& out) {
  const auto x = c.exec_type;
  // A cancel is reported under the cancel request's own id with the order's id in C.
  const bool cancel_like = x == "CANCELED" || x == "EXPIRED" || x == "REPLACED";
  c.header.client_order_id =
      ClientOrderId(cancel_like && !c.orig_client_id.empty() ? c.orig_client_id : c.client_id);
  // A liquidation order (CALCULATED) is announced with X=NEW and no fill before it trades.
  const bool calculated_new = x == "CALCULATED" && decimal(o, "l").is_zero();
  if (x == "NEW" || calculated_new) {
    out = OrderAccepted{c.header};
  } else if (x == "TRADE" || x == "CALCULATED") {
    OrderFilled f{c.header, {}};
    f.fill.instrument = c.header.instrument;
    f.fill.symbol = std::string(c.header.instrument.symbol());
    f.fill.venue_order_id = c.header.venue_order_id;
    f.fill.side = side_of(str(o, "S"));
    f.fill.price = decimal(o, "L");
    f.fill.quantity = decimal(o, "l");
    f.fill.fee = decimal_or_zero(o, "n");
    f.fill.fee_currency = std::string(str_or_empty(o, "N"));
    f.fill.trade_id = TradeId(std::to_string(integer(o, "t")));
    f.fill.liquidity = boolean(o, "m") ? Liquidity::Maker : Liquidity::Taker;
    f.fill.executed_at = millis(o, "T");
    if (!f.fill.quantity.is_positive()) throw Malformed{"a TRADE with last quantity l <= 0"};
    out = std::move(f);
  } else if (x == "CANCELED") {
    out = OrderCancelled{c.header};
  } else if (x == "REJECTED") {
    out = OrderRejected{c.header, std::string(str_or_empty(o, "r"))};
  } else if (x == "EXPIRED" || x == "TRADE_PREVENTION" || x == "EXPIRED_IN_MATCH") {
    out = OrderExpired{c.header, std::string(x)};
  } else if (x == "REPLACED" || x == "AMENDMENT") {
    out = OrderModified{c.header, decimal(o, "p"), decimal(o, "q")};
  } else {
    throw Malformed{"unknown execution type x=\"" + std::string(x.substr(0, 32)) + "\""};
  }
}

}  // namespace

void execution_report(Object o, IdCache& ids, Timestamp ts_init, ExecutionReport& out) {
  build(o, common(o, ids, millis(o, "E"), ts_init), out);
}

void order_trade_update(Object o, IdCache& ids, Timestamp ts_init, ExecutionReport& out) {
  const Object order = as_object(field(o, "o"), "o");
  const Timestamp at = find(o, "T") ? millis(o, "T") : millis(o, "E");
  build(order, common(order, ids, at, ts_init), out);
}

}  // namespace talon::binance::detail
