#pragma once
// Parsers of Binance spot and USDⓈ-M futures JSON payloads on simdjson, into talon's events.
// Every function takes the message text, never throws on bad input, and returns a
// ParseStatus naming the field at fault; the Parser keeps a ParseErrorCounter by kind.
//
// Sources (field letters as documented):
// - Spot "WebSocket Streams": Trade (`trade`), Aggregate Trade (`aggTrade`), Kline
//   (`kline`), Individual Symbol Book Ticker (no `e`; `u`,`s`,`b`,`B`,`a`,`A`), Diff. Depth
//   (`depthUpdate`: `E`,`s`,`U`,`u`,`b`,`a`); combined streams wrap messages as
//   {"stream": ..., "data": {...}}.
// - USDⓈ-M "Websocket Market Streams": the same kinds with `T` (transaction time) and, in
//   depth updates, `pu` (previous final update id).
// - Spot "User Data Streams": Order Update (`executionReport`), also wrapped as
//   {"subscriptionId": n, "event": {...}} by the WebSocket API; USDⓈ-M "User Data Streams":
//   `ORDER_TRADE_UPDATE`.
// - REST: GET /api/v3/depth and /fapi/v1/depth (`lastUpdateId`, `bids`, `asks`), GET
//   /api/v3/klines and /fapi/v1/klines (arrays of 12), GET /api/v3/exchangeInfo and
//   /fapi/v1/exchangeInfo (`symbols` with `filters`).
//
// Times are Binance milliseconds converted to UTC ns with overflow checks; prices and
// quantities are decimal strings read exactly into Decimal.

#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <talon/binance/parse_status.hpp>
#include <talon/model/execution_report.hpp>
#include <talon/model/instrument.hpp>
#include <talon/model/market_event.hpp>

namespace talon::binance {

enum class Market { Spot, UsdM };

/// talon's id of a Binance symbol: "BTCUSDT.BINANCE" (spot) or "BTCUSDT-PERP.BINANCE"
/// (USDⓈ-M perpetual). Throws InvalidArgument for a symbol no id can hold.
InstrumentId instrument_id(std::string_view symbol, Market market);

/// What one message turned out to be: a market event, an execution report, or a message
/// talon recognises and does not convert (subscription answers, account and balance updates,
/// other events), named by `kind`.
struct Message {
  std::variant<std::monostate, MarketEvent, ExecutionReport> value{};
  std::string kind{};  ///< the event type (`e`), "bookTicker", "depthSnapshot", "result", ...
  /// A USDⓈ-M depthUpdate's `pu` (final id of the previous event); zero otherwise.
  std::uint64_t previous_final_update_id{};
};

class Parser {
 public:
  explicit Parser(Market market = Market::Spot);
  ~Parser();
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  Market market() const noexcept { return market_; }

  /// Any stream or user-data message: unwraps the combined-stream and WebSocket-API
  /// envelopes, then dispatches on `e`. Unknown kinds are ok with an empty value and their
  /// kind; malformed JSON or a malformed known kind fails and is counted. `ts_init` stamps
  /// the event (when talon received it).
  ParseStatus message(std::string_view json, Message& out, Timestamp ts_init = {});

  /// `trade` stream message.
  ParseStatus trade(std::string_view json, TradeTick& out, Timestamp ts_init = {});
  /// `aggTrade` stream message (id = a, first/last trade ids = f/l).
  ParseStatus agg_trade(std::string_view json, TradeTick& out, Timestamp ts_init = {});
  /// Book ticker message (spot without `E`: ts_event = ts_init).
  ParseStatus book_ticker(std::string_view json, QuoteTick& out, Timestamp ts_init = {});
  /// `depthUpdate` message. `previous_final_update_id` receives USDⓈ-M's `pu` (zero on spot,
  /// whose stream has none).
  ParseStatus depth_update(std::string_view json, DepthUpdate& out,
                           std::uint64_t& previous_final_update_id, Timestamp ts_init = {});
  /// `kline` stream message; `closed` = `k.x` (the bar is final).
  ParseStatus kline(std::string_view json, Bar& out, bool& closed, Timestamp ts_init = {});

  /// REST depth snapshot of `instrument`; `at` stamps it when the body has no `T`/`E` (spot).
  ParseStatus depth_snapshot(std::string_view json, const InstrumentId& instrument, Timestamp at,
                             DepthSnapshot& out);
  /// REST klines of `instrument`, bars of `interval_ns` (appended to `out`).
  ParseStatus klines(std::string_view json, const InstrumentId& instrument,
                     std::int64_t interval_ns, std::vector<Bar>& out);
  /// REST exchange info: one Instrument per symbol (appended to `out`) with PRICE_FILTER
  /// tickSize, LOT_SIZE stepSize/minQty/maxQty, MARKET_LOT_SIZE, and the minimum notional
  /// (spot NOTIONAL or MIN_NOTIONAL `minNotional`; USDⓈ-M MIN_NOTIONAL `notional`). Symbols
  /// whose status is not TRADING are HALT (BREAK, HALT) or DELISTED (others).
  ParseStatus exchange_info(std::string_view json, std::vector<Instrument>& out);

  /// Spot `executionReport` (x = NEW → accepted, TRADE → filled, CANCELED → cancelled,
  /// REJECTED → rejected, EXPIRED/TRADE_PREVENTION → expired, REPLACED → modified).
  ParseStatus execution_report(std::string_view json, ExecutionReport& out, Timestamp ts_init = {});
  /// USDⓈ-M `ORDER_TRADE_UPDATE` (x = NEW, TRADE, CANCELED, EXPIRED, AMENDMENT, CALCULATED:
  /// a liquidation order, accepted while its last quantity is zero, then filled).
  ParseStatus order_trade_update(std::string_view json, ExecutionReport& out,
                                 Timestamp ts_init = {});

  /// Malformed messages so far, by kind.
  const ParseErrorCounter& errors() const noexcept { return errors_; }

 private:
  struct Impl;
  template <class Fn>
  ParseStatus run(std::string_view json, const std::string& kind, Fn&& fn);

  Market market_;
  std::unique_ptr<Impl> impl_;
  ParseErrorCounter errors_;
};

}  // namespace talon::binance
