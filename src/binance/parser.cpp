#include <cstring>

#include "payloads.hpp"

namespace talon::binance {

using detail::Element;
using detail::Malformed;
using detail::Object;

struct Parser::Impl {
  explicit Impl(Market market) : ids(market) {}
  simdjson::dom::parser dom;
  std::vector<char> buffer;  ///< the message copied with simdjson's padding
  detail::IdCache ids;
};

Parser::Parser(Market market) : market_(market), impl_(std::make_unique<Impl>(market)) {}
Parser::~Parser() = default;

template <class Fn>
ParseStatus Parser::run(std::string_view json, const std::string& kind, Fn&& fn) {
  auto& buf = impl_->buffer;
  if (buf.size() < json.size() + simdjson::SIMDJSON_PADDING)
    buf.resize(json.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(buf.data(), json.data(), json.size());
  Element root;
  if (const auto err = impl_->dom.parse(buf.data(), json.size(), false).get(root)) {
    std::string why = std::string("not JSON: ") + simdjson::error_message(err);
    errors_.record(kind, why);
    return ParseStatus::failure(std::move(why));
  }
  try {
    fn(root);
    return ParseStatus::success();
  } catch (const Malformed& m) {
    std::string why = std::string(kind) + ": " + m.what;
    errors_.record(kind, why);
    return ParseStatus::failure(std::move(why));
  } catch (const std::exception& e) {  // a Decimal overflow in arithmetic, an allocation
    std::string why = std::string(kind) + ": " + e.what();
    errors_.record(kind, why);
    return ParseStatus::failure(std::move(why));
  }
}

ParseStatus Parser::trade(std::string_view json, TradeTick& out, Timestamp ts_init) {
  return run(json, "trade", [&](Element r) {
    detail::trade(detail::as_object(r, "message"), impl_->ids, ts_init, out);
  });
}

ParseStatus Parser::agg_trade(std::string_view json, TradeTick& out, Timestamp ts_init) {
  return run(json, "aggTrade", [&](Element r) {
    detail::agg_trade(detail::as_object(r, "message"), impl_->ids, ts_init, out);
  });
}

ParseStatus Parser::book_ticker(std::string_view json, QuoteTick& out, Timestamp ts_init) {
  return run(json, "bookTicker", [&](Element r) {
    detail::book_ticker(detail::as_object(r, "message"), impl_->ids, ts_init, out);
  });
}

ParseStatus Parser::depth_update(std::string_view json, DepthUpdate& out,
                                 std::uint64_t& previous_final_update_id, Timestamp ts_init) {
  return run(json, "depthUpdate", [&](Element r) {
    detail::depth_update(detail::as_object(r, "message"), impl_->ids, ts_init, out,
                         previous_final_update_id);
  });
}

ParseStatus Parser::kline(std::string_view json, Bar& out, bool& closed, Timestamp ts_init) {
  return run(json, "kline", [&](Element r) {
    detail::kline(detail::as_object(r, "message"), impl_->ids, ts_init, out, closed);
  });
}

ParseStatus Parser::depth_snapshot(std::string_view json, const InstrumentId& instrument,
                                   Timestamp at, DepthSnapshot& out) {
  return run(json, "depthSnapshot", [&](Element r) {
    detail::depth_snapshot(detail::as_object(r, "depth snapshot"), instrument, at, out);
  });
}

ParseStatus Parser::klines(std::string_view json, const InstrumentId& instrument,
                           std::int64_t interval_ns, std::vector<Bar>& out) {
  return run(json, "klines", [&](Element r) {
    detail::klines(detail::as_array(r, "klines"), instrument, interval_ns, out);
  });
}

ParseStatus Parser::exchange_info(std::string_view json, std::vector<Instrument>& out) {
  return run(json, "exchangeInfo", [&](Element r) {
    detail::exchange_info(detail::as_object(r, "exchange info"), market_, out);
  });
}

ParseStatus Parser::execution_report(std::string_view json, ExecutionReport& out,
                                     Timestamp ts_init) {
  return run(json, "executionReport", [&](Element r) {
    detail::execution_report(detail::as_object(r, "message"), impl_->ids, ts_init, out);
  });
}

ParseStatus Parser::order_trade_update(std::string_view json, ExecutionReport& out,
                                       Timestamp ts_init) {
  return run(json, "ORDER_TRADE_UPDATE", [&](Element r) {
    detail::order_trade_update(detail::as_object(r, "message"), impl_->ids, ts_init, out);
  });
}

ParseStatus Parser::message(std::string_view json, Message& out, Timestamp ts_init) {
  out.value = std::monostate{};
  out.kind.clear();
  out.previous_final_update_id = 0;
  std::string kind = "message";
  // `kind` names the message once its `e` is read, so a failure is counted under it.
  return run(json, kind, [&](Element r) {
    Object o;
    if (r.get(o) != simdjson::SUCCESS) {
      // REST arrays (klines, trades) and scalars are not stream messages.
      out.kind = "array";
      return;
    }
    // Envelopes: combined streams {"stream","data"}, WebSocket API {"subscriptionId","event"}.
    for (const char* key : {"data", "event"}) {
      if (const auto inner = detail::find(o, key)) {
        Object io;
        if (inner->get(io) == simdjson::SUCCESS) {
          o = io;
          break;
        }
      }
    }
    const auto e = detail::find(o, "e");
    if (!e) {
      if (detail::find(o, "u") && detail::find(o, "b") && detail::find(o, "A")) {
        out.kind = kind = "bookTicker";
        QuoteTick q;
        detail::book_ticker(o, impl_->ids, ts_init, q);
        out.value = MarketEvent(q);
      } else if (detail::find(o, "result") || detail::find(o, "id")) {
        out.kind = "result";
      } else if (detail::find(o, "lastUpdateId")) {
        out.kind = "depthSnapshot";
      } else {
        out.kind = "unknown";
      }
      return;
    }
    const std::string_view type = detail::str_of(*e, "e");
    out.kind = kind = std::string(type.substr(0, 64));
    if (type == "trade") {
      TradeTick t;
      detail::trade(o, impl_->ids, ts_init, t);
      out.value = MarketEvent(t);
    } else if (type == "aggTrade") {
      TradeTick t;
      detail::agg_trade(o, impl_->ids, ts_init, t);
      out.value = MarketEvent(t);
    } else if (type == "bookTicker") {
      QuoteTick q;
      detail::book_ticker(o, impl_->ids, ts_init, q);
      out.value = MarketEvent(q);
    } else if (type == "depthUpdate") {
      DepthUpdate d;
      detail::depth_update(o, impl_->ids, ts_init, d, out.previous_final_update_id);
      out.value = MarketEvent(std::move(d));
    } else if (type == "kline") {
      Bar b;
      bool closed = false;
      detail::kline(o, impl_->ids, ts_init, b, closed);
      if (closed) out.value = MarketEvent(b);  // an open kline is not a bar yet
    } else if (type == "executionReport") {
      ExecutionReport rep;
      detail::execution_report(o, impl_->ids, ts_init, rep);
      out.value = std::move(rep);
    } else if (type == "ORDER_TRADE_UPDATE") {
      ExecutionReport rep;
      detail::order_trade_update(o, impl_->ids, ts_init, rep);
      out.value = std::move(rep);
    }
  });
}

}  // namespace talon::binance
