#pragma once
// Real data for the benchmarks: the larger shared file when ../shared/data is present,
// otherwise the month that ships in data/. Which one was used is printed once.

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <talon/data/kline_reader.hpp>

namespace talon::bench {

inline std::string kline_file() {
  const std::string shared =
      std::string(TALON_SHARED_DATA_DIR) + "/binance_spot_BTCUSDT_1m_2025-05-20_2025-08-18.csv.gz";
  static const std::string chosen = [&] {
    std::string path =
        std::filesystem::exists(shared)
            ? shared
            : std::string(TALON_REPO_DATA_DIR) + "/binance_spot_BTCUSDT_1m_2025-06.csv.gz";
    std::fprintf(stderr, "bench data: %s%s\n", path.c_str(),
                 path == shared ? "" : " (../shared/data absent: using the repo's month)");
    return path;
  }();
  return chosen;
}

/// At least `min_bars` real bars: the file's bars repeated end to end, each copy shifted
/// in time so that the series stays continuous and strictly increasing.
inline std::vector<Bar> tiled_bars(std::size_t min_bars) {
  const KlineSeries s = read_klines(kline_file());
  std::vector<Bar> out;
  out.reserve(min_bars + s.bars.size());
  const std::int64_t span =
      s.bars.back().open_time.ns - s.bars.front().open_time.ns + s.interval_ns;
  for (std::int64_t copy = 0; out.size() < min_bars; ++copy) {
    for (Bar b : s.bars) {
      b.open_time.ns += copy * span;
      b.close_time.ns += copy * span;
      out.push_back(b);
    }
  }
  return out;
}

}  // namespace talon::bench
