#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

#include <talon/core/error.hpp>
#include <talon/net/rate_limiter.hpp>

namespace talon::net {
namespace {

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(text[i])) !=
        std::toupper(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && iequals_prefix(a, b);
}

std::optional<std::int64_t> to_int(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

// Seconds to ns, saturating (a hostile Retry-After must not wrap).
std::int64_t seconds_ns(std::int64_t s) {
  std::int64_t out = 0;
  if (__builtin_mul_overflow(s, kNanosPerSecond, &out)) return INT64_MAX;
  return out;
}

Timestamp plus(Timestamp t, std::int64_t ns) {
  std::int64_t out = 0;
  if (__builtin_add_overflow(t.ns, ns, &out)) return Timestamp{INT64_MAX};
  return Timestamp{out};
}

}  // namespace

std::int64_t interval_ns(std::string_view suffix) noexcept {
  if (suffix.size() < 2) return 0;
  std::int64_t n = 0;
  const auto [p, ec] = std::from_chars(suffix.data(), suffix.data() + suffix.size() - 1, n);
  if (ec != std::errc() || p != suffix.data() + suffix.size() - 1 || n <= 0 || n > 1000) return 0;
  switch (std::toupper(static_cast<unsigned char>(suffix.back()))) {
    case 'S': return n * kNanosPerSecond;
    case 'M': return n * kNanosPerMinute;
    case 'H': return n * kNanosPerHour;
    case 'D': return n * kNanosPerDay;
    default: return 0;
  }
}

RateLimiterConfig binance_spot_limits() {
  RateLimiterConfig c;
  c.limits = {{"1M", kNanosPerMinute, 6000, false},
              {"10S", 10 * kNanosPerSecond, 50, true},
              {"1D", kNanosPerDay, 160000, true}};
  return c;
}

RateLimiterConfig binance_usdm_limits() {
  RateLimiterConfig c;
  c.limits = {{"1M", kNanosPerMinute, 2400, false},
              {"10S", 10 * kNanosPerSecond, 300, true},
              {"1M", kNanosPerMinute, 1200, true}};
  return c;
}

RateLimiter::RateLimiter(RateLimiterConfig config) : config_(std::move(config)) {
  if (config_.safety_percent <= 0 || config_.safety_percent > 100)
    throw InvalidArgument("rate limiter safety_percent must be in 1..100");
  for (const RateLimit& l : config_.limits) {
    if (l.window_ns <= 0 || l.limit <= 0)
      throw InvalidArgument("rate limit " + l.interval + " needs a positive window and value");
    counters_.push_back({l, 0, 0});
  }
}

std::int64_t RateLimiter::window_of(const Counter& c, Timestamp now) noexcept {
  return Timestamp::floor_div(now.ns, c.limit.window_ns) * c.limit.window_ns;
}

Timestamp RateLimiter::earliest(Timestamp now, std::int64_t weight, bool order) const {
  Timestamp t = std::max(now, blocked_until());
  for (const Counter& c : counters_) {
    const std::int64_t add = c.limit.orders ? (order ? 1 : 0) : weight;
    if (add == 0) continue;
    const std::int64_t start = window_of(c, t);
    const std::int64_t used = c.window_start == start ? c.used : 0;
    const std::int64_t cap = c.limit.limit * config_.safety_percent / 100;
    if (used + add > cap) t = std::max(t, Timestamp{start + c.limit.window_ns});
  }
  return t;
}

void RateLimiter::on_sent(Timestamp now, std::int64_t weight, bool order) {
  for (Counter& c : counters_) {
    const std::int64_t add = c.limit.orders ? (order ? 1 : 0) : weight;
    const std::int64_t start = window_of(c, now);
    if (c.window_start != start) {
      c.window_start = start;
      c.used = 0;
    }
    c.used += add;
  }
}

void RateLimiter::on_response(Timestamp now, int status, const Headers& headers) {
  std::optional<std::int64_t> retry_after;
  for (const auto& [name, value] : headers) {
    if (iequals(name, "Retry-After")) {
      retry_after = to_int(value);
      continue;
    }
    bool orders = false;
    std::string_view suffix;
    if (iequals_prefix(name, "X-MBX-USED-WEIGHT-")) {
      suffix = std::string_view(name).substr(18);
    } else if (iequals_prefix(name, "X-MBX-ORDER-COUNT-")) {
      suffix = std::string_view(name).substr(18);
      orders = true;
    } else {
      continue;
    }
    const auto used = to_int(value);
    if (!used) continue;
    for (Counter& c : counters_) {
      if (c.limit.orders != orders || !iequals(c.limit.interval, suffix)) continue;
      const std::int64_t start = window_of(c, now);
      // The exchange's count is the truth for its window; keep our own if it is larger
      // (requests sent after the one answered).
      if (c.window_start != start) {
        c.window_start = start;
        c.used = *used;
      } else {
        c.used = std::max(c.used, *used);
      }
    }
  }
  if (status == 418) {
    const std::int64_t wait = retry_after ? seconds_ns(*retry_after) : config_.backoff_max_ns;
    ban_until_ = std::max(ban_until_, plus(now, wait));
    consecutive_429_ = 0;
  } else if (status == 429) {
    ++consecutive_429_;
    std::int64_t wait = config_.backoff_base_ns;
    for (int i = 1; i < consecutive_429_ && wait < config_.backoff_max_ns; ++i) wait *= 2;
    wait = std::min(wait, config_.backoff_max_ns);
    if (retry_after) wait = std::max(wait, seconds_ns(*retry_after));
    backoff_until_ = std::max(backoff_until_, plus(now, wait));
  } else {
    consecutive_429_ = 0;
  }
}

std::int64_t RateLimiter::used(std::string_view interval, bool orders, Timestamp now) const {
  for (const Counter& c : counters_) {
    if (c.limit.orders != orders || !iequals(c.limit.interval, interval)) continue;
    return c.window_start == window_of(c, now) ? c.used : 0;
  }
  return -1;
}

}  // namespace talon::net
