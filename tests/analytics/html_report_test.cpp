// The HTML page around the charts: one file, data inlined and unable to close its script,
// candles bucketed for the chart.

#include <gtest/gtest.h>

#include <talon/analytics/html_report.hpp>
#include <talon/core/error.hpp>

namespace talon {
namespace {

Bar bar(std::int64_t minute, const char* o, const char* h, const char* l, const char* c) {
  Bar b;
  b.open_time = Timestamp::from_ns(minute * kNanosPerMinute);
  b.close_time = Timestamp::from_ns((minute + 1) * kNanosPerMinute - 1);
  b.open = Decimal::parse(o);
  b.high = Decimal::parse(h);
  b.low = Decimal::parse(l);
  b.close = Decimal::parse(c);
  return b;
}

TEST(HtmlReport, CandlesAreBucketedToTheLimit) {
  const std::vector<Bar> bars = {bar(0, "10", "12", "9", "11"), bar(1, "11", "15", "10", "14"),
                                 bar(2, "14", "14", "8", "9")};
  const auto all = chart_candles(bars, 10);
  ASSERT_EQ(all.size(), 3u);
  const auto two = chart_candles(bars, 2);  // buckets of 2: [0, 1], [2]
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].time, 0);
  EXPECT_EQ(two[0].open, 10);
  EXPECT_EQ(two[0].high, 15);
  EXPECT_EQ(two[0].low, 9);
  EXPECT_EQ(two[0].close, 14);
  EXPECT_EQ(two[1].time, 120);
  EXPECT_EQ(two[1].low, 8);
}

TEST(HtmlReport, OneSelfContainedPage) {
  HtmlReportInput in;
  in.title = "BTC <test>";
  in.metrics_json = R"({"note":"</script><script>alert(1)</script>"})";
  in.equity = {{60, 100}, {60, 101}, {120, 102}};
  const std::string page = render_html_report(in, "var LightweightCharts = {};");
  EXPECT_NE(page.find("<title>BTC &lt;test&gt;</title>"), std::string::npos);
  EXPECT_EQ(page.find("</script><script>alert"), std::string::npos);  // escaped as <\/script>
  EXPECT_NE(page.find("\"equity\":[[60,101],[120,102]]"), std::string::npos);  // one per second
  EXPECT_NE(page.find("default-src 'none'"), std::string::npos);  // nothing may be fetched
  EXPECT_EQ(page.find("src=\"http"), std::string::npos);
  EXPECT_THROW(render_html_report(in, ""), InvalidArgument);
  EXPECT_THROW(render_html_report(in, "x</script>"), InvalidArgument);
}

}  // namespace
}  // namespace talon
