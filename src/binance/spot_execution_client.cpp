#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include <talon/binance/spot_execution_client.hpp>
#include <talon/core/error.hpp>
#include <talon/core/rounding.hpp>

namespace talon::binance {
namespace {

using json = nlohmann::json;

Timestamp wall_clock() {
  return Timestamp{std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count()};
}

std::string text(Decimal d) {
  return d.to_string();
}

Decimal dec_field(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return {};
  return Decimal::try_parse(it->get<std::string>()).value_or(Decimal{});
}

std::string binance_type(const Order& o) {
  switch (o.type) {
    case OrderType::Market: return "MARKET";
    case OrderType::Limit: return o.time_in_force == TimeInForce::Gtx ? "LIMIT_MAKER" : "LIMIT";
    case OrderType::StopMarket: return "STOP_LOSS";
    case OrderType::StopLimit: return "STOP_LOSS_LIMIT";
    case OrderType::TakeProfit: return "TAKE_PROFIT";
    case OrderType::TakeProfitLimit: return "TAKE_PROFIT_LIMIT";
    case OrderType::TrailingStop: break;
  }
  throw InvalidArgument("Binance spot has no trailing-stop order type");
}

OrderStatus status_of(const std::string& s) {
  if (s == "NEW" || s == "PENDING_NEW") return OrderStatus::New;
  if (s == "PARTIALLY_FILLED") return OrderStatus::PartiallyFilled;
  if (s == "FILLED") return OrderStatus::Filled;
  if (s == "CANCELED" || s == "PENDING_CANCEL") return OrderStatus::Cancelled;
  if (s == "REJECTED") return OrderStatus::Rejected;
  return OrderStatus::Expired;  // EXPIRED, EXPIRED_IN_MATCH
}

}  // namespace

std::pair<std::string, std::string> credentials_from_env() {
  const char* key = std::getenv("BINANCE_API_KEY");
  const char* secret = std::getenv("BINANCE_API_SECRET");
  if (key == nullptr || *key == '\0') throw InvalidArgument("BINANCE_API_KEY is not set");
  if (secret == nullptr || *secret == '\0') throw InvalidArgument("BINANCE_API_SECRET is not set");
  return {key, secret};
}

/// An order talon still holds open: what the venue had executed at the last look.
struct SpotExecutionClient::Tracked {
  Order order;
  Decimal executed;
  Decimal executed_quote;
  std::int64_t fills = 0;
};

struct SpotExecutionClient::Reply {
  bool sent = false;  ///< false: held back by the limiter, or the network failed
  int status = 0;     ///< HTTP status when sent
  json body;          ///< parsed body (null when not JSON)
  std::string error;  ///< why it failed: "-2011 Unknown order sent.", "rate limited ..."
  bool ok() const { return sent && status == 200; }
};

SpotExecutionClient::SpotExecutionClient(const Instrument& instrument, std::string api_key,
                                         Signer signer, SpotClientConfig config)
    : instrument_(instrument),
      id_(instrument.id()),
      api_key_(std::move(api_key)),
      signer_(std::move(signer)),
      config_(std::move(config)),
      http_(std::make_unique<net::HttpClient>(config_.base_url, config_.http)),
      limiter_(std::make_unique<net::RateLimiter>(config_.limits)) {
  if (!config_.clock) config_.clock = wall_clock;
  if (config_.recv_window_ms <= 0 || config_.recv_window_ms > 60000)
    throw InvalidArgument("recvWindow must be in 1..60000 ms");
}

SpotExecutionClient::~SpotExecutionClient() = default;

Timestamp SpotExecutionClient::now() const {
  return config_.clock();
}

void SpotExecutionClient::push(ExecutionReport report) {
  if (sink_ == nullptr) throw InvalidArgument("SpotExecutionClient: no report sink set");
  sink_->push(std::move(report));
}

SpotExecutionClient::Reply SpotExecutionClient::call(const std::string& method,
                                                     const std::string& path,
                                                     net::QueryString params, bool is_signed,
                                                     int weight, bool is_order) const {
  Reply r;
  const Timestamp t = now();
  const Timestamp when = limiter_->earliest(t, weight, is_order);
  if (when > t) {
    r.error = fmt::format("rate limited until {}{}", to_iso8601(when),
                          limiter_->banned(t) ? " (IP banned: HTTP 418)" : "");
    return r;
  }
  net::HttpRequest req;
  req.method = method;
  req.path = path;
  if (is_signed) {
    add_timing(params, t.unix_ms() + offset_ms_, config_.recv_window_ms);
    req.query = signer_.sign(params.str());
  } else {
    req.query = params.str();
  }
  req.headers.emplace_back("X-MBX-APIKEY", api_key_);
  limiter_->on_sent(t, weight, is_order);
  ++sent_;
  net::HttpResponse res;
  try {
    res = http_->send(req);
  } catch (const net::NetworkError& e) {
    r.error = e.what();
    return r;
  }
  limiter_->on_response(now(), res.status, res.headers);
  r.sent = true;
  r.status = res.status;
  r.body = json::parse(res.body, nullptr, false);
  if (res.status != 200) {
    if (r.body.is_object() && r.body.contains("code") && r.body.contains("msg")) {
      r.error = fmt::format("{} {}", r.body["code"].dump(), r.body["msg"].get<std::string>());
    } else {
      r.error = fmt::format("HTTP {}", res.status);
    }
  } else if (r.body.is_discarded()) {
    r.status = 0;
    r.error = "the answer is not JSON";
  }
  return r;
}

void SpotExecutionClient::connect() {
  const Timestamp before = now();
  Reply r = call("GET", "/api/v3/time", {}, false, 1, false);
  if (!r.ok() || !r.body.contains("serverTime"))
    throw Error("Binance GET /api/v3/time failed: " + r.error);
  const Timestamp after = now();
  const std::int64_t local_mid = (before.unix_ms() + after.unix_ms()) / 2;
  offset_ms_ = r.body["serverTime"].get<std::int64_t>() - local_mid;
  r = call("GET", "/api/v3/account", {}, true, 20, false);
  if (!r.ok()) throw Error("Binance GET /api/v3/account failed: " + r.error);
}

void SpotExecutionClient::submit(const Order& order, Timestamp at) {
  ReportHeader h;
  h.instrument = id_;
  h.order_id = order.id;
  h.client_order_id = order.client_order_id;
  h.ts_event = at;
  h.ts_init = at;
  net::QueryString q;
  q.add("symbol", instrument_.symbol);
  q.add("side", order.side == OrderSide::Buy ? "BUY" : "SELL");
  q.add("type", binance_type(order));
  if (has_limit_price(order.type)) {
    q.add("price", text(order.price));
    if (order.time_in_force != TimeInForce::Gtx)
      q.add("timeInForce", order.time_in_force == TimeInForce::Ioc   ? "IOC"
                           : order.time_in_force == TimeInForce::Fok ? "FOK"
                                                                     : "GTC");
  }
  if (is_conditional(order.type)) q.add("stopPrice", text(order.stop_price));
  if (order.quantity.is_positive()) {
    q.add("quantity", text(order.quantity));
  } else {
    q.add("quoteOrderQty", text(order.quote_quantity));
  }
  q.add("newClientOrderId", order.client_order_id.value());
  q.add("newOrderRespType", "FULL");
  const Reply r = call("POST", "/api/v3/order", std::move(q), true, 1, true);
  if (!r.ok()) {
    push(OrderRejected{h, r.error});
    return;
  }
  h.venue_order_id = VenueOrderId(r.body.value("orderId", json(0)).dump());
  if (r.body.contains("transactTime"))
    h.ts_event =
        Timestamp::checked_from_ms(r.body["transactTime"].get<std::int64_t>()).value_or(at);
  push(OrderAccepted{h});
  auto t = std::make_unique<Tracked>();
  t->order = order;
  t->order.venue_order_id = h.venue_order_id;
  // A FULL answer of an order that executed at once: report it now.
  if (progress(*t, r.body, at)) return;
  tracked_[order.client_order_id.value()] = std::move(t);
}

void SpotExecutionClient::cancel(const Order& order, Timestamp at) {
  ReportHeader h;
  h.instrument = id_;
  h.order_id = order.id;
  h.client_order_id = order.client_order_id;
  h.venue_order_id = order.venue_order_id;
  h.ts_event = at;
  h.ts_init = at;
  net::QueryString q;
  q.add("symbol", instrument_.symbol);
  q.add("origClientOrderId", order.client_order_id.value());
  const Reply r = call("DELETE", "/api/v3/order", std::move(q), true, 1, false);
  if (!r.ok()) {
    push(RequestRejected{h, RequestRejected::Request::Cancel, r.error});
    return;
  }
  // Fills that happened before the cancel come first; the cancel then ends the order.
  if (const auto it = tracked_.find(order.client_order_id.value()); it != tracked_.end()) {
    Tracked t = std::move(*it->second);
    tracked_.erase(it);
    json body = r.body;
    body["status"] = "NEW";  // report the fills only; the cancel follows
    progress(t, body, at);
  }
  push(OrderCancelled{h});
}

void SpotExecutionClient::query_order(const Order& order, Timestamp at) {
  ReportHeader h;
  h.instrument = id_;
  h.order_id = order.id;
  h.client_order_id = order.client_order_id;
  h.venue_order_id = order.venue_order_id;
  h.ts_event = at;
  h.ts_init = at;
  net::QueryString q;
  q.add("symbol", instrument_.symbol);
  q.add("origClientOrderId", order.client_order_id.value());
  const Reply r = call("GET", "/api/v3/order", std::move(q), true, 4, false);
  if (!r.ok()) {
    push(RequestRejected{h, RequestRejected::Request::Query, r.error});
    return;
  }
  OrderStatusReport s{h, order};
  s.order.status = status_of(r.body.value("status", std::string("NEW")));
  s.order.filled_quantity = dec_field(r.body, "executedQty");
  s.order.filled_quote = dec_field(r.body, "cummulativeQuoteQty");
  s.venue_order_id = VenueOrderId(r.body.value("orderId", json(0)).dump());
  s.order.venue_order_id = s.venue_order_id;
  push(std::move(s));
}

std::vector<OrderStatusReport> SpotExecutionClient::open_orders(
    const InstrumentId& instrument) const {
  (void)instrument;  // one instrument per client
  net::QueryString q;
  q.add("symbol", instrument_.symbol);
  const Reply r = call("GET", "/api/v3/openOrders", std::move(q), true, 6, false);
  if (!r.ok()) throw Error("Binance GET /api/v3/openOrders failed: " + r.error);
  std::vector<OrderStatusReport> out;
  for (const json& o : r.body) {
    OrderStatusReport s;
    s.instrument = id_;
    s.client_order_id = ClientOrderId(o.value("clientOrderId", std::string()));
    s.venue_order_id = VenueOrderId(o.value("orderId", json(0)).dump());
    s.order.client_order_id = s.client_order_id;
    s.order.venue_order_id = s.venue_order_id;
    s.order.symbol = instrument_.symbol;
    s.order.instrument = id_;
    s.order.side = o.value("side", std::string()) == "SELL" ? OrderSide::Sell : OrderSide::Buy;
    s.order.type =
        o.value("type", std::string()) == "MARKET" ? OrderType::Market : OrderType::Limit;
    s.order.price = dec_field(o, "price");
    s.order.quantity = dec_field(o, "origQty");
    s.order.filled_quantity = dec_field(o, "executedQty");
    s.order.filled_quote = dec_field(o, "cummulativeQuoteQty");
    s.order.status = status_of(o.value("status", std::string("NEW")));
    if (const auto it = tracked_.find(s.client_order_id.value()); it != tracked_.end())
      s.order_id = it->second->order.id;
    s.order.id = s.order_id;
    out.push_back(std::move(s));
  }
  return out;
}

bool SpotExecutionClient::progress(Tracked& t, const json& body, Timestamp at) {
  ReportHeader h;
  h.instrument = id_;
  h.order_id = t.order.id;
  h.client_order_id = t.order.client_order_id;
  h.venue_order_id = t.order.venue_order_id;
  h.ts_event = Timestamp::checked_from_ms(
                   body.value("updateTime", body.value("transactTime", std::int64_t{0})))
                   .value_or(at);
  if (h.ts_event.ns == 0) h.ts_event = at;
  h.ts_init = at;
  const Decimal executed = dec_field(body, "executedQty");
  const Decimal quote = dec_field(body, "cummulativeQuoteQty");
  if (executed > t.executed) {
    const Decimal qty = executed - t.executed;
    OrderFilled f{h, {}};
    f.fill.order_id = t.order.id;
    f.fill.symbol = instrument_.symbol;
    f.fill.instrument = id_;
    f.fill.venue_order_id = h.venue_order_id;
    f.fill.trade_id = TradeId(fmt::format("{}-{}", h.venue_order_id.value(), ++t.fills));
    f.fill.side = t.order.side;
    f.fill.quantity = qty;
    f.fill.price = div(quote - t.executed_quote, qty, Rounding::HalfEven);
    f.fill.fee_currency = instrument_.quote_currency;
    f.fill.liquidity = t.order.type == OrderType::Market ? Liquidity::Taker : Liquidity::Maker;
    f.fill.executed_at = h.ts_event;
    t.executed = executed;
    t.executed_quote = quote;
    push(std::move(f));
  }
  const std::string status = body.value("status", std::string("NEW"));
  const OrderStatus st = status_of(status);
  if (!is_terminal(st)) return false;
  if (st == OrderStatus::Cancelled) push(OrderCancelled{h});
  if (st == OrderStatus::Expired) push(OrderExpired{h, status});
  if (st == OrderStatus::Rejected) push(OrderRejected{h, status});
  return true;
}

std::size_t SpotExecutionClient::poll(Timestamp at) {
  std::size_t polled = 0;
  for (auto it = tracked_.begin(); it != tracked_.end();) {
    net::QueryString q;
    q.add("symbol", instrument_.symbol);
    q.add("origClientOrderId", it->first);
    const Reply r = call("GET", "/api/v3/order", std::move(q), true, 4, false);
    if (!r.ok()) {  // held back or failed: asked again at the next poll
      ++it;
      continue;
    }
    ++polled;
    it = progress(*it->second, r.body, at) ? tracked_.erase(it) : std::next(it);
  }
  return polled;
}

}  // namespace talon::binance
