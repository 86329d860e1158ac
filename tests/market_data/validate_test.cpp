// `talon data check`: every problem of a kline file listed with its line, on real rows with
// one defect introduced per test.

#include <gtest/gtest.h>

#include <talon/data/kline_reader.hpp>
#include <talon/data/validate.hpp>

#include "data_test_util.hpp"

namespace talon {
namespace {

std::vector<std::string> real_lines() {
  const std::string text =
      read_maybe_gzip(test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"));
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    out.push_back(text.substr(pos, nl - pos));
    pos = nl == std::string::npos ? text.size() : nl + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

TEST(DataCheck, RealTwoDaysAreClean) {
  const auto r = check_kline_text(join(real_lines()), "btc.csv");
  EXPECT_EQ(r.rows, 2880u);
  EXPECT_EQ(r.bars, 2880u);
  EXPECT_EQ(r.interval_ns, kNanosPerMinute);
  EXPECT_TRUE(r.clean()) << format_report(r);
}

TEST(DataCheck, GapIsReportedWithMissingBarCount) {
  auto lines = real_lines();
  lines.erase(lines.begin() + 101, lines.begin() + 106);  // rows 101..105 (5 minutes)
  const auto r = check_kline_text(join(lines), "btc.csv");
  ASSERT_EQ(r.count(IssueKind::Gap), 1u);
  EXPECT_EQ(r.missing_bars, 5);
  EXPECT_EQ(r.issues[0].line, 102u);  // the line of the first bar after the gap
  EXPECT_EQ(r.issues[0].count, 5);
}

TEST(DataCheck, DuplicateAndOutOfOrderRowsAreListedAndSkipped) {
  auto lines = real_lines();
  lines.insert(lines.begin() + 11, lines[10]);  // line 12 duplicates line 11
  std::swap(lines[20], lines[21]);              // lines 21/22 swapped
  const auto r = check_kline_text(join(lines), "btc.csv");
  EXPECT_EQ(r.count(IssueKind::Duplicate), 1u);
  EXPECT_EQ(r.count(IssueKind::OutOfOrder), 1u);
  EXPECT_EQ(r.bars, 2879u);  // 2881 rows, one duplicate and one out-of-order row skipped
  EXPECT_EQ(r.count(IssueKind::Gap),
            1u);  // skipping the out-of-order row leaves its minute missing
  const auto& dup = r.issues[0];
  EXPECT_EQ(dup.kind, IssueKind::Duplicate);
  EXPECT_EQ(dup.line, 12u);
}

TEST(DataCheck, OhlcInconsistencyIsReportedWithValues) {
  auto lines = real_lines();
  // line 3: 1748736060000,104647.11,... -> high below low
  lines[2] = "1748736060000,104647.11,100000,104600,104620,1.5";
  const auto r = check_kline_text(join(lines), "btc.csv");
  ASSERT_EQ(r.count(IssueKind::OhlcInconsistent), 1u);
  EXPECT_EQ(r.issues[0].line, 3u);
  EXPECT_NE(r.issues[0].detail.find("high 100000 low 104600"), std::string::npos)
      << r.issues[0].detail;
}

TEST(DataCheck, MalformedRowsAreListedWithLineAndField) {
  auto lines = real_lines();
  lines[4] = "1748736180000,104600,abc,104500,104550,1";
  lines[6] = "1748736300000,104600";
  const auto r = check_kline_text(join(lines), "btc.csv");
  ASSERT_EQ(r.count(IssueKind::Malformed), 2u);
  EXPECT_NE(r.issues[0].detail.find("btc.csv:5: high: not a decimal"), std::string::npos)
      << r.issues[0].detail;
  EXPECT_NE(r.issues[1].detail.find("btc.csv:7: short row"), std::string::npos)
      << r.issues[1].detail;
}

TEST(DataCheck, ZeroVolumeRunsAtOrAboveTheMinimumAreReported) {
  auto lines = real_lines();
  for (int i : {50, 51, 52, 53, 90, 91}) {  // a run of 4, and a run of 2 (below the minimum 3)
    lines[i] = lines[i].substr(0, lines[i].rfind(',')) + ",0";
  }
  const auto r = check_kline_text(join(lines), "btc.csv");
  ASSERT_EQ(r.count(IssueKind::ZeroVolumeRun), 1u);
  EXPECT_EQ(r.issues[0].count, 4);
  EXPECT_EQ(r.issues[0].line, 51u);
}

TEST(DataCheck, PriceJumpBeyondSigmaThresholdIsAnOutlier) {
  auto lines = real_lines();
  // line 1001: a close 10 % above its neighbours (high raised to keep OHLC consistent).
  lines[1000] = "1748795940000,105000,115600,105000,115500,3.2";
  const auto r = check_kline_text(join(lines), "btc.csv");
  EXPECT_GE(r.count(IssueKind::Outlier), 1u);
  EXPECT_EQ(r.issues[0].line, 1001u);
  ValidationOptions loose;
  loose.outlier_sigma = 1000;
  EXPECT_EQ(check_kline_text(join(lines), "btc.csv", loose).count(IssueKind::Outlier), 0u);
}

TEST(DataCheck, ReportTextNamesEveryKindAndTheVerdict) {
  auto lines = real_lines();
  lines.erase(lines.begin() + 10);
  const std::string text = format_report(check_kline_text(join(lines), "btc.csv"));
  EXPECT_NE(text.find("gap           1 (1 bars missing)"), std::string::npos) << text;
  EXPECT_NE(text.find("btc.csv:11: gap: 1 bar missing"), std::string::npos) << text;
  EXPECT_NE(text.find("result: 1 issue(s)"), std::string::npos) << text;
}

}  // namespace
}  // namespace talon
