#include <algorithm>
#include <cmath>

#include <talon/analytics/metrics.hpp>
#include <talon/analytics/overfitting.hpp>
#include <talon/core/error.hpp>

namespace talon {
namespace {

constexpr double kDaysPerYear = 365.0;

std::optional<double> sharpe(const std::vector<double>& r) {
  const std::optional<double> daily = per_period_sharpe(r);
  if (!daily) return std::nullopt;
  return *daily * std::sqrt(kDaysPerYear);
}

std::optional<double> sortino(const std::vector<double>& r) {
  if (r.size() < 2) return std::nullopt;
  double mean = 0;
  double down = 0;
  for (double x : r) {
    mean += x;
    if (x < 0) down += x * x;
  }
  if (down == 0) return std::nullopt;
  mean /= static_cast<double>(r.size());
  const double dd = std::sqrt(down / static_cast<double>(r.size()));
  return mean / dd * std::sqrt(kDaysPerYear);
}

Decimal hours(std::int64_t ns) {
  return div(Decimal::from_raw(ns), Decimal::from_raw(kNanosPerHour), Rounding::HalfEven);
}

std::int64_t floor_days(Timestamp t) {
  return t.ns >= 0 ? t.ns / kNanosPerDay : -((-t.ns + kNanosPerDay - 1) / kNanosPerDay);
}

// Trade-sequence figures: streaks, expectancy, durations, exposure.
void trade_figures(const BacktestResult& result, BacktestMetrics& m) {
  std::int64_t win_run = 0;
  std::int64_t loss_run = 0;
  Decimal net;
  std::int64_t held_ns = 0;
  for (const RoundTrip& t : result.round_trips) {
    net += t.pnl;
    held_ns += t.exit_time.ns - t.entry_time.ns;
    win_run = t.pnl.is_positive() ? win_run + 1 : 0;
    loss_run = t.pnl.is_negative() ? loss_run + 1 : 0;
    m.longest_win_streak = std::max(m.longest_win_streak, win_run);
    m.longest_loss_streak = std::max(m.longest_loss_streak, loss_run);
  }
  if (m.total_trades > 0) {
    const Decimal n = Decimal::from_int(m.total_trades);
    m.expectancy = div(net, n, Rounding::HalfEven);
    m.avg_trade_duration_hours = div(hours(held_ns), n, Rounding::HalfEven);
  }
  std::int64_t exposed_ns = held_ns;
  for (const Position& p : result.positions) {
    if (p.status == PositionStatus::Open && p.opened_at < result.end) {
      exposed_ns += result.end.ns - p.opened_at.ns;
    }
  }
  const std::int64_t span_ns = result.end.ns - result.start.ns;
  if (span_ns > 0) {
    m.exposure_time = div(Decimal::from_raw(std::min(exposed_ns, span_ns)),
                          Decimal::from_raw(span_ns), Rounding::HalfEven);
  }
}

// CAGR and Calmar over the run's span.
void growth_figures(const BacktestResult& result, BacktestMetrics& m) {
  const std::int64_t span_ns = result.end.ns - result.start.ns;
  if (span_ns <= 0 || !m.final_equity.is_positive() || !m.initial_capital.is_positive()) return;
  const double growth =
      static_cast<double>(m.final_equity.raw()) / static_cast<double>(m.initial_capital.raw());
  const double years = static_cast<double>(span_ns) / (365.25 * static_cast<double>(kNanosPerDay));
  m.cagr = std::pow(growth, 1 / years) - 1;
  if (m.max_drawdown.is_positive()) {
    m.calmar_ratio = *m.cagr / static_cast<double>(m.max_drawdown.raw()) *
                     static_cast<double>(Decimal::from_int(1).raw());
  }
}

std::vector<MonthlyReturn> monthly(Decimal initial, std::span<const DailyEquity> days) {
  std::vector<MonthlyReturn> out;
  Decimal prev_end = initial;
  for (const DailyEquity& d : days) {
    const CivilDate c = civil_from_days(floor_days(d.day));
    const int y = static_cast<int>(c.year);
    const int mo = static_cast<int>(c.month);
    if (out.empty() || out.back().year != y || out.back().month != mo) {
      if (!out.empty()) prev_end = out.back().end_equity;
      out.push_back({y, mo, 0, d.equity});
    }
    MonthlyReturn& r = out.back();
    r.end_equity = d.equity;
    r.ret = prev_end.is_zero() ? 0
                               : static_cast<double>((d.equity - prev_end).raw()) /
                                     static_cast<double>(prev_end.raw());
  }
  return out;
}

}  // namespace

std::vector<double> daily_returns(Decimal initial, std::span<const DailyEquity> days) {
  std::vector<double> r;
  r.reserve(days.size());
  Decimal prev = initial;
  for (const DailyEquity& d : days) {
    if (prev.is_zero()) throw ArithmeticError("daily return after a zero equity");
    // The difference is exact in Decimal; each side then rounds once to the nearest double
    // and the quotient once more, so a return is within 2 ulp of the exact ratio. Rounding
    // it to 8 places first (as talon once did) erased returns below 5e-9 and biased the
    // deviation.
    r.push_back(static_cast<double>((d.equity - prev).raw()) / static_cast<double>(prev.raw()));
    prev = d.equity;
  }
  return r;
}

BacktestMetrics compute_metrics(const BacktestResult& result) {
  BacktestMetrics m;
  m.initial_capital = result.initial_cash;
  m.final_equity = result.final_equity;
  m.futures = result.market == Market::UsdM;
  m.total_funding = result.total_funding;
  m.liquidations = static_cast<std::int64_t>(result.liquidations);
  m.max_leverage_used = result.max_leverage_used;

  Decimal gross_profit;
  Decimal gross_loss;
  for (const RoundTrip& t : result.round_trips) {
    ++m.total_trades;
    if (t.pnl.is_positive()) {
      ++m.winning_trades;
      gross_profit += t.pnl;
      if (t.pnl > m.largest_win) m.largest_win = t.pnl;
    } else if (t.pnl.is_negative()) {
      ++m.losing_trades;
      gross_loss += t.pnl;
      if (t.pnl < m.largest_loss) m.largest_loss = t.pnl;
    }
  }
  if (m.total_trades > 0) {
    m.win_rate = div(Decimal::from_int(m.winning_trades * 100), Decimal::from_int(m.total_trades),
                     Rounding::HalfEven);
    m.win_rate = round_to_places(m.win_rate, 2, Rounding::HalfEven);
  }
  if (m.winning_trades > 0) {
    m.avg_win = div(gross_profit, Decimal::from_int(m.winning_trades), Rounding::HalfEven);
  }
  if (m.losing_trades > 0) {
    m.avg_loss = div(gross_loss, Decimal::from_int(m.losing_trades), Rounding::HalfEven);
    m.profit_factor = div(gross_profit, gross_loss.abs(), Rounding::HalfEven);
  }

  m.max_drawdown = result.max_drawdown;
  m.max_drawdown_duration_hours = hours(result.longest_drawdown_ns);
  m.daily_equity = result.daily_equity;
  const std::vector<double> r = daily_returns(result.initial_cash, m.daily_equity);
  m.sharpe_ratio = sharpe(r);
  m.sortino_ratio = sortino(r);
  m.total_fees = result.total_fees;
  trade_figures(result, m);
  growth_figures(result, m);
  m.monthly_returns = monthly(result.initial_cash, m.daily_equity);
  return m;
}

}  // namespace talon
