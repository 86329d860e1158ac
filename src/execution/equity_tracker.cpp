#include <algorithm>

#include <talon/execution/equity_tracker.hpp>

namespace talon {

EquityTracker::EquityTracker(Timestamp start, Decimal initial)
    : peak_(initial), trough_(initial), peak_at_(start), last_at_(start) {
  daily_.push_back({start.floor_to_day(), initial});
  next_day_ = Timestamp::from_ns(start.floor_to_day().ns + kNanosPerDay);
}

void EquityTracker::roll_day(Timestamp at) {
  const Timestamp day = at.floor_to_day();
  daily_.push_back({day, daily_.back().equity});
  next_day_ = Timestamp::from_ns(day.ns + kNanosPerDay);
}

void EquityTracker::close_underwater(Timestamp at) {
  longest_ = std::max(longest_, at.ns - peak_at_.ns);
  under_ = false;
}

void EquityTracker::new_trough(Decimal equity) {
  trough_ = equity;
  if (!peak_.is_positive()) return;
  const Decimal dd = div(peak_ - equity, peak_, Rounding::HalfEven);
  if (dd > max_drawdown_) max_drawdown_ = dd;
}

std::int64_t EquityTracker::longest_underwater_ns() const noexcept {
  return under_ ? std::max(longest_, last_at_.ns - peak_at_.ns) : longest_;
}

}  // namespace talon
