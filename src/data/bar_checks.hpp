#pragma once
// Private to the data module: the per-bar rules every bar reader enforces, and the
// interval/gap/close-time completion of a series, so all readers agree with read_klines.

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
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

/// Nanoseconds from `a` to a later `b`, exact even when it exceeds INT64_MAX (e.g. from a
/// time near 1677 to one near 2262): int64 subtraction would overflow there.
inline std::uint64_t time_step(Timestamp a, Timestamp b) {
  return static_cast<std::uint64_t>(b.ns) - static_cast<std::uint64_t>(a.ns);
}

/// Bars missing between open times `a` < `b` at `interval_ns` > 0, clamped to INT64_MAX.
inline std::int64_t missing_between(Timestamp a, Timestamp b, std::int64_t interval_ns) {
  const std::uint64_t n = time_step(a, b) / static_cast<std::uint64_t>(interval_ns) - 1;
  return n > static_cast<std::uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<std::int64_t>(n);
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
    std::uint64_t smallest = UINT64_MAX;
    for (std::size_t i = 1; i < bars.size(); ++i) {
      smallest = std::min(smallest, time_step(bars[i - 1].open_time, bars[i].open_time));
    }
    interval =
        smallest > static_cast<std::uint64_t>(INT64_MAX) ? 0 : static_cast<std::int64_t>(smallest);
  }
  s.interval_ns = interval;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    if (!has_close_time && interval > 0) {
      // The last millisecond of the bar, capped at the largest time talon holds.
      std::int64_t close = 0;
      if (__builtin_add_overflow(bars[i].open_time.ns, interval - kNanosPerMilli, &close))
        close = INT64_MAX;
      bars[i].close_time = Timestamp::from_ns(close);
    }
    if (i == 0 || interval <= 0) continue;
    if (time_step(bars[i - 1].open_time, bars[i].open_time) > static_cast<std::uint64_t>(interval))
      s.gaps.push_back({bars[i - 1].open_time, bars[i].open_time,
                        missing_between(bars[i - 1].open_time, bars[i].open_time, interval)});
  }
}

}  // namespace talon::detail
