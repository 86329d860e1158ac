#pragma once
// Request-weight and order-count limiting that follows the exchange's own usage headers, so
// that talon slows down before the exchange bans it (Binance spot REST API "LIMITS" and
// USDⓈ-M "General Info > LIMITS"):
//
// - Every answer carries X-MBX-USED-WEIGHT-<n><unit> (weight used in the current interval,
//   e.g. X-MBX-USED-WEIGHT-1M) and, for orders, X-MBX-ORDER-COUNT-<n><unit> (10S, 1M, 1D).
//   The limiter takes the exchange's figure as the truth and adds its own requests on top
//   until the next answer. Intervals are fixed windows aligned to the epoch (a minute
//   window resets at each whole minute), as Binance counts them.
// - A request is held back when it would take a limit above `safety_percent` of its value,
//   until that limit's window ends.
// - HTTP 429 (limit broken): back off until Retry-After (seconds) or, without it, an
//   exponentially growing delay (base × 2^(consecutive 429s − 1), capped); repeated 429s
//   lead to a ban, so nothing is sent during the back-off.
// - HTTP 418 (IP banned): a hard stop until the ban ends (Retry-After), no request at all.
//
// Pure logic on a caller-supplied clock (UTC ns): no threads, no sleeping.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <talon/core/timestamp.hpp>

namespace talon::net {

/// One limit: the header suffix ("1M", "10S", "1D"), its window, its value.
struct RateLimit {
  std::string interval{};    ///< "1M", "10S", "1D" (header suffix, upper case)
  std::int64_t window_ns{};  ///< the interval in ns (60 s for "1M")
  std::int64_t limit{};      ///< weight (or orders) allowed per window
  bool orders = false;       ///< an order-count limit (else request weight)
};

struct RateLimiterConfig {
  std::vector<RateLimit> limits{};
  int safety_percent = 90;                     ///< hold requests above this share of a limit
  std::int64_t backoff_base_ns = 500'000'000;  ///< first 429 without Retry-After
  std::int64_t backoff_max_ns = 120 * kNanosPerSecond;
};

/// Binance spot's published limits (GET /api/v3/exchangeInfo rateLimits, 2025): 6,000 request
/// weight per minute, 50 orders per 10 s, 160,000 orders per day.
RateLimiterConfig binance_spot_limits();
/// Binance USDⓈ-M's (GET /fapi/v1/exchangeInfo rateLimits): 2,400 weight per minute, 300
/// orders per 10 s, 1,200 orders per minute.
RateLimiterConfig binance_usdm_limits();

/// Parses an interval suffix ("1M", "10S", "1H", "1D", case-insensitive) into ns; 0 when
/// it is not one.
std::int64_t interval_ns(std::string_view suffix) noexcept;

using Headers = std::vector<std::pair<std::string, std::string>>;

class RateLimiter {
 public:
  explicit RateLimiter(RateLimiterConfig config);

  /// The earliest time at or after `now` at which a request of `weight` (one more order when
  /// `order`) may go: `now` when it may go at once; a ban's or back-off's end; or the end of
  /// the window of a limit it would push over its safety share.
  Timestamp earliest(Timestamp now, std::int64_t weight, bool order) const;
  /// Books a request sent at `now` (call after earliest() allowed it).
  void on_sent(Timestamp now, std::int64_t weight, bool order);
  /// Reads an answer received at `now`: the usage headers (names case-insensitive), and 429
  /// or 418 with their Retry-After (seconds).
  void on_response(Timestamp now, int status, const Headers& headers);

  /// True while a 418 ban holds.
  bool banned(Timestamp now) const noexcept { return now < ban_until_; }
  /// When the current ban or back-off ends (zero when none was ever set).
  Timestamp blocked_until() const noexcept {
    return ban_until_ > backoff_until_ ? ban_until_ : backoff_until_;
  }
  /// Weight (or orders) counted in `interval`'s current window at `now`; -1 when unknown.
  std::int64_t used(std::string_view interval, bool orders, Timestamp now) const;
  /// 429s in a row (reset by any other answer).
  int consecutive_429() const noexcept { return consecutive_429_; }

 private:
  struct Counter {
    RateLimit limit;
    std::int64_t window_start = 0;
    std::int64_t used = 0;
  };
  static std::int64_t window_of(const Counter& c, Timestamp now) noexcept;

  RateLimiterConfig config_;
  std::vector<Counter> counters_;
  Timestamp ban_until_{};
  Timestamp backoff_until_{};
  int consecutive_429_ = 0;
};

}  // namespace talon::net
