// The rate limiter on a fake clock: usage headers, holding back before a limit, 429 back-off
// and the 418 hard stop (Binance REST API "LIMITS").
#include <gtest/gtest.h>

#include <talon/core/error.hpp>
#include <talon/net/rate_limiter.hpp>

namespace talon::net {
namespace {

constexpr std::int64_t kS = kNanosPerSecond;

Timestamp at_s(std::int64_t s) {
  return Timestamp{1'700'000'040 * kS + s * kS};
}  // minute-aligned + s

TEST(RateLimiter, IntervalSuffixes) {
  EXPECT_EQ(interval_ns("1M"), kNanosPerMinute);
  EXPECT_EQ(interval_ns("10s"), 10 * kS);
  EXPECT_EQ(interval_ns("1D"), kNanosPerDay);
  EXPECT_EQ(interval_ns("X"), 0);
  EXPECT_EQ(interval_ns("0M"), 0);
}

TEST(RateLimiter, FollowsTheUsedWeightHeaderAndHoldsBeforeTheLimit) {
  RateLimiter r(binance_spot_limits());
  const Timestamp t = at_s(0);
  ASSERT_EQ(t.ns % kNanosPerMinute, 0);
  EXPECT_EQ(r.earliest(t, 10, false), t);
  r.on_sent(t, 10, false);
  r.on_response(t, 200, {{"x-mbx-used-weight-1m", "5390"}});
  EXPECT_EQ(r.used("1M", false, t), 5390);
  // 90 % of 6000 = 5400: 10 more fits, 11 does not until the minute ends.
  EXPECT_EQ(r.earliest(at_s(1), 10, false), at_s(1));
  EXPECT_EQ(r.earliest(at_s(1), 11, false), at_s(60));
  // A new minute starts from zero.
  EXPECT_EQ(r.used("1M", false, at_s(61)), 0);
  EXPECT_EQ(r.earliest(at_s(61), 11, false), at_s(61));
}

TEST(RateLimiter, CountsOrdersPerTenSeconds) {
  RateLimiter r(binance_spot_limits());
  for (int i = 0; i < 45; ++i) r.on_sent(at_s(0), 1, true);  // 90 % of 50
  EXPECT_EQ(r.earliest(at_s(1), 1, false), at_s(1));         // not an order: fine
  EXPECT_EQ(r.earliest(at_s(1), 1, true), at_s(10));
  r.on_response(at_s(2), 200, {{"X-MBX-ORDER-COUNT-10S", "3"}, {"X-MBX-ORDER-COUNT-1D", "45"}});
  EXPECT_EQ(r.used("10S", true, at_s(2)), 45);  // our own count is larger: kept
}

TEST(RateLimiter, BacksOffExponentiallyOn429) {
  RateLimiterConfig c = binance_spot_limits();
  c.backoff_base_ns = kS;
  c.backoff_max_ns = 8 * kS;
  RateLimiter r(c);
  r.on_response(at_s(0), 429, {});
  EXPECT_EQ(r.earliest(at_s(0), 1, false), at_s(1));
  r.on_response(at_s(1), 429, {});
  EXPECT_EQ(r.earliest(at_s(1), 1, false), at_s(3));
  r.on_response(at_s(3), 429, {});
  EXPECT_EQ(r.earliest(at_s(3), 1, false), at_s(7));
  for (int i = 0; i < 5; ++i) r.on_response(at_s(7), 429, {});
  EXPECT_EQ(r.earliest(at_s(7), 1, false), at_s(15));  // capped at 8 s
  EXPECT_EQ(r.consecutive_429(), 8);
  r.on_response(at_s(16), 200, {});
  EXPECT_EQ(r.consecutive_429(), 0);
  EXPECT_FALSE(r.banned(at_s(16)));
}

TEST(RateLimiter, RetryAfterOn429IsHonoured) {
  RateLimiter r(binance_spot_limits());
  r.on_response(at_s(0), 429, {{"Retry-After", "30"}});
  EXPECT_EQ(r.earliest(at_s(0), 1, false), at_s(30));
}

TEST(RateLimiter, A418StopsEverythingUntilTheBanEnds) {
  RateLimiter r(binance_usdm_limits());
  r.on_response(at_s(0), 418, {{"Retry-After", "120"}});
  EXPECT_TRUE(r.banned(at_s(119)));
  EXPECT_FALSE(r.banned(at_s(120)));
  EXPECT_EQ(r.earliest(at_s(5), 1, false), at_s(120));
  EXPECT_EQ(r.earliest(at_s(5), 0, true), at_s(120));
  // A later 200 does not lift the ban.
  r.on_response(at_s(6), 200, {});
  EXPECT_TRUE(r.banned(at_s(7)));
}

TEST(RateLimiter, HostileHeadersAreIgnored) {
  RateLimiter r(binance_spot_limits());
  r.on_response(at_s(0), 429, {{"Retry-After", "-5"}, {"X-MBX-USED-WEIGHT-1M", "lots"}});
  EXPECT_EQ(r.used("1M", false, at_s(0)), 0);
  r.on_response(at_s(0), 418, {{"Retry-After", "999999999999999999"}});
  EXPECT_TRUE(r.banned(at_s(100000)));  // saturates, never wraps
  EXPECT_THROW(RateLimiter(RateLimiterConfig{{{"1M", 0, 1, false}}}), InvalidArgument);
}

}  // namespace
}  // namespace talon::net
