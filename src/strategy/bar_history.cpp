#include <fmt/format.h>

#include <algorithm>

#include <talon/core/error.hpp>
#include <talon/strategy/bar_history.hpp>

namespace talon {

namespace {
constexpr std::int64_t kMaxInterval = 7 * 24 * 3600 * kNanosPerSecond;

// Start of the epoch-aligned interval holding `t` (floor division; times before 1970 too).
std::int64_t interval_start(std::int64_t t, std::int64_t interval) {
  std::int64_t q = t / interval;
  if (t % interval < 0) --q;
  return q * interval;
}

std::int64_t checked_add(std::int64_t a, std::int64_t b, const char* what) {
  std::int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) {
    throw InvalidArgument(fmt::format("bar history: {} overflows the time range", what));
  }
  return out;
}
}  // namespace

TimeframeRef BarHistory::timeframe(std::int64_t interval_ns, std::size_t keep) {
  if (interval_ns < kNanosPerSecond || interval_ns > kMaxInterval ||
      interval_ns % kNanosPerMilli != 0) {
    throw InvalidArgument(fmt::format(
        "timeframe of {} ns: expected 1 s to 7 days in whole milliseconds", interval_ns));
  }
  if (keep == 0) throw InvalidArgument("timeframe: keep must be at least 1 bar");
  for (std::size_t i = 0; i < frames_.size(); ++i) {
    if (frames_[i].interval_ns == interval_ns) {
      if (frames_[i].closed.capacity() < keep) frames_[i].closed.resize(keep);
      return TimeframeRef(i);
    }
  }
  Frame f;
  f.interval_ns = interval_ns;
  f.closed.resize(keep);
  frames_.push_back(std::move(f));
  return TimeframeRef(frames_.size() - 1);
}

void BarHistory::close_building(std::size_t index) {
  Frame& f = frames_[index];
  f.closed.push(f.building);
  f.has_building = false;
  closed_.push_back(TimeframeRef(index));
}

void BarHistory::record(const Bar& bar) {
  if (seen_ != 0 && bar.open_time < last_open_) {
    throw InvalidArgument(fmt::format("bar history: bar at {} opens before the previous one at {}",
                                      to_iso8601(bar.open_time), to_iso8601(last_open_)));
  }
  last_open_ = bar.open_time;
  ++seen_;
  bars_.push(bar);
  closed_.clear();
  const std::int64_t bar_end = checked_add(bar.close_time.ns, kNanosPerMilli, "bar close");
  for (std::size_t i = 0; i < frames_.size(); ++i) {
    Frame& f = frames_[i];
    const std::int64_t start = interval_start(bar.open_time.ns, f.interval_ns);
    // A bar of a later interval: the one being built lacked its last bars (a gap), and is
    // complete now.
    if (f.has_building && f.building.open_time.ns != start) close_building(i);
    if (!f.has_building) {
      f.building = bar;
      f.building.open_time = Timestamp::from_ns(start);
      f.building.interval_ns = f.interval_ns;
      f.has_building = true;
    } else {
      Bar& b = f.building;
      b.high = std::max(b.high, bar.high);
      b.low = std::min(b.low, bar.low);
      b.close = bar.close;
      b.volume += bar.volume;
      // Files without these columns carry zeros: skip the checked additions then.
      if (!bar.quote_volume.is_zero()) b.quote_volume += bar.quote_volume;
      if (!bar.taker_buy_base_volume.is_zero()) {
        b.taker_buy_base_volume += bar.taker_buy_base_volume;
        b.taker_buy_quote_volume += bar.taker_buy_quote_volume;
      }
      b.trades_count += bar.trades_count;
    }
    const std::int64_t end = checked_add(start, f.interval_ns, "timeframe end");
    f.building.close_time = Timestamp::from_ns(end - kNanosPerMilli);
    f.building.ts_init = bar.ts_init;
    if (bar_end >= end) close_building(i);
  }
}

const Bar* BarHistory::bars_ago(std::int64_t ago) const {
  if (ago < 0) {
    throw InvalidArgument(fmt::format(
        "bars_ago({}): a bar not yet closed is in the future; 0 is the latest bar", ago));
  }
  return bars_.ago(static_cast<std::size_t>(ago));
}

const BarHistory::Frame& BarHistory::frame(TimeframeRef tf) const {
  if (tf.index() >= frames_.size()) {
    throw InvalidArgument(
        fmt::format("timeframe handle was not declared here ({} declared)", frames_.size()));
  }
  return frames_[tf.index()];
}

const Bar* BarHistory::timeframe_bar(TimeframeRef tf, std::int64_t ago) const {
  const Frame& f = frame(tf);
  if (ago < 0) {
    throw InvalidArgument(fmt::format(
        "timeframe_bar(ago={}): a higher-timeframe bar not yet closed is in the future", ago));
  }
  return f.closed.ago(static_cast<std::size_t>(ago));
}

std::int64_t BarHistory::interval_ns(TimeframeRef tf) const {
  return frame(tf).interval_ns;
}

}  // namespace talon
