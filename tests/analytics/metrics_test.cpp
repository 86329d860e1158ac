// Metrics of seed 002's Backtests table from hand-built round trips and daily equity, each
// expected value worked by hand (or with a calculator) in the comment beside it.

#include <gtest/gtest.h>

#include <cmath>

#include <talon/analytics/metrics.hpp>
#include <talon/analytics/report.hpp>
#include <talon/core/error.hpp>

namespace talon {
namespace {

Decimal D(const char* s) {
  return Decimal::parse(s);
}

RoundTrip trip(const char* pnl) {
  RoundTrip t;
  t.pnl = D(pnl);
  return t;
}

BacktestResult three_day_result() {
  BacktestResult r;
  r.initial_cash = D("1000");
  r.final_equity = D("1045");
  r.round_trips = {trip("30"), trip("-10"), trip("0"), trip("40"), trip("-15")};
  const Timestamp d0 = parse_iso8601("2025-06-01");
  // Day ends: 1100, 990, 1045 → returns 0.1, −0.1, 0.0555...
  r.daily_equity = {{d0, D("1100")},
                    {Timestamp::from_ns(d0.ns + kNanosPerDay), D("990")},
                    {Timestamp::from_ns(d0.ns + 2 * kNanosPerDay), D("1045")}};
  r.max_drawdown = D("0.1");
  r.longest_drawdown_ns = 36 * kNanosPerHour;
  return r;
}

TEST(Metrics, TradeCountsWinRateAndAverages) {
  const BacktestMetrics m = compute_metrics(three_day_result());
  EXPECT_EQ(m.total_trades, 5);
  EXPECT_EQ(m.winning_trades, 2);
  EXPECT_EQ(m.losing_trades, 2);      // the breakeven trade is neither
  EXPECT_EQ(m.win_rate, D("40"));     // 2 / 5
  EXPECT_EQ(m.avg_win, D("35"));      // (30 + 40) / 2
  EXPECT_EQ(m.avg_loss, D("-12.5"));  // (−10 − 15) / 2
  EXPECT_EQ(m.largest_win, D("40"));
  EXPECT_EQ(m.largest_loss, D("-15"));
  ASSERT_TRUE(m.profit_factor.has_value());
  EXPECT_EQ(*m.profit_factor, D("2.8"));  // 70 / 25
  EXPECT_EQ(m.max_drawdown, D("0.1"));
  EXPECT_EQ(m.max_drawdown_duration_hours, D("36"));
}

TEST(Metrics, WinRateRoundsToTwoPlaces) {
  BacktestResult r = three_day_result();
  r.round_trips = {trip("1"), trip("-1"), trip("-1")};
  EXPECT_EQ(compute_metrics(r).win_rate, D("33.33"));  // 100/3 = 33.333...
  r.round_trips = {trip("1"), trip("1"), trip("-1")};
  EXPECT_EQ(compute_metrics(r).win_rate, D("66.67"));
}

TEST(Metrics, SharpeAndSortinoFromDailyReturnsAnnualisedWithSqrt365) {
  const BacktestMetrics m = compute_metrics(three_day_result());
  // r = 0.1, −0.1, 55/990 = 0.0555555...; mean = 0.0185185185...
  // sample sd (n−1) = 0.1050181250 (Python statistics.stdev of the same three returns)
  // Sharpe = 0.0185185185 / 0.1050181250 × √365 = 3.368902...
  // (returns are not rounded to 8 places, so the double formula agrees to ~1e-12)
  const double r3 = 55.0 / 990.0;
  const double mean = (0.1 - 0.1 + r3) / 3;
  const double sd = std::sqrt(
      ((0.1 - mean) * (0.1 - mean) + (-0.1 - mean) * (-0.1 - mean) + (r3 - mean) * (r3 - mean)) /
      2);
  ASSERT_TRUE(m.sharpe_ratio.has_value());
  EXPECT_NEAR(*m.sharpe_ratio, mean / sd * std::sqrt(365.0), 1e-12);
  EXPECT_NEAR(*m.sharpe_ratio, 3.368902, 1e-5);
  // Downside deviation √((−0.1)² / 3) = 0.0577350; Sortino = 0.0185185 / 0.0577350 × √365
  //   = 6.127923...
  ASSERT_TRUE(m.sortino_ratio.has_value());
  EXPECT_NEAR(*m.sortino_ratio, mean / std::sqrt(0.01 / 3) * std::sqrt(365.0), 1e-12);
  EXPECT_NEAR(*m.sortino_ratio, 6.127923, 1e-5);
}

TEST(Metrics, RatiosAreUndefinedWithoutVariationOrLosses) {
  BacktestResult r = three_day_result();
  r.round_trips = {trip("5")};
  r.daily_equity = {{parse_iso8601("2025-06-01"), D("1000")},
                    {parse_iso8601("2025-06-02"), D("1000")}};
  const BacktestMetrics m = compute_metrics(r);
  EXPECT_FALSE(m.profit_factor.has_value());  // no loss: infinite
  EXPECT_FALSE(m.sharpe_ratio.has_value());   // zero deviation
  EXPECT_FALSE(m.sortino_ratio.has_value());  // no negative return
  EXPECT_EQ(m.avg_loss, D("0"));
}

TEST(Metrics, DailyReturnsStartFromInitialCapital) {
  const std::vector<DailyEquity> days = {{parse_iso8601("2025-06-01"), D("1100")},
                                         {parse_iso8601("2025-06-02"), D("1210")}};
  const std::vector<double> r = daily_returns(D("1000"), days);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_DOUBLE_EQ(r[0], 0.1);
  EXPECT_DOUBLE_EQ(r[1], 0.1);
}

TEST(Metrics, DailyReturnsAreNotRoundedToEightPlaces) {
  // 1000 → 1000.001 is a return of exactly 10^-6; 3 → 4 of 1/3, not 0.33333333.
  const std::vector<DailyEquity> thirds = {{parse_iso8601("2025-06-01"), D("4")}};
  EXPECT_DOUBLE_EQ(daily_returns(D("3"), thirds)[0], 1.0 / 3.0);
  // Equity moving by a thousandth of a USDT on a million: returns of about 10^-9, which
  // 8-place rounding turned into three zeros (and so no Sharpe ratio at all).
  //   r1 = 0.001 / 1,000,000 = 1e-9
  //   r2 = 0.002 / 1,000,000.001 = 1.999999998000000002e-9
  //   r3 = −0.001 / 1,000,000.003 = −9.99999997000000009e-10
  // mean = 6.66666667e-10, sample sd (n−1) = 1.5275252291e-9, Sharpe = mean / sd × √365
  //   = 8.3380938962; downside deviation √(r3² / 3) = 5.7735026746e-10, Sortino
  //   = 22.0605228876 (Python decimal, 40 digits).
  BacktestResult r = three_day_result();
  const Timestamp d0 = parse_iso8601("2025-06-01");
  r.initial_cash = D("1000000");
  r.daily_equity = {{d0, D("1000000.001")},
                    {Timestamp::from_ns(d0.ns + kNanosPerDay), D("1000000.003")},
                    {Timestamp::from_ns(d0.ns + 2 * kNanosPerDay), D("1000000.002")}};
  const BacktestMetrics m = compute_metrics(r);
  ASSERT_TRUE(m.sharpe_ratio.has_value());
  EXPECT_NEAR(*m.sharpe_ratio, 8.3380938962, 1e-8);
  ASSERT_TRUE(m.sortino_ratio.has_value());
  EXPECT_NEAR(*m.sortino_ratio, 22.0605228876, 1e-8);
  EXPECT_THROW(daily_returns(Decimal{}, thirds), ArithmeticError);
}

TEST(EquityTrackerTest, DrawdownDurationAndDayEnds) {
  const Timestamp t0 = parse_iso8601("2025-06-01T22:00:00Z");
  EquityTracker t(t0, D("100"));
  auto at = [&](int hours) { return Timestamp::from_ns(t0.ns + hours * kNanosPerHour); };
  t.update(at(1), D("120"));  // peak 120 at 23:00
  t.update(at(2), D("90"));   // 00:00 next day: drawdown 30/120 = 0.25
  t.update(at(3), D("96"));
  t.update(at(5), D("121"));  // recovered 4 h after the peak
  t.update(at(6), D("110"));  // under water again until the end (1 h)
  EXPECT_EQ(t.max_drawdown(), D("0.25"));
  EXPECT_EQ(t.longest_underwater_ns(), 4 * kNanosPerHour);
  ASSERT_EQ(t.daily().size(), 2u);
  EXPECT_EQ(t.daily()[0].day, parse_iso8601("2025-06-01"));
  EXPECT_EQ(t.daily()[0].equity, D("120"));
  EXPECT_EQ(t.daily()[1].equity, D("110"));
}

TEST(Report, JsonHasEveryBacktestsMetricKey) {
  const std::string json = format_json_report(compute_metrics(three_day_result()));
  for (const char* key :
       {"initial_capital", "final_equity", "total_trades", "winning_trades", "losing_trades",
        "win_rate", "sharpe_ratio", "sortino_ratio", "max_drawdown", "max_drawdown_duration_hours",
        "profit_factor", "avg_win", "avg_loss", "largest_win", "largest_loss", "equity_curve"}) {
    EXPECT_NE(json.find(std::string("\"") + key + "\":"), std::string::npos) << key;
  }
  EXPECT_NE(json.find(R"("profit_factor":2.8,)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"({"time":"2025-06-03T00:00:00Z","equity":1045})"), std::string::npos);
}

TEST(Report, TextReportDrawsDailyEquity) {
  RunDescription run;
  run.symbol = "BTCUSDT";
  run.quote_currency = "USDT";
  const std::string text = format_text_report(run, compute_metrics(three_day_result()));
  // Day ends 1100, 990, 1045 scaled between 990 and 1100: top, bottom, middle block.
  EXPECT_NE(text.find("daily equity      █▁▅"), std::string::npos) << text;
  EXPECT_NE(text.find("final equity               1045.00 USDT"), std::string::npos) << text;
  EXPECT_NE(text.find("net profit                   45.00 USDT  (4.50%)"), std::string::npos)
      << text;
}

}  // namespace
}  // namespace talon
