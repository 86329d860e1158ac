#include <algorithm>
#include <cmath>

#include <talon/analytics/overfitting.hpp>
#include <talon/analytics/window_performance.hpp>
#include <talon/core/rounding.hpp>

namespace talon {
namespace {

// 00:00Z of the first day of the month after the one holding `t`.
Timestamp next_month(Timestamp t) {
  const CivilDate d = civil_from_days(t.epoch_day());
  const std::int64_t year = d.month == 12 ? d.year + 1 : d.year;
  const unsigned month = d.month == 12 ? 1 : d.month + 1;
  return Timestamp::from_ns(days_from_civil(year, month, 1) * kNanosPerDay);
}

void add_trips(WindowPerformance& w, std::span<const RoundTrip> trips) {
  std::int64_t wins = 0;
  Decimal roi_sum;
  for (const RoundTrip& t : trips) {
    if (t.exit_time < w.start || !(t.exit_time < w.end)) continue;
    ++w.total_trades;
    if (t.pnl.is_positive()) ++wins;
    if (t.entry_notional.is_positive()) {
      roi_sum += div(t.pnl * 100, t.entry_notional, Rounding::HalfEven);
    }
  }
  if (w.total_trades == 0) return;
  const Decimal n = Decimal::from_int(w.total_trades);
  w.win_rate = round_to_places(div(Decimal::from_int(wins * 100), n, Rounding::HalfEven), 2,
                               Rounding::HalfEven);
  w.avg_roi = round_to_places(div(roi_sum, n, Rounding::HalfEven), 4, Rounding::HalfEven);
}

void add_equity(WindowPerformance& w, Decimal opening, std::span<const DailyEquity> days) {
  Decimal peak = opening;
  Decimal worst;
  for (const DailyEquity& d : days) {
    peak = std::max(peak, d.equity);
    if (peak.is_positive()) {
      worst = std::max(worst, div(peak - d.equity, peak, Rounding::HalfEven));
    }
  }
  w.max_drawdown = round_to_places(worst, 8, Rounding::HalfEven);
  const std::optional<double> daily = per_period_sharpe(daily_returns(opening, days));
  if (daily) w.sharpe_ratio = *daily * std::sqrt(365.0);
}

}  // namespace

std::vector<WindowPerformance> monthly_performance(const BacktestMetrics& m,
                                                   std::span<const RoundTrip> trips,
                                                   Timestamp start, Timestamp end) {
  std::vector<WindowPerformance> out;
  std::span<const DailyEquity> days = m.daily_equity;
  Decimal opening = m.initial_capital;
  for (Timestamp from = start; from < end;) {
    WindowPerformance w;
    w.start = from;
    w.end = std::min(next_month(from), end);
    add_trips(w, trips);
    // Day ends inside the window: a day's equity is stamped with the day's 00:00Z.
    std::size_t n = 0;
    while (n < days.size() && days[n].day < w.end) ++n;
    add_equity(w, opening, days.first(n));
    if (n > 0) opening = days[n - 1].equity;
    days = days.subspan(n);
    out.push_back(w);
    from = w.end;
  }
  return out;
}

}  // namespace talon
