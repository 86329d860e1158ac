#pragma once
// The 20-bar scenario of tests/engine/sma_cross_scenario_test.cpp, where every number of
// the sma_cross(2, 3) run over it is worked out by hand.

#include <algorithm>
#include <vector>

#include <talon/model/bar.hpp>

namespace talon::test {

inline std::vector<Bar> scenario_bars() {
  const int closes[20] = {100, 100, 100, 103, 99,  96,  100, 104, 106, 108,
                          110, 104, 102, 101, 104, 107, 112, 115, 108, 106};
  const Timestamp t0 = parse_iso8601("2025-06-01T00:00:00Z");
  std::vector<Bar> bars;
  for (int i = 0; i < 20; ++i) {
    int open = i == 0 ? 100 : closes[i - 1];
    if (i == 8) open = 105;
    if (i == 12) open = 103;
    Bar b;
    b.open_time = Timestamp::from_ns(t0.ns + i * kNanosPerMinute);
    b.close_time = Timestamp::from_ns(b.open_time.ns + kNanosPerMinute - kNanosPerMilli);
    b.open = Decimal::from_int(open);
    b.close = Decimal::from_int(closes[i]);
    b.high = Decimal::from_int(std::max(open, closes[i]) + 1);
    b.low = Decimal::from_int(std::min(open, closes[i]) - 1);
    b.volume = Decimal::from_int(1);
    bars.push_back(b);
  }
  return bars;
}

}  // namespace talon::test
