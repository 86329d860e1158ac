#pragma once
// Session-anchored volume-weighted average price (as TradingView's VWAP with hlc3 source and a
// session anchor): VWAP = sum(tp * volume) / sum(volume) with tp = (high + low + close) / 3,
// both sums restarting at each session. Sessions are consecutive UTC windows of
// `session_minutes` starting at the Unix epoch (1440: UTC days, the default; 60: hours).
// No TA-Lib twin. Price units. Not ready until the session has traded a non-zero volume.

#include <cstdint>
#include <optional>

#include <talon/indicators/input.hpp>

namespace talon::indicators {

class Vwap {
 public:
  /// session_minutes in [1, 527040] (up to a leap year). Throws InvalidArgument.
  explicit Vwap(int session_minutes)
      : session_ns_((check_param(session_minutes, 1, 527040, "VWAP", "session_minutes"),
                     std::int64_t{session_minutes} * 60'000'000'000)) {}

  /// Unchecked step; NaN while the session's volume is zero. `time_ns` is the bar's open
  /// time (UTC ns) and must not go backwards (update() checks it).
  double step(double high, double low, double close, double volume, std::int64_t time_ns) noexcept {
    const std::int64_t session = floor_div(time_ns, session_ns_);
    if (!started_ || session != session_) {
      started_ = true;
      session_ = session;
      pv_ = 0;
      vol_ = 0;
    }
    last_ns_ = time_ns;
    pv_ += ((high + low + close) / 3.0) * volume;
    vol_ += volume;
    return vol_ > 0.0 ? pv_ / vol_ : kNotReady;
  }
  /// Feeds one bar (checked, and its time must not precede the previous bar's); the VWAP of
  /// the bar's session so far, or nullopt while that session has no volume.
  std::optional<double> update(const BarInput& bar) {
    check_bar(bar, "VWAP");
    if (started_ && bar.time_ns < last_ns_)
      throw InvalidArgument(fmt::format("VWAP: bar time {} ns precedes the previous bar's {} ns",
                                        bar.time_ns, last_ns_));
    const double v = step(bar.high, bar.low, bar.close, bar.volume, bar.time_ns);
    return ready() ? std::optional<double>(v) : std::nullopt;
  }
  bool ready() const noexcept { return started_ && vol_ > 0.0; }
  /// No fixed warm-up: the first bar with volume gives a value.
  int lookback() const noexcept { return 0; }

 private:
  static std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
    const std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
  }
  std::int64_t session_ns_;
  bool started_ = false;
  std::int64_t session_ = 0;
  std::int64_t last_ns_ = 0;
  double pv_ = 0;
  double vol_ = 0;
};

}  // namespace talon::indicators
