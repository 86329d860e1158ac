// Binance market-data payloads: trades, aggregate trades, book tickers, depth, klines.
#include <talon/core/error.hpp>

#include "payloads.hpp"

namespace talon::binance {

InstrumentId instrument_id(std::string_view symbol, Market market) {
  if (market == Market::Spot) return InstrumentId(symbol, "BINANCE");
  std::string perp(symbol);
  perp += "-PERP";
  return InstrumentId(perp, "BINANCE");
}

namespace detail {

const InstrumentId& IdCache::get(std::string_view symbol) {
  if (symbol != symbol_ || id_.is_empty()) {
    try {
      id_ = instrument_id(symbol, market_);
    } catch (const Error&) {
      throw Malformed{"field \"s\" is not a valid symbol"};
    }
    symbol_.assign(symbol);
  }
  return id_;
}

void trade(Object o, IdCache& ids, Timestamp ts_init, TradeTick& out) {
  out.instrument = ids.get(str(o, "s"));
  out.id = integer(o, "t");
  out.first_trade_id = out.id;
  out.last_trade_id = out.id;
  out.price = decimal(o, "p");
  out.quantity = decimal(o, "q");
  out.at = millis(o, "T");
  out.buyer_is_maker = boolean(o, "m");
  out.ts_init = ts_init;
}

void agg_trade(Object o, IdCache& ids, Timestamp ts_init, TradeTick& out) {
  out.instrument = ids.get(str(o, "s"));
  out.id = integer(o, "a");
  out.first_trade_id = integer(o, "f");
  out.last_trade_id = integer(o, "l");
  out.price = decimal(o, "p");
  out.quantity = decimal(o, "q");
  out.at = millis(o, "T");
  out.buyer_is_maker = boolean(o, "m");
  out.ts_init = ts_init;
}

void book_ticker(Object o, IdCache& ids, Timestamp ts_init, QuoteTick& out) {
  out.instrument = ids.get(str(o, "s"));
  out.update_id = update_id(o, "u");
  out.bid_price = decimal(o, "b");
  out.bid_quantity = decimal(o, "B");
  out.ask_price = decimal(o, "a");
  out.ask_quantity = decimal(o, "A");
  // USDⓈ-M carries the transaction time T (and event time E); spot carries neither.
  if (find(o, "T")) {
    out.ts_event = millis(o, "T");
  } else if (find(o, "E")) {
    out.ts_event = millis(o, "E");
  } else {
    out.ts_event = ts_init;
  }
  out.ts_init = ts_init;
}

namespace {

// [["price","qty"], ...] into changes of one side.
void levels(Array a, bool bid, std::string_view key, std::vector<DepthChange>& out) {
  for (Element level : a) {
    Array pq = as_array(level, key);
    if (pq.size() < 2) throw Malformed{"a level of \"" + std::string(key) + "\" has no quantity"};
    auto it = pq.begin();
    const Decimal price = decimal_text(str_of(*it, key), key);
    ++it;
    const Decimal qty = decimal_text(str_of(*it, key), key);
    if (price.is_negative() || qty.is_negative())
      throw Malformed{"a level of \"" + std::string(key) + "\" is negative"};
    out.push_back({bid, price, qty});
  }
}

}  // namespace

void depth_update(Object o, IdCache& ids, Timestamp ts_init, DepthUpdate& out, std::uint64_t& pu) {
  out.instrument = ids.get(str(o, "s"));
  out.at = millis(o, "E");
  out.first_update_id = update_id(o, "U");
  out.final_update_id = update_id(o, "u");
  if (out.first_update_id > out.final_update_id) throw Malformed{"first update id U > final u"};
  pu = find(o, "pu") ? update_id(o, "pu") : 0;
  out.changes.clear();
  levels(as_array(field(o, "b"), "b"), true, "b", out.changes);
  levels(as_array(field(o, "a"), "a"), false, "a", out.changes);
  out.ts_init = ts_init;
}

void kline(Object o, IdCache& ids, Timestamp ts_init, Bar& out, bool& closed) {
  const Object k = as_object(field(o, "k"), "k");
  out.instrument = ids.get(str(k, "s"));
  out.open_time = millis(k, "t");
  out.close_time = millis(k, "T");
  if (out.close_time < out.open_time) throw Malformed{"kline close time T before open time t"};
  out.interval_ns = out.close_time.ns - out.open_time.ns + kNanosPerMilli;
  out.open = decimal(k, "o");
  out.high = decimal(k, "h");
  out.low = decimal(k, "l");
  out.close = decimal(k, "c");
  out.volume = decimal(k, "v");
  out.quote_volume = decimal(k, "q");
  out.taker_buy_base_volume = decimal(k, "V");
  out.taker_buy_quote_volume = decimal(k, "Q");
  out.trades_count = integer(k, "n");
  if (out.high < out.low) throw Malformed{"kline high below low"};
  closed = boolean(k, "x");
  out.ts_init = ts_init;
}

void depth_snapshot(Object o, const InstrumentId& instrument, Timestamp at, DepthSnapshot& out) {
  out.instrument = instrument;
  out.last_update_id = update_id(o, "lastUpdateId");
  out.at = find(o, "T") ? millis(o, "T") : at;
  out.ts_init = at;
  out.levels.clear();
  levels(as_array(field(o, "bids"), "bids"), true, "bids", out.levels);
  levels(as_array(field(o, "asks"), "asks"), false, "asks", out.levels);
}

void klines(Array a, const InstrumentId& instrument, std::int64_t interval_ns,
            std::vector<Bar>& out) {
  for (Element row_el : a) {
    Array row = as_array(row_el, "kline");
    if (row.size() < 11) throw Malformed{"a kline row has fewer than 11 columns"};
    Element col[11];
    std::size_t i = 0;
    for (Element c : row) {
      if (i == 11) break;
      col[i++] = c;
    }
    Bar b;
    b.instrument = instrument;
    b.interval_ns = interval_ns;
    b.open_time = millis_of(int_of(col[0], "open time"), "open time");
    b.open = decimal_text(str_of(col[1], "open"), "open");
    b.high = decimal_text(str_of(col[2], "high"), "high");
    b.low = decimal_text(str_of(col[3], "low"), "low");
    b.close = decimal_text(str_of(col[4], "close"), "close");
    b.volume = decimal_text(str_of(col[5], "volume"), "volume");
    b.close_time = millis_of(int_of(col[6], "close time"), "close time");
    b.quote_volume = decimal_text(str_of(col[7], "quote volume"), "quote volume");
    b.trades_count = int_of(col[8], "trades");
    b.taker_buy_base_volume = decimal_text(str_of(col[9], "taker buy base"), "taker buy base");
    b.taker_buy_quote_volume = decimal_text(str_of(col[10], "taker buy quote"), "taker buy quote");
    if (b.high < b.low) throw Malformed{"kline high below low"};
    if (b.close_time < b.open_time) throw Malformed{"kline close time before open time"};
    out.push_back(b);
  }
}

}  // namespace detail
}  // namespace talon::binance
