// CAGR, Calmar, exposure, expectancy, durations, streaks, fees and monthly returns on a small
// hand-built run, each expected value worked by hand in the comment beside it.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <talon/analytics/metrics.hpp>
#include <talon/analytics/report.hpp>

namespace talon {
namespace {

Decimal D(const char* s) {
  return Decimal::parse(s);
}

RoundTrip trip(const char* pnl, std::int64_t entry_h, std::int64_t hours) {
  RoundTrip t;
  const Timestamp start = parse_iso8601("2025-01-01");
  t.entry_time = Timestamp::from_ns(start.ns + entry_h * kNanosPerHour);
  t.exit_time = Timestamp::from_ns(t.entry_time.ns + hours * kNanosPerHour);
  t.pnl = D(pnl);
  return t;
}

// 365.25 days from 1000 to 1100: CAGR exactly 10 %.
BacktestResult year_result() {
  BacktestResult r;
  r.initial_cash = D("1000");
  r.final_equity = D("1100");
  r.start = parse_iso8601("2025-01-01");
  r.end = Timestamp::from_ns(r.start.ns + 365 * kNanosPerDay + 6 * kNanosPerHour);
  // Durations 1 + 2 + 1 + 3 + 1 + 4 = 12 h; pnl sum 27.
  r.round_trips = {trip("10", 0, 1),  trip("5", 10, 2),  trip("-3", 20, 1),
                   trip("-4", 30, 3), trip("-1", 40, 1), trip("20", 50, 4)};
  r.max_drawdown = D("0.05");
  r.total_fees = D("7.5");
  r.daily_equity = {{parse_iso8601("2025-01-31"), D("1050")},
                    {parse_iso8601("2025-02-01"), D("1040")},
                    {parse_iso8601("2025-02-28"), D("1092")}};
  return r;
}

TEST(ExtraMetrics, TradeSequenceFigures) {
  const BacktestMetrics m = compute_metrics(year_result());
  EXPECT_EQ(m.expectancy, D("4.5"));              // 27 / 6
  EXPECT_EQ(m.avg_trade_duration_hours, D("2"));  // 12 h / 6
  EXPECT_EQ(m.longest_win_streak, 2);             // +10, +5
  EXPECT_EQ(m.longest_loss_streak, 3);            // −3, −4, −1
  EXPECT_EQ(m.exposure_time, D("0.00136893"));    // 12 h / 8,766 h = 0.0013689254…
  EXPECT_EQ(m.total_fees, D("7.5"));
}

TEST(ExtraMetrics, GrowthFigures) {
  const BacktestMetrics m = compute_metrics(year_result());
  ASSERT_TRUE(m.cagr);
  EXPECT_NEAR(*m.cagr, 0.1, 1e-12);  // 1.1^(1 year / 1 year) − 1
  ASSERT_TRUE(m.calmar_ratio);
  EXPECT_NEAR(*m.calmar_ratio, 2.0, 1e-12);  // 0.1 / 0.05
  BacktestResult flat = year_result();
  flat.max_drawdown = Decimal{};
  EXPECT_FALSE(compute_metrics(flat).calmar_ratio);
  flat.end = flat.start;
  EXPECT_FALSE(compute_metrics(flat).cagr);
}

TEST(ExtraMetrics, MonthlyReturns) {
  const BacktestMetrics m = compute_metrics(year_result());
  ASSERT_EQ(m.monthly_returns.size(), 2u);
  EXPECT_EQ(m.monthly_returns[0].year, 2025);
  EXPECT_EQ(m.monthly_returns[0].month, 1);
  EXPECT_NEAR(m.monthly_returns[0].ret, 0.05, 1e-15);  // 1050 / 1000 − 1
  EXPECT_EQ(m.monthly_returns[1].month, 2);
  EXPECT_NEAR(m.monthly_returns[1].ret, 0.04, 1e-15);  // 1092 / 1050 − 1
  EXPECT_EQ(m.monthly_returns[1].end_equity, D("1092"));
}

TEST(ExtraMetrics, OpenPositionCountsTowardsExposure) {
  BacktestResult r = year_result();
  r.round_trips.clear();
  Position p;
  p.status = PositionStatus::Open;
  p.opened_at = Timestamp::from_ns(r.end.ns - 87 * kNanosPerHour - 72 * kNanosPerMinute);
  r.positions = {p};
  // 88.2 h of 8,766 h = 0.0100616016…
  EXPECT_EQ(compute_metrics(r).exposure_time, D("0.0100616"));
}

TEST(ExtraMetrics, JsonReportCarriesThem) {
  const auto j = nlohmann::json::parse(format_json_report(compute_metrics(year_result())));
  EXPECT_NEAR(j["cagr"].get<double>(), 0.1, 1e-12);
  EXPECT_EQ(j["longest_loss_streak"], 3);
  EXPECT_EQ(j["monthly_returns"][1]["month"], "2025-02");
  EXPECT_DOUBLE_EQ(j["total_fees"].get<double>(), 7.5);
  EXPECT_DOUBLE_EQ(j["total_funding"].get<double>(), 0.0);
}

}  // namespace
}  // namespace talon
