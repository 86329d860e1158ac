#pragma once
// The Binance spot ExecutionClient: talon's order manager trades on Binance (or on any server
// speaking its REST protocol, such as `talon exchange-sim`) through the ExecutionClient seam.
//
// Requests (Binance spot REST API, "Trading endpoints" and "Account endpoints"):
//   submit      POST   /api/v3/order       (newClientOrderId = talon's client order id,
//                                           newOrderRespType=FULL)
//   cancel      DELETE /api/v3/order       (origClientOrderId)
//   query_order GET    /api/v3/order
//   open_orders GET    /api/v3/openOrders
//   connect     GET    /api/v3/time (server-time offset) and GET /api/v3/account (the key works)
// Every SIGNED request carries timestamp = local clock + server offset and recvWindow
// (1000 ms by default: seed 001 wants ≤ 1000 ms).
//
// Answers become ExecutionReports pushed to the sink before the call returns (the kernel
// delivers them after): accepted or rejected ("-1013 Filter failure: LOT_SIZE"), cancelled
// or RequestRejected. Fills: until the user data stream is built, poll() asks the venue for
// every order talon still holds open and reports what executed since (quantity, and the
// average price of that part from cummulativeQuoteQty; GET /api/v3/order reports no
// commission, so such fills carry fee 0) and how the order ended.
//
// Limits: every request passes the RateLimiter first (usage headers, 429 back-off, 418 ban);
// a request it holds back is not sent and is answered at once (OrderRejected or
// RequestRejected, "rate limited until <time>"). A network failure on submit is reported as
// OrderRejected naming it (the order's fate is then unknown until the next query); POSTs
// are never resent (net/http_client.hpp).
//
// Secrets: the API secret lives in the Signer; nothing here prints it or the signature.

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include <talon/binance/signer.hpp>
#include <talon/execution/execution_client.hpp>
#include <talon/model/instrument.hpp>
#include <talon/net/http_client.hpp>
#include <talon/net/rate_limiter.hpp>

namespace talon::binance {

/// Binance's spot endpoints (environment of seed 002's api_connections).
inline constexpr const char* kSpotProduction = "https://api.binance.com";
inline constexpr const char* kSpotTestnet = "https://testnet.binance.vision";

/// API key and secret from BINANCE_API_KEY and BINANCE_API_SECRET (as Nautilus Trader reads
/// them). Throws InvalidArgument naming the missing variable (never a value).
std::pair<std::string, std::string> credentials_from_env();

struct SpotClientConfig {
  std::string base_url = kSpotProduction;
  std::int64_t recv_window_ms = 1000;
  net::HttpClientOptions http{};
  net::RateLimiterConfig limits = net::binance_spot_limits();
  /// The local clock (UTC ns); the wall clock by default, a fake one in tests.
  std::function<Timestamp()> clock{};
};

class SpotExecutionClient final : public ExecutionClient {
 public:
  /// Trades `instrument` (which must outlive the client) with `api_key` and `signer`.
  SpotExecutionClient(const Instrument& instrument, std::string api_key, Signer signer,
                      SpotClientConfig config = {});
  ~SpotExecutionClient() override;

  void set_report_sink(ReportSink* sink) override { sink_ = sink; }
  /// Syncs the clock with GET /api/v3/time and checks the key with GET /api/v3/account.
  /// Throws Error naming the endpoint and Binance's code and message when either fails.
  void connect() override;
  void submit(const Order& order, Timestamp at) override;
  void cancel(const Order& order, Timestamp at) override;
  void query_order(const Order& order, Timestamp at) override;
  std::vector<OrderStatusReport> open_orders(const InstrumentId& instrument) const override;

  /// Reports fills and final states of the orders talon still holds open (see the file
  /// comment). Returns how many orders it could ask about (held-back requests are asked
  /// again at the next poll).
  std::size_t poll(Timestamp at);
  /// Orders submitted and not known to have ended.
  std::size_t tracked() const noexcept { return tracked_.size(); }

  /// Server time − local time, ms, from the last connect().
  std::int64_t clock_offset_ms() const noexcept { return offset_ms_; }
  const net::RateLimiter& limiter() const noexcept { return *limiter_; }
  /// Requests actually sent (held-back ones are not counted).
  std::size_t requests_sent() const noexcept { return sent_; }

 private:
  struct Tracked;
  struct Reply;
  Reply call(const std::string& method, const std::string& path, net::QueryString params,
             bool is_signed, int weight, bool is_order) const;
  Timestamp now() const;
  void push(ExecutionReport report);
  /// Reports what `body` (a Binance order object) says executed since `t` was last seen, and
  /// its end; true when the order is finished.
  bool progress(Tracked& t, const nlohmann::json& body, Timestamp at);

  const Instrument& instrument_;
  InstrumentId id_;
  std::string api_key_;
  Signer signer_;
  SpotClientConfig config_;
  std::unique_ptr<net::HttpClient> http_;
  std::unique_ptr<net::RateLimiter> limiter_;
  ReportSink* sink_ = nullptr;
  std::int64_t offset_ms_ = 0;
  mutable std::size_t sent_ = 0;
  std::map<std::string, std::unique_ptr<Tracked>> tracked_;  ///< by client order id
};

}  // namespace talon::binance
