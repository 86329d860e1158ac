#pragma once
// Private to the data module: the per-bar rules every bar reader enforces, and the
// interval/gap/close-time completion of a series, so all readers agree with read_klines.

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include <talon/data/kline_reader.hpp>

namespace talon::detail {

struct BarProblem {
  std::string_view field;
  std::string why;
};

/// The first rule `b` breaks (prices positive, volume not negative, low <= open, close <=
/// high, open time after `prev`'s), or nullopt.
inline std::optional<BarProblem> bar_problem(const Bar& b, const Bar* prev) {
  if (!b.open.is_positive())
    return BarProblem{"open", fmt::format("price must be positive, got {}", b.open.to_string())};
  if (!b.high.is_positive())
    return BarProblem{"high", fmt::format("price must be positive, got {}", b.high.to_string())};
  if (!b.low.is_positive())
    return BarProblem{"low", fmt::format("price must be positive, got {}", b.low.to_string())};
  if (!b.close.is_positive())
    return BarProblem{"close", fmt::format("price must be positive, got {}", b.close.to_string())};
  if (b.volume.is_negative())
    return BarProblem{"volume", fmt::format("negative volume {}", b.volume.to_string())};
  if (b.high < b.low)
    return BarProblem{
        "high", fmt::format("high {} is below low {}", b.high.to_string(), b.low.to_string())};
  if (b.open < b.low || b.open > b.high) {
    return BarProblem{"open", fmt::format("open {} outside [low {}, high {}]", b.open.to_string(),
                                          b.low.to_string(), b.high.to_string())};
  }
  if (b.close < b.low || b.close > b.high) {
    return BarProblem{"close",
                      fmt::format("close {} outside [low {}, high {}]", b.close.to_string(),
                                  b.low.to_string(), b.high.to_string())};
  }
  if (prev != nullptr) {
    if (b.open_time == prev->open_time)
      return BarProblem{"time", fmt::format("duplicate bar at {}", to_iso8601(b.open_time))};
    if (b.open_time < prev->open_time) {
      return BarProblem{"time", fmt::format("time goes backwards: {} after {}",
                                            to_iso8601(b.open_time), to_iso8601(prev->open_time))};
    }
  }
  return std::nullopt;
}

/// Sets interval (from the first bar's close_time when `has_close_time`, else the smallest
/// step), close times when absent (open + interval - 1 ms) and the gap list.
inline void finish_series(KlineSeries& s, bool has_close_time) {
  auto& bars = s.bars;
  std::int64_t interval = 0;
  if (has_close_time && !bars.empty() && bars.front().close_time > bars.front().open_time) {
    const Bar& b = bars.front();
    const std::int64_t tick =
        b.close_time.ns % kNanosPerMilli == 0 ? kNanosPerMilli : kNanosPerMicro;
    interval = b.close_time.ns - b.open_time.ns + tick;
  }
  if (interval <= 0 && bars.size() > 1) {
    interval = bars[1].open_time.ns - bars[0].open_time.ns;
    for (std::size_t i = 2; i < bars.size(); ++i) {
      interval = std::min(interval, bars[i].open_time.ns - bars[i - 1].open_time.ns);
    }
  }
  s.interval_ns = interval;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    if (!has_close_time && interval > 0) {
      bars[i].close_time = Timestamp::from_ns(bars[i].open_time.ns + interval - kNanosPerMilli);
    }
    if (i == 0 || interval <= 0) continue;
    const std::int64_t step = bars[i].open_time.ns - bars[i - 1].open_time.ns;
    if (step > interval)
      s.gaps.push_back({bars[i - 1].open_time, bars[i].open_time, step / interval - 1});
  }
}

}  // namespace talon::detail
