#pragma once
// The input of the indicator benchmarks: 1,000,000 real 1m bars (the shared or repo file,
// tiled end to end), as columns of doubles.

#include <talon/indicators/registry.hpp>

#include "bench_data.hpp"

namespace talon::bench {

inline constexpr std::size_t kIndicatorBars = 1'000'000;

inline const indicators::BarColumns& indicator_bars() {
  static const indicators::BarColumns bars = [] {
    std::vector<Bar> b = tiled_bars(kIndicatorBars);
    b.resize(kIndicatorBars);
    return indicators::to_columns(b);
  }();
  return bars;
}

inline indicators::BarInput bar_at(const indicators::BarColumns& c, std::size_t i) {
  return {c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i], c.time_ns[i]};
}

}  // namespace talon::bench
