// The loopback Binance spot exchange (sim_exchange.hpp): routing, authentication, and the
// JSON of Binance's REST answers (spot REST API: "General endpoints", "Market data
// endpoints", "Trading endpoints", "Account endpoints").
#include <fmt/format.h>

#include <cctype>
#include <nlohmann/json.hpp>

#include <talon/binance/sim_exchange.hpp>
#include <talon/core/error.hpp>
#include <talon/core/rounding.hpp>
#include <talon/execution/order_manager.hpp>
#include <talon/execution/portfolio.hpp>
#include <talon/execution/report_queue.hpp>
#include <talon/net/query_string.hpp>
#include <talon/net/signing.hpp>

namespace talon::binance {
namespace {

using json = nlohmann::ordered_json;
using Params = std::map<std::string, std::string, std::less<>>;

std::string dec(Decimal d) {
  return d.to_string(8, Rounding::HalfEven);
}

// A Binance error answer: HTTP `status`, {"code": code, "msg": msg}.
struct Refusal {
  int status = 400;
  int code = 0;
  std::string msg;
};

std::int64_t ms(Timestamp t) {
  return t.unix_ms();
}

std::string binance_status(OrderStatus s) {
  switch (s) {
    case OrderStatus::Pending:
    case OrderStatus::Submitted:
    case OrderStatus::New: return "NEW";
    case OrderStatus::PartiallyFilled: return "PARTIALLY_FILLED";
    case OrderStatus::Filled: return "FILLED";
    case OrderStatus::Cancelled: return "CANCELED";
    case OrderStatus::Expired: return "EXPIRED";
    case OrderStatus::Rejected:
    case OrderStatus::Failed: return "REJECTED";
  }
  return "NEW";
}

std::string binance_type(const Order& o) {
  switch (o.type) {
    case OrderType::Market: return "MARKET";
    case OrderType::Limit: return o.time_in_force == TimeInForce::Gtx ? "LIMIT_MAKER" : "LIMIT";
    case OrderType::StopMarket: return "STOP_LOSS";
    case OrderType::StopLimit: return "STOP_LOSS_LIMIT";
    case OrderType::TakeProfit: return "TAKE_PROFIT";
    case OrderType::TakeProfitLimit: return "TAKE_PROFIT_LIMIT";
    case OrderType::TrailingStop: return "STOP_LOSS";
  }
  return "LIMIT";
}

// Request weights of Binance spot REST (the endpoint pages, 2025).
int weight_of(std::string_view method, std::string_view path, const Params& p) {
  if (path == "/api/v3/exchangeInfo") return 20;
  if (path == "/api/v3/account") return 20;
  if (path == "/api/v3/allOrders") return 20;
  if (path == "/api/v3/depth") {
    const auto it = p.find("limit");
    const int limit = it == p.end() ? 100 : std::atoi(it->second.c_str());
    return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
  }
  if (path == "/api/v3/openOrders") return method == "GET" && !p.count("symbol") ? 80 : 6;
  if (path == "/api/v3/order") return method == "GET" ? 4 : 1;
  return method == "GET" && path == "/api/v3/klines" ? 2 : 1;
}

}  // namespace

struct SimExchange::State {
  explicit State(SimExchangeConfig c)
      : config(std::move(c)),
        portfolio(config.balance, config.instrument.base_currency),
        venue(config.instrument, config.venue),
        orders(config.instrument, portfolio, venue) {
    venue.set_report_sink(&queue);
  }

  SimExchangeConfig config;
  Portfolio portfolio;
  SimulatedVenue venue;
  OrderManager orders;
  ReportQueue queue;
  Timestamp start;
  std::size_t next_bar = 0;
  Bar current{};
  // Binance order ids, in creation order.
  std::int64_t next_order_id = 1;
  std::int64_t generated_ids = 0;
  std::size_t streamed = 0;  ///< bars already turned into stream messages
  // Injected faults: the next `fault_count` answers.
  int fault_status = 0, fault_count = 0, fault_retry_after = 0;
  std::map<std::int64_t, ClientOrderId> by_id;
  std::map<ClientOrderId, std::int64_t> id_of;
  // Request weight and order counts of the current windows.
  std::int64_t weight_minute = 0, weight = 0;
  std::int64_t orders_10s = 0, orders_day = 0, order_count_10s = 0, order_count_day = 0;

  void drain() {
    queue.drain([this](const ExecutionReport& r) { orders.apply(r); });
  }

  Bar rebased(std::size_t i) const {
    Bar b = config.bars[i];
    b.interval_ns = config.bar_period_ns;
    b.open_time = Timestamp{start.ns + static_cast<std::int64_t>(i) * config.bar_period_ns};
    b.close_time = Timestamp{b.open_time.ns + config.bar_period_ns - 1};
    return b;
  }

  void advance(Timestamp now) {
    while (next_bar < config.bars.size()) {
      const Bar b = rebased(next_bar);
      if (b.open_time > now) break;
      current = b;
      ++next_bar;
      process_event(venue, MarketEvent(current), queue,
                    [this](const ExecutionReport& r) { orders.apply(r); });
    }
  }

  Decimal last() const { return venue.last_price().is_zero() ? current.close : venue.last_price(); }

  // ---- answers -------------------------------------------------------------------------

  json order_json(const Order& o, std::int64_t order_id) const {
    json j;
    j["symbol"] = config.instrument.symbol;
    j["orderId"] = order_id;
    j["orderListId"] = -1;
    j["clientOrderId"] = o.client_order_id.value();
    j["price"] = dec(o.price);
    j["origQty"] = dec(o.quantity);
    j["executedQty"] = dec(o.filled_quantity);
    j["cummulativeQuoteQty"] = dec(o.filled_quote);
    j["status"] = binance_status(o.status);
    j["timeInForce"] = o.time_in_force == TimeInForce::Ioc   ? "IOC"
                       : o.time_in_force == TimeInForce::Fok ? "FOK"
                                                             : "GTC";
    j["type"] = binance_type(o);
    j["side"] = o.side == OrderSide::Buy ? "BUY" : "SELL";
    j["stopPrice"] = dec(o.stop_price);
    j["icebergQty"] = dec(Decimal{});
    j["time"] = ms(o.created_at);
    j["updateTime"] = ms(o.updated_at.ns ? o.updated_at : o.created_at);
    j["isWorking"] = !is_conditional(o.type) || o.triggered;
    j["workingTime"] = ms(o.created_at);
    j["origQuoteOrderQty"] = dec(o.quote_quantity);
    j["selfTradePreventionMode"] = "NONE";
    return j;
  }

  const Order* find(const Params& p, std::int64_t& order_id) const {
    if (const auto it = p.find("orderId"); it != p.end()) {
      order_id = std::atoll(it->second.c_str());
      const auto b = by_id.find(order_id);
      return b == by_id.end() ? nullptr : orders.find_client(b->second);
    }
    if (const auto it = p.find("origClientOrderId"); it != p.end()) {
      const auto c = id_of.find(ClientOrderId(it->second));
      if (c == id_of.end()) return nullptr;
      order_id = c->second;
      return orders.find_client(c->first);
    }
    throw Refusal{400, -1102,
                  "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!"};
  }

  void check_symbol(const Params& p, bool required) const {
    const auto it = p.find("symbol");
    if (it == p.end()) {
      if (required)
        throw Refusal{400, -1102,
                      "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."};
      return;
    }
    if (it->second != config.instrument.symbol) throw Refusal{400, -1121, "Invalid symbol."};
  }

  static const std::string& need(const Params& p, const char* name) {
    const auto it = p.find(name);
    if (it == p.end() || it->second.empty())
      throw Refusal{
          400, -1102,
          fmt::format("Mandatory parameter '{}' was not sent, was empty/null, or malformed.",
                      name)};
    return it->second;
  }

  static Decimal need_decimal(const Params& p, const char* name) {
    const auto d = Decimal::try_parse(need(p, name));
    if (!d || d->is_negative())
      throw Refusal{400, -1100, fmt::format("Illegal characters found in parameter '{}'.", name)};
    return *d;
  }

  json exchange_info(Timestamp now) const {
    const Instrument& i = config.instrument;
    json sym;
    sym["symbol"] = i.symbol;
    sym["status"] = i.status == InstrumentStatus::Trading ? "TRADING" : "BREAK";
    sym["baseAsset"] = i.base_currency;
    sym["baseAssetPrecision"] = 8;
    sym["quoteAsset"] = i.quote_currency;
    sym["quotePrecision"] = 8;
    sym["quoteAssetPrecision"] = 8;
    sym["baseCommissionPrecision"] = 8;
    sym["quoteCommissionPrecision"] = 8;
    sym["orderTypes"] = {"LIMIT",           "LIMIT_MAKER", "MARKET",           "STOP_LOSS",
                         "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT"};
    sym["icebergAllowed"] = false;
    sym["ocoAllowed"] = false;
    sym["otoAllowed"] = false;
    sym["quoteOrderQtyMarketAllowed"] = true;
    sym["allowTrailingStop"] = false;
    sym["cancelReplaceAllowed"] = false;
    sym["amendAllowed"] = false;
    sym["isSpotTradingAllowed"] = true;
    sym["isMarginTradingAllowed"] = false;
    const Decimal max_qty = i.max_quantity.is_positive() ? i.max_quantity : Decimal::from_int(9000);
    sym["filters"] = json::array(
        {{{"filterType", "PRICE_FILTER"},
          {"minPrice", dec(i.tick_size)},
          {"maxPrice", dec(Decimal::from_int(1000000))},
          {"tickSize", dec(i.tick_size)}},
         {{"filterType", "LOT_SIZE"},
          {"minQty", dec(i.min_quantity)},
          {"maxQty", dec(max_qty)},
          {"stepSize", dec(i.lot_size)}},
         {{"filterType", "MARKET_LOT_SIZE"},
          {"minQty", dec(i.market_min_quantity.is_positive() ? i.market_min_quantity : Decimal{})},
          {"maxQty", dec(i.market_max_quantity.is_positive() ? i.market_max_quantity : max_qty)},
          {"stepSize", dec(i.market_lot_size.is_positive() ? i.market_lot_size : Decimal{})}},
         {{"filterType", "NOTIONAL"},
          {"minNotional", dec(i.min_notional)},
          {"applyMinToMarket", true},
          {"maxNotional", dec(Decimal::from_int(9000000))},
          {"applyMaxToMarket", false},
          {"avgPriceMins", 5}}});
    sym["permissions"] = json::array();
    sym["permissionSets"] = json::array({json::array({"SPOT"})});
    sym["defaultSelfTradePreventionMode"] = "NONE";
    sym["allowedSelfTradePreventionModes"] = {"NONE"};
    json j;
    j["timezone"] = "UTC";
    j["serverTime"] = ms(now);
    j["rateLimits"] = json::array(
        {{{"rateLimitType", "REQUEST_WEIGHT"},
          {"interval", "MINUTE"},
          {"intervalNum", 1},
          {"limit", 6000}},
         {{"rateLimitType", "ORDERS"}, {"interval", "SECOND"}, {"intervalNum", 10}, {"limit", 50}},
         {{"rateLimitType", "ORDERS"},
          {"interval", "DAY"},
          {"intervalNum", 1},
          {"limit", 160000}}});
    j["exchangeFilters"] = json::array();
    j["symbols"] = json::array({sym});
    return j;
  }

  json depth(const Params& p) const {
    int limit = 100;
    if (const auto it = p.find("limit"); it != p.end()) limit = std::atoi(it->second.c_str());
    if (limit <= 0 || limit > 5000)
      throw Refusal{400, -1100, "Illegal characters found in parameter 'limit'."};
    const int levels = std::min(limit, config.book_levels);
    const Instrument& i = config.instrument;
    const Decimal tick = i.tick_size.is_positive() ? i.tick_size : Decimal::parse("0.00000001");
    const Decimal mid = round_to_step(last(), tick, Rounding::HalfEven);
    json bids = json::array(), asks = json::array();
    for (int k = 1; k <= levels; ++k) {
      const Decimal bid = mid - tick * k;
      const Decimal ask = mid + tick * k;
      if (bid.is_positive()) bids.push_back({dec(bid), dec(level_quantity(bid))});
      asks.push_back({dec(ask), dec(level_quantity(ask))});
    }
    return {{"lastUpdateId", next_bar}, {"bids", bids}, {"asks", asks}};
  }

  Decimal level_quantity(Decimal price) const {
    const Instrument& i = config.instrument;
    const Decimal lot = i.lot_size.is_positive() ? i.lot_size : Decimal::parse("0.00000001");
    Decimal q =
        round_to_step(div(config.book_level_notional, price, Rounding::Down), lot, Rounding::Down);
    return std::max(q, i.min_quantity);
  }

  json klines(const Params& p) const {
    check_symbol(p, true);
    std::size_t limit = 500;
    if (const auto it = p.find("limit"); it != p.end())
      limit = static_cast<std::size_t>(std::clamp(std::atoi(it->second.c_str()), 1, 1000));
    const std::size_t first = next_bar > limit ? next_bar - limit : 0;
    json out = json::array();
    for (std::size_t k = first; k < next_bar; ++k) {
      const Bar b = rebased(k);
      out.push_back({ms(b.open_time), dec(b.open), dec(b.high), dec(b.low), dec(b.close),
                     dec(b.volume), ms(b.close_time), dec(b.quote_volume), b.trades_count,
                     dec(b.taker_buy_base_volume), dec(b.taker_buy_quote_volume), "0"});
    }
    return out;
  }

  json account(Timestamp now) const {
    const Instrument& i = config.instrument;
    const Decimal locked_quote = orders.locked_cash();
    const Decimal locked_base = orders.locked_base();
    const Decimal fee =
        div(config.venue.taker_fee_bps, Decimal::from_int(10000), Rounding::HalfEven);
    json j;
    j["makerCommission"] = 10;
    j["takerCommission"] = 10;
    j["buyerCommission"] = 0;
    j["sellerCommission"] = 0;
    j["commissionRates"] = {{"maker", dec(fee)},
                            {"taker", dec(fee)},
                            {"buyer", dec(Decimal{})},
                            {"seller", dec(Decimal{})}};
    j["canTrade"] = true;
    j["canWithdraw"] = false;
    j["canDeposit"] = false;
    j["brokered"] = false;
    j["requireSelfTradePrevention"] = false;
    j["preventSor"] = false;
    j["updateTime"] = ms(now);
    j["accountType"] = "SPOT";
    j["balances"] = json::array({{{"asset", i.base_currency},
                                  {"free", dec(portfolio.position_quantity() - locked_base)},
                                  {"locked", dec(locked_base)}},
                                 {{"asset", i.quote_currency},
                                  {"free", dec(portfolio.cash() - locked_quote)},
                                  {"locked", dec(locked_quote)}}});
    j["permissions"] = {"SPOT"};
    j["uid"] = 1;
    return j;
  }

  json new_order(const Params& p, Timestamp now) {
    check_symbol(p, true);
    OrderRequest r;
    const std::string& side = need(p, "side");
    if (side == "BUY")
      r.side = OrderSide::Buy;
    else if (side == "SELL")
      r.side = OrderSide::Sell;
    else
      throw Refusal{400, -1117, "Invalid side."};
    const std::string& type = need(p, "type");
    if (type == "MARKET")
      r.type = OrderType::Market;
    else if (type == "LIMIT" || type == "LIMIT_MAKER")
      r.type = OrderType::Limit;
    else if (type == "STOP_LOSS")
      r.type = OrderType::StopMarket;
    else if (type == "STOP_LOSS_LIMIT")
      r.type = OrderType::StopLimit;
    else if (type == "TAKE_PROFIT")
      r.type = OrderType::TakeProfit;
    else if (type == "TAKE_PROFIT_LIMIT")
      r.type = OrderType::TakeProfitLimit;
    else
      throw Refusal{400, -1116, "Invalid orderType."};
    if (type == "LIMIT_MAKER") r.time_in_force = TimeInForce::Gtx;
    if (has_limit_price(r.type)) {
      r.price = need_decimal(p, "price");
      if (type != "LIMIT_MAKER") {
        const std::string& tif = need(p, "timeInForce");
        if (tif == "GTC")
          r.time_in_force = TimeInForce::Gtc;
        else if (tif == "IOC")
          r.time_in_force = TimeInForce::Ioc;
        else if (tif == "FOK")
          r.time_in_force = TimeInForce::Fok;
        else
          throw Refusal{400, -1115, "Invalid timeInForce."};
      }
    }
    if (is_conditional(r.type)) r.stop_price = need_decimal(p, "stopPrice");
    if (p.count("quoteOrderQty")) {
      if (r.type != OrderType::Market || r.side != OrderSide::Buy)
        throw Refusal{400, -1106, "Parameter 'quoteOrderQty' sent when not required."};
      r.quote_quantity = need_decimal(p, "quoteOrderQty");
    } else {
      r.quantity = need_decimal(p, "quantity");
    }
    std::int64_t order_id = next_order_id;
    ClientOrderId cid;
    if (const auto it = p.find("newClientOrderId"); it != p.end() && !it->second.empty()) {
      cid = ClientOrderId(it->second);
      if (cid.value().rfind("talon-", 0) == 0)
        throw Refusal{400, -1100, "Illegal characters found in parameter 'newClientOrderId'."};
      if (id_of.count(cid)) throw Refusal{400, -2010, "Duplicate order sent."};
    } else {
      // Binance generates an id for an order sent without one; a refused order uses one up.
      cid = ClientOrderId(fmt::format("sim{:019}", ++generated_ids));
    }
    r.client_order_id = cid;
    orders.submit(r, now, last());
    drain();
    const Order* o = orders.find_client(cid);
    if (o == nullptr) throw Refusal{500, -1000, "order not recorded"};
    if (o->status == OrderStatus::Rejected) {
      const std::string& why = o->reject_reason;
      for (const char* rule :
           {"LOT_SIZE", "MARKET_LOT_SIZE", "NOTIONAL", "MIN_NOTIONAL", "PRICE_FILTER"})
        if (why.rfind(rule, 0) == 0)
          throw Refusal{400, -1013, std::string("Filter failure: ") + rule};
      if (why.find("insufficient") != std::string::npos)
        throw Refusal{400, -2010, "Account has insufficient balance for requested action."};
      throw Refusal{400, -1013, why};
    }
    ++next_order_id;
    by_id[order_id] = cid;
    id_of[cid] = order_id;
    json j = order_json(*o, order_id);
    j["transactTime"] = ms(now);
    j["fills"] = json::array();
    return j;
  }

  json cancel(const Params& p, Timestamp now) {
    check_symbol(p, true);
    std::int64_t order_id = 0;
    const Order* o = find(p, order_id);
    if (o == nullptr || is_terminal(o->status)) throw Refusal{400, -2011, "Unknown order sent."};
    const ClientOrderId cid = o->client_order_id;
    const RequestResult res = orders.cancel(cid, now);
    drain();
    o = orders.find_client(cid);
    if (!res.accepted || o->status != OrderStatus::Cancelled)
      throw Refusal{400, -2011, "Unknown order sent."};
    json j = order_json(*o, order_id);
    j["origClientOrderId"] = cid.value();
    j["transactTime"] = ms(now);
    return j;
  }

  json list_orders(const Params& p, bool open_only) const {
    check_symbol(p, !open_only);
    std::int64_t from_id = 0;
    if (const auto it = p.find("orderId"); it != p.end()) from_id = std::atoll(it->second.c_str());
    std::size_t limit = 500;
    if (const auto it = p.find("limit"); it != p.end())
      limit = static_cast<std::size_t>(std::clamp(std::atoi(it->second.c_str()), 1, 1000));
    json out = json::array();
    for (const auto& [id, cid] : by_id) {
      if (id < from_id) continue;
      const Order* o = orders.find_client(cid);
      if (o == nullptr || (open_only && is_terminal(o->status))) continue;
      out.push_back(order_json(*o, id));
      if (!open_only && out.size() == limit) break;
    }
    return out;
  }

  // ---- authentication ------------------------------------------------------------------

  void authenticate(const net::HttpRequest& req, const Params& p, Timestamp now) const {
    if (!config.api_secret.empty()) {
      if (req.header("X-MBX-APIKEY") != config.api_key)
        throw Refusal{401, -2015, "Invalid API-key, IP, or permissions for action."};
      const auto sig = p.find("signature");
      if (sig == p.end())
        throw Refusal{
            400, -1102,
            "Mandatory parameter 'signature' was not sent, was empty/null, or malformed."};
      const std::string payload = without_signature(req.query) + without_signature(req.body);
      if (!net::constant_time_equal(net::hmac_sha256_hex(config.api_secret, payload), sig->second))
        throw Refusal{400, -1022, "Signature for this request is not valid."};
    }
    const auto ts = p.find("timestamp");
    if (ts == p.end())
      throw Refusal{400, -1102,
                    "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed."};
    std::int64_t window = 5000;
    if (const auto it = p.find("recvWindow"); it != p.end())
      window = std::atoll(it->second.c_str());
    if (window <= 0 || window > 60000)
      throw Refusal{400, -1131, "recvWindow must be less than 60000"};
    const std::int64_t t = std::atoll(ts->second.c_str());
    if (t < ms(now) - window || t > ms(now) + 1000)
      throw Refusal{400, -1021, "Timestamp for this request is outside of the recvWindow."};
  }

  static std::string without_signature(const std::string& raw) {
    const auto pos = raw.find("signature=");
    if (pos == std::string::npos || (pos > 0 && raw[pos - 1] != '&')) return raw;
    auto end = raw.find('&', pos);
    std::string out = raw.substr(0, pos > 0 ? pos - 1 : 0);
    if (end != std::string::npos) out += raw.substr(pos > 0 ? end : end + 1);
    return out;
  }

  // ---- routing ---------------------------------------------------------------------------

  net::HttpResponse route(const net::HttpRequest& req, Timestamp now) {
    Params p;
    for (auto& [k, v] : net::parse_query(req.query)) p[k] = v;
    if (req.header("Content-Type").find("x-www-form-urlencoded") != std::string_view::npos ||
        (!req.body.empty() && req.body.find('=') != std::string::npos))
      for (auto& [k, v] : net::parse_query(req.body)) p[k] = v;
    const std::int64_t minute = Timestamp::floor_div(now.ns, kNanosPerMinute);
    if (minute != weight_minute) {
      weight_minute = minute;
      weight = 0;
    }
    weight += weight_of(req.method, req.path, p);
    const std::string& m = req.method;
    const std::string& path = req.path;
    json body;
    bool order_call = false;
    if (path == "/api/v3/ping")
      body = json::object();
    else if (path == "/api/v3/time")
      body = {{"serverTime", ms(now)}};
    else if (path == "/api/v3/exchangeInfo")
      body = exchange_info(now);
    else if (path == "/api/v3/depth") {
      check_symbol(p, true);
      body = depth(p);
    } else if (path == "/api/v3/klines")
      body = klines(p);
    else if (path == "/api/v3/ticker/price") {
      check_symbol(p, false);
      body = {{"symbol", config.instrument.symbol}, {"price", dec(last())}};
    } else if (path == "/api/v3/account" && m == "GET") {
      authenticate(req, p, now);
      body = account(now);
    } else if (path == "/api/v3/order" && m == "POST") {
      authenticate(req, p, now);
      order_call = true;
      count_order(now);
      body = new_order(p, now);
    } else if (path == "/api/v3/order" && m == "GET") {
      authenticate(req, p, now);
      check_symbol(p, true);
      std::int64_t id = 0;
      const Order* o = find(p, id);
      if (o == nullptr) throw Refusal{400, -2013, "Order does not exist."};
      body = order_json(*o, id);
    } else if (path == "/api/v3/order" && m == "DELETE") {
      authenticate(req, p, now);
      body = cancel(p, now);
    } else if (path == "/api/v3/openOrders" && m == "GET") {
      authenticate(req, p, now);
      body = list_orders(p, true);
    } else if (path == "/api/v3/allOrders" && m == "GET") {
      authenticate(req, p, now);
      body = list_orders(p, false);
    } else {
      throw Refusal{404, -1000, "Unknown endpoint " + m + " " + path.substr(0, 64)};
    }
    net::HttpResponse res;
    res.body = body.dump();
    add_usage(res, order_call);
    return res;
  }

  void count_order(Timestamp now) {
    const std::int64_t w10 = Timestamp::floor_div(now.ns, 10 * kNanosPerSecond);
    const std::int64_t day = now.epoch_day();
    if (w10 != orders_10s) {
      orders_10s = w10;
      order_count_10s = 0;
    }
    if (day != orders_day) {
      orders_day = day;
      order_count_day = 0;
    }
    ++order_count_10s;
    ++order_count_day;
  }

  void add_usage(net::HttpResponse& res, bool order_call) const {
    res.headers.emplace_back("X-MBX-USED-WEIGHT-1M", std::to_string(weight));
    if (order_call) {
      res.headers.emplace_back("X-MBX-ORDER-COUNT-10S", std::to_string(order_count_10s));
      res.headers.emplace_back("X-MBX-ORDER-COUNT-1D", std::to_string(order_count_day));
    }
  }
};

SimExchange::SimExchange(SimExchangeConfig config, Timestamp start) {
  if (config.bars.empty()) throw InvalidArgument("exchange-sim: no bars to replay");
  if (config.bar_period_ns <= 0)
    throw InvalidArgument("exchange-sim: the bar period must be positive");
  if (!config.balance.is_positive())
    throw InvalidArgument("exchange-sim: --balance must be positive");
  if (config.instrument.base_currency.empty() || config.instrument.quote_currency.empty())
    throw InvalidArgument("exchange-sim: the instrument needs base and quote assets");
  s_ = std::make_unique<State>(std::move(config));
  s_->start = start;
  s_->advance(start);
}

SimExchange::~SimExchange() = default;

void SimExchange::advance(Timestamp now) {
  s_->advance(now);
}

void SimExchange::inject(int status, int count, int retry_after_s) {
  if (status < 400 || status > 599 || count < 0)
    throw InvalidArgument("exchange-sim: a fault is an HTTP status 400..599 and a count >= 0");
  s_->fault_status = status;
  s_->fault_count = count;
  s_->fault_retry_after = retry_after_s;
}

net::HttpResponse SimExchange::handle(const net::HttpRequest& request, Timestamp now) {
  s_->advance(now);
  if (s_->fault_count > 0) {
    --s_->fault_count;
    net::HttpResponse res;
    res.status = s_->fault_status;
    const bool limit = res.status == 429 || res.status == 418;
    const char* msg = res.status == 418 ? "Way too many requests; IP banned."
                      : res.status == 429
                          ? "Too many requests; please use the websocket for live updates."
                          : "An unknown error occurred while processing the request.";
    res.body = json{{"code", limit ? -1003 : -1000}, {"msg", msg}}.dump();
    if (s_->fault_retry_after > 0)
      res.headers.emplace_back("Retry-After", std::to_string(s_->fault_retry_after));
    return res;
  }
  try {
    return s_->route(request, now);
  } catch (const Refusal& r) {
    net::HttpResponse res;
    res.status = r.status;
    res.body = json{{"code", r.code}, {"msg", r.msg}}.dump();
    s_->add_usage(res, false);
    return res;
  } catch (const Error& e) {  // a malformed parameter that talon's parsers refused
    net::HttpResponse res;
    res.status = 400;
    res.body = json{{"code", -1100}, {"msg", std::string("Illegal parameter: ") + e.what()}}.dump();
    s_->add_usage(res, false);
    return res;
  }
}

namespace {

std::string interval_label(std::int64_t ns) {
  struct Name {
    std::int64_t ns;
    const char* label;
  };
  static constexpr Name kNames[] = {
      {kNanosPerSecond, "1s"},     {kNanosPerMinute, "1m"},       {3 * kNanosPerMinute, "3m"},
      {5 * kNanosPerMinute, "5m"}, {15 * kNanosPerMinute, "15m"}, {30 * kNanosPerMinute, "30m"},
      {kNanosPerHour, "1h"},       {4 * kNanosPerHour, "4h"},     {kNanosPerDay, "1d"}};
  for (const Name& n : kNames)
    if (n.ns == ns) return n.label;
  return "1m";
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> SimExchange::take_stream_messages() {
  std::vector<std::pair<std::string, std::string>> out;
  const std::string& sym = s_->config.instrument.symbol;
  const std::string base = lower(sym);
  for (; s_->streamed < s_->next_bar; ++s_->streamed) {
    const std::size_t i = s_->streamed;
    const std::string label = interval_label(s_->config.bars[i].interval_ns);
    const Bar b = s_->rebased(i);
    json k;
    k["t"] = ms(b.open_time);
    k["T"] = ms(b.close_time);
    k["s"] = sym;
    k["i"] = label;
    k["f"] = 0;
    k["L"] = 0;
    k["o"] = dec(b.open);
    k["c"] = dec(b.close);
    k["h"] = dec(b.high);
    k["l"] = dec(b.low);
    k["v"] = dec(b.volume);
    k["n"] = b.trades_count;
    k["x"] = true;
    k["q"] = dec(b.quote_volume);
    k["V"] = dec(b.taker_buy_base_volume);
    k["Q"] = dec(b.taker_buy_quote_volume);
    k["B"] = "0";
    json kline;
    kline["e"] = "kline";
    kline["E"] = ms(b.close_time);
    kline["s"] = sym;
    kline["k"] = k;
    out.emplace_back(base + "@kline_" + label, kline.dump());
    json trade;
    trade["e"] = "trade";
    trade["E"] = ms(b.close_time);
    trade["s"] = sym;
    trade["t"] = static_cast<std::int64_t>(i + 1);
    trade["p"] = dec(b.close);
    trade["q"] = dec(s_->config.instrument.min_quantity);
    trade["T"] = ms(b.close_time);
    trade["m"] = false;
    trade["M"] = true;
    out.emplace_back(base + "@trade", trade.dump());
  }
  return out;
}

std::string SimExchange::on_stream_request(std::set<std::string>& topics,
                                           std::string_view message) {
  const json invalid = {{"code", 2}, {"msg", "Invalid request"}};
  const json req = json::parse(message, nullptr, false);
  if (!req.is_object() || !req.contains("method") || !req["method"].is_string())
    return invalid.dump();
  const json id = req.contains("id") ? req["id"] : json(nullptr);
  const std::string method = req["method"].get<std::string>();
  json answer;
  if (method == "LIST_SUBSCRIPTIONS") {
    answer["result"] = std::vector<std::string>(topics.begin(), topics.end());
    answer["id"] = id;
    return answer.dump();
  }
  if ((method != "SUBSCRIBE" && method != "UNSUBSCRIBE") || !req.contains("params") ||
      !req["params"].is_array())
    return invalid.dump();
  for (const json& p : req["params"]) {
    if (!p.is_string()) return invalid.dump();
    if (method == "SUBSCRIBE") {
      topics.insert(p.get<std::string>());
    } else {
      topics.erase(p.get<std::string>());
    }
  }
  answer["result"] = nullptr;
  answer["id"] = id;
  return answer.dump();
}

std::size_t SimExchange::bars_replayed() const noexcept {
  return s_->next_bar;
}
Decimal SimExchange::last_price() const noexcept {
  return s_->last();
}

}  // namespace talon::binance
