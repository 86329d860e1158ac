#pragma once
// The loopback exchange's logic: Binance spot REST (/api/v3) answered from talon's
// simulated venue, so that any Binance client can trade against recorded market data.
// `talon exchange-sim` serves it over HTTP on 127.0.0.1 (binance/sim_server.hpp).
//
// Market. The bars of the data file are replayed on the wall clock: bar i opens at
// start + i × bar_period (the replay is rebased to the time the simulator started; N bars
// per second = a period of 1/N s) and is handed to SimulatedVenue, which fills orders along
// its intrabar path exactly as in a backtest (simulated_venue.hpp). After the last bar the
// market stands still at its close. Orders placed between two bars arrive at the next bar's
// open, as in a backtest.
//
// Book. With klines alone there is no recorded book: GET /api/v3/depth quotes a synthetic one
// around the last price: `book_levels` levels a side, level k (1-based) at last price ∓ k ticks
// (rounded to the tick), each holding the larger of the minimum quantity and the quantity
// worth `book_level_notional` quote (rounded down to the lot). lastUpdateId = bars replayed.
// The venue fills from the bars, not from this book.
//
// Account. One spot account: `balance` of the quote asset (USDT for BTCUSDT), nothing of the
// base; orders are checked against the instrument's rules and the free balance by talon's
// order manager, and refusals answered as Binance does (HTTP 400, -1013 "Filter failure:
// LOT_SIZE", -2010 "Account has insufficient balance for requested action.").
//
// Authentication (Binance "Request security"). Every SIGNED endpoint needs `timestamp`
// within recvWindow (default 5000 ms, at most 60000 ms; -1021, -1131). Without an api_secret
// any key and signature are accepted; with one, X-MBX-APIKEY must equal api_key (-2015) and
// `signature` must be the HMAC-SHA256 of the query string concatenated with the body,
// without the signature parameter (-1022).
//
// Every answer carries X-MBX-USED-WEIGHT-1M (this minute's request weight, Binance's weights)
// and order answers X-MBX-ORDER-COUNT-10S / -1D.

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/model/bar.hpp>
#include <talon/model/instrument.hpp>
#include <talon/net/http_types.hpp>
#include <talon/venue/simulated_venue.hpp>

namespace talon::binance {

struct SimExchangeConfig {
  Instrument instrument{};
  std::vector<Bar> bars{};                       ///< the market, in time order (at least one)
  std::int64_t bar_period_ns = kNanosPerSecond;  ///< wall time per bar (1 / speed)
  Decimal balance = Decimal::from_int(10000);    ///< initial quote balance
  std::string api_key{};                         ///< empty: any key accepted
  std::string api_secret{};                      ///< empty: signatures not checked; never logged
  SimulatedVenueConfig venue{};
  int book_levels = 20;
  Decimal book_level_notional = Decimal::from_int(10000);
};

class SimExchange {
 public:
  /// Starts the replay at `start` (bar 0 opens then and is replayed at once). Throws
  /// InvalidArgument for no bars, a non-positive period or balance.
  SimExchange(SimExchangeConfig config, Timestamp start);
  ~SimExchange();
  SimExchange(const SimExchange&) = delete;
  SimExchange& operator=(const SimExchange&) = delete;

  /// Replays every bar that has opened by `now`.
  void advance(Timestamp now);
  /// Answers one REST request received at `now` (advances the market first).
  net::HttpResponse handle(const net::HttpRequest& request, Timestamp now);

  /// WebSocket streams (Binance "WebSocket Streams", raw /ws endpoint): for every bar
  /// replayed since the last call, a closed `kline` event on topic "<symbol>@kline_<interval>"
  /// (lower-case symbol; the interval of the data, "1m" when unknown; rebased times) and a
  /// `trade` at the bar's close on "<symbol>@trade". Pairs of (topic, message).
  std::vector<std::pair<std::string, std::string>> take_stream_messages();
  /// Answers a client's stream request: SUBSCRIBE / UNSUBSCRIBE change `topics`, and
  /// LIST_SUBSCRIPTIONS lists them ({"result": ..., "id": n}); anything else gets
  /// {"code": 2, "msg": "Invalid request"}.
  std::string on_stream_request(std::set<std::string>& topics, std::string_view message);

  /// Fault injection: the next `count` requests are answered with HTTP `status` (429: -1003
  /// "Too many requests", 418: -1003 "Way too many requests; IP banned", 5xx: -1000 "An
  /// unknown error occurred"), with Retry-After `retry_after_s` seconds when positive, and
  /// are not processed (an order is not placed).
  void inject(int status, int count, int retry_after_s = 0);

  std::size_t bars_replayed() const noexcept;
  Decimal last_price() const noexcept;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace talon::binance
