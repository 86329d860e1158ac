#include <cmath>

#include <talon/analytics/metrics.hpp>
#include <talon/core/error.hpp>

namespace talon {
namespace {

constexpr double kDaysPerYear = 365.0;

std::optional<double> sharpe(const std::vector<double>& r) {
  if (r.size() < 2) return std::nullopt;
  double mean = 0;
  for (double x : r) mean += x;
  mean /= static_cast<double>(r.size());
  double ss = 0;
  for (double x : r) ss += (x - mean) * (x - mean);
  const double sd = std::sqrt(ss / static_cast<double>(r.size() - 1));
  if (sd == 0) return std::nullopt;
  return mean / sd * std::sqrt(kDaysPerYear);
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
  return m;
}

}  // namespace talon
