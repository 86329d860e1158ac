// KlineStream: a file read in batches gives exactly the bars, gaps and errors of reading it
// whole, across batch boundaries.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <talon/core/error.hpp>
#include <talon/data/kline_reader.hpp>

#include "data_test_util.hpp"

namespace talon {
namespace {

// `n` 1-minute rows of the plain layout (about 60 bytes each, so 200,000 rows span several
// 4 MB batches), with a gap of 3 bars after row 100,000 and, when `bad_line` > 0, a high
// below the low on that line of the file (header = line 1).
std::string series(int n, int bad_line = 0) {
  std::string text = "open_time,open,high,low,close,volume\n";
  std::int64_t t = 1'704'067'200'000;
  for (int i = 0; i < n; ++i) {
    if (i == 100'000) t += 3 * 60'000;
    const int line = i + 2;
    const char* high = line == bad_line ? "99.5" : "101.25";
    text += fmt::format("{},100.5,{},99.75,100.25,12.3456\n", t, high);
    t += 60'000;
  }
  return text;
}

TEST(KlineStream, BatchesEqualTheWholeFile) {
  test::ScratchDir dir;
  const auto path = dir / "s.csv";
  test::write_file(path, series(200'000));
  const KlineSeries whole = read_klines(path);
  KlineStream stream(path);
  std::vector<Bar> batch, all;
  std::vector<KlineGap> gaps;
  int batches = 0;
  while (stream.next(batch)) {
    ++batches;
    all.insert(all.end(), batch.begin(), batch.end());
    gaps.insert(gaps.end(), stream.batch_gaps().begin(), stream.batch_gaps().end());
  }
  EXPECT_GT(batches, 2);
  ASSERT_EQ(all.size(), whole.bars.size());
  for (std::size_t i = 0; i < all.size(); i += 997) {
    EXPECT_EQ(all[i].open_time, whole.bars[i].open_time) << i;
    EXPECT_EQ(all[i].close_time, whole.bars[i].close_time) << i;
    EXPECT_EQ(all[i].high, whole.bars[i].high) << i;
  }
  EXPECT_EQ(stream.interval_ns(), whole.interval_ns);
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].missing, 3);
  EXPECT_EQ(gaps[0].first_after, whole.gaps[0].first_after);
  EXPECT_DOUBLE_EQ(stream.fraction_read(), 1.0);
}

TEST(KlineStream, AnErrorInALaterBatchNamesTheFileLine) {
  test::ScratchDir dir;
  const auto path = dir / "bad.csv";
  test::write_file(path, series(150'000, 140'001));
  KlineStream stream(path);
  std::vector<Bar> batch;
  try {
    while (stream.next(batch)) {
    }
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.csv:140001: high"), std::string::npos) << e.what();
  }
}

TEST(KlineStream, AnEmptyFileIsAnError) {
  test::ScratchDir dir;
  const auto path = dir / "empty.csv";
  test::write_file(path, "open_time,open,high,low,close,volume\n");
  KlineStream stream(path);
  std::vector<Bar> batch;
  EXPECT_THROW(stream.next(batch), DataError);
}

}  // namespace
}  // namespace talon
