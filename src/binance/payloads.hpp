#pragma once
// Internal: conversions of parsed Binance JSON objects into talon types. Each throws
// detail::Malformed naming the field at fault; Parser (parser.cpp) catches it.

#include <vector>

#include <talon/binance/parser.hpp>

#include "json_fields.hpp"

namespace talon::binance::detail {

/// Remembers the last symbol's id so that a stream of one symbol builds it once.
class IdCache {
 public:
  explicit IdCache(Market market) : market_(market) {}
  const InstrumentId& get(std::string_view symbol);

 private:
  Market market_;
  std::string symbol_{};
  InstrumentId id_{};
};

void trade(Object o, IdCache& ids, Timestamp ts_init, TradeTick& out);
void agg_trade(Object o, IdCache& ids, Timestamp ts_init, TradeTick& out);
void book_ticker(Object o, IdCache& ids, Timestamp ts_init, QuoteTick& out);
void depth_update(Object o, IdCache& ids, Timestamp ts_init, DepthUpdate& out, std::uint64_t& pu);
void kline(Object o, IdCache& ids, Timestamp ts_init, Bar& out, bool& closed);
void depth_snapshot(Object o, const InstrumentId& instrument, Timestamp at, DepthSnapshot& out);
void klines(Array a, const InstrumentId& instrument, std::int64_t interval_ns,
            std::vector<Bar>& out);
void exchange_info(Object o, Market market, std::vector<Instrument>& out);
void execution_report(Object o, IdCache& ids, Timestamp ts_init, ExecutionReport& out);
void order_trade_update(Object o, IdCache& ids, Timestamp ts_init, ExecutionReport& out);

}  // namespace talon::binance::detail
