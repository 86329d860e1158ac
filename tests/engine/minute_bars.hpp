#pragma once
// 1-minute bars for hand-worked kernel scenarios: minute n after 2025-06-01T00:00Z, prices
// as decimal text, closing 1 ms before the next minute as Binance stamps close times.

#include <talon/model/bar.hpp>

namespace talon::test {

inline const Timestamp kMinute0 = Timestamp::from_seconds(1748736000);  // 2025-06-01T00:00Z

inline Bar minute_bar(int minute, const char* o, const char* h, const char* l, const char* c,
                      const char* volume = "1000") {
  Bar b;
  b.open_time = Timestamp::from_ns(kMinute0.ns + minute * kNanosPerMinute);
  b.close_time = Timestamp::from_ns(b.open_time.ns + kNanosPerMinute - kNanosPerMilli);
  b.open = Decimal::parse(o);
  b.high = Decimal::parse(h);
  b.low = Decimal::parse(l);
  b.close = Decimal::parse(c);
  b.volume = Decimal::parse(volume);
  return b;
}

}  // namespace talon::test
