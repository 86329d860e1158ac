#pragma once
// The bars a strategy has seen: the last few of its own stream, read with bars_ago, and
// higher timeframes (5m, 1h, 1d, ...) built from that stream as it goes.
//
// No look-ahead. A bar enters the history when the strategy is handed it, at its close. A
// higher-timeframe bar is built from the bars of its interval and becomes visible only once
// it has closed on the run's clock: when the bar ending its interval arrives (close_time + 1
// ms reaches the interval's end, so Binance's close_time = end − 1 ms counts), or, when that
// bar is missing from the data, when the first bar of a later interval arrives. Until then
// timeframe_bar() returns the previous closed one (or nullptr), never the bar being built;
// bars_ago(-1), "the next bar", is an error.
//
// Intervals are aligned to the Unix epoch in UTC: 1h bars open on the hour, 1d bars at 00:00
// UTC. A higher bar: open of its first bar, high max, low min, close of its last bar, volumes
// and trade counts summed; open_time = start of the interval, close_time = its end − 1 ms.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include <talon/model/bar.hpp>
#include <talon/strategy/latest_items.hpp>

namespace talon {

/// Handle of a declared timeframe, valid for the BarHistory (context) that returned it.
class TimeframeRef {
 public:
  TimeframeRef() = default;
  /// Position in declaration order (0-based).
  std::size_t index() const noexcept { return index_; }
  bool valid() const noexcept { return index_ != kNone; }
  friend bool operator==(TimeframeRef, TimeframeRef) = default;

 private:
  friend class BarHistory;
  static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  explicit TimeframeRef(std::size_t i) : index_(i) {}
  std::size_t index_ = kNone;
};

class BarHistory {
 public:
  /// Keep the last `count` bars of the strategy's stream for bars_ago (default 0: none, and
  /// no cost per bar). May be raised at any time; bars already gone are not brought back.
  void keep(std::size_t count) { bars_.resize(count); }
  /// Declares a timeframe of `interval_ns` (e.g. kNanosPerHour) keeping its last `keep`
  /// closed bars (>= 1). Throws InvalidArgument for an interval under 1 s, longer than 7
  /// days or not a whole number of milliseconds, or a zero `keep`. Declaring the same
  /// interval again returns the same handle (keeping the larger count).
  TimeframeRef timeframe(std::int64_t interval_ns, std::size_t keep = 1);

  /// Hands one bar of the stream (at its close): bars_ago and every timeframe move on.
  /// Nothing to do (inline, no call) while no bar is kept and no timeframe declared. Throws
  /// InvalidArgument when the bar opens before the previous one (out of order).
  void update(const Bar& bar) {
    if (bars_.capacity() == 0 && frames_.empty()) return;
    record(bar);
  }

  /// The bar `ago` bars back (0 = the bar being handed to on_bar now), or nullptr when it is
  /// not kept (declare keep(ago + 1)) or the stream is not that long yet. Throws
  /// InvalidArgument for a negative `ago`: the next bar is in the future.
  const Bar* bars_ago(std::int64_t ago) const;
  /// The closed bar of timeframe `tf` `ago` closed bars back (0 = the latest closed one), or
  /// nullptr. Never the bar still being built. Throws InvalidArgument for a negative `ago`
  /// or a handle of another history.
  const Bar* timeframe_bar(TimeframeRef tf, std::int64_t ago = 0) const;
  /// The interval of `tf`, ns.
  std::int64_t interval_ns(TimeframeRef tf) const;
  /// Timeframes whose bar closed with the last update (for Strategy::on_timeframe_bar).
  std::span<const TimeframeRef> just_closed() const noexcept { return closed_; }
  /// Bars handed so far while bars were kept or a timeframe declared.
  std::size_t bars_seen() const noexcept { return seen_; }

 private:
  struct Frame {
    std::int64_t interval_ns = 0;
    LatestItems<Bar> closed{};
    Bar building{};
    bool has_building = false;
  };
  const Frame& frame(TimeframeRef tf) const;
  void record(const Bar& bar);
  void close_building(std::size_t index);

  LatestItems<Bar> bars_;
  std::vector<Frame> frames_;
  std::vector<TimeframeRef> closed_;
  std::size_t seen_ = 0;
  Timestamp last_open_{};
};

}  // namespace talon
