// `talon data check|import` as a careless or hostile user drives them: bad option values,
// symbols that would leave the cache directory, a file as the cache, re-imports that
// overlap, and a failed database write that must leave the cache as it was.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <talon/app/data_command.hpp>
#include <talon/core/error.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/data/kline_writer.hpp>

#include "test_data.hpp"

namespace talon {
namespace {

// Parses and runs `talon data <args...>`; returns the exit code, stdout in `out`.
int run_data(std::vector<std::string> args, std::string* out = nullptr) {
  CLI::App app("talon");
  DataOptions options;
  add_data_command(app, options);
  args.insert(args.begin(), "data");
  std::reverse(args.begin(), args.end());  // CLI11 takes the vector in reverse order
  app.parse(args);
  testing::internal::CaptureStdout();
  int rc = -1;
  try {
    rc = run_data_command(*app.get_subcommand("data"), options);
  } catch (...) {
    testing::internal::GetCapturedStdout();
    throw;
  }
  const std::string text = testing::internal::GetCapturedStdout();
  if (out != nullptr) *out = text;
  return rc;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

const std::string kTwoDays = test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz");

TEST(DataCommandHardening, SigmaAndZeroRunMustBeMeaningful) {
  for (const char* sigma : {"nan", "-1", "0", "inf"}) {
    EXPECT_THROW(run_data({"check", kTwoDays, "--sigma", sigma}), InvalidArgument) << sigma;
  }
  EXPECT_THROW(run_data({"check", kTwoDays, "--zero-run", "0"}), InvalidArgument);
  EXPECT_EQ(run_data({"check", kTwoDays, "--sigma", "8", "--zero-run", "1"}), 0);
}

// The repository's own month of real BTCUSDT minutes has 8-sigma minutes: warnings only.
TEST(DataCommandHardening, OutliersAreWarningsUnlessAsked) {
  const std::string month = test::repo_data("binance_spot_BTCUSDT_1m_2025-06.csv.gz");
  std::string out;
  EXPECT_EQ(run_data({"check", month}, &out), 0);
  EXPECT_NE(out.find("result: clean, 14 outlier warning(s)"), std::string::npos) << out;
  EXPECT_EQ(run_data({"check", month, "--fail-on-outliers"}), 1);
}

TEST(DataCommandHardening, ASymbolCannotLeaveTheCacheDirectory) {
  test::TempDir dir;
  const std::string cache = dir.file("a/b/cache");
  for (const char* symbol : {"../../x", "..", "a/b", "/etc/x", ".hidden", "-rf", "",
                             "ABCDEFGHIJKLMNOPQRSTUVWX", "BTC USDT", "x\n"}) {
    EXPECT_THROW(run_data({"import", kTwoDays, "--symbol", symbol, "--cache", cache}),
                 InvalidArgument)
        << symbol;
  }
  // Nothing was created, neither inside nor beside the cache directory.
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "a"));
  EXPECT_EQ(run_data({"import", kTwoDays, "--symbol", "BTC-USD.P_1", "--cache", cache}), 0);
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(cache) / "BTC-USD.P_1-1m.tbars"));
}

TEST(DataCommandHardening, ASymbolOtherThanTheFileNamesIsWarnedAbout) {
  test::TempDir dir;
  testing::internal::CaptureStderr();
  EXPECT_EQ(run_data({"import", kTwoDays, "--symbol", "ETHUSDT", "--cache", dir.file("c")}), 0);
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("talon: warning: " + kTwoDays +
                     " is named for BTCUSDT but --symbol is "
                     "ETHUSDT"),
            std::string::npos)
      << err;
  testing::internal::CaptureStderr();
  EXPECT_EQ(run_data({"import", kTwoDays, "--symbol", "BTCUSDT", "--cache", dir.file("c")}), 0);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

TEST(DataCommandHardening, AFileAsTheCacheIsAnErrorThatSaysSo) {
  test::TempDir dir;
  const std::string file = dir.write("not-a-dir", "keep me");
  try {
    run_data({"import", kTwoDays, "--symbol", "BTCUSDT", "--cache", file});
    ADD_FAILURE() << "accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("is a file, not a directory"), std::string::npos);
  }
  EXPECT_EQ(slurp(file), "keep me");
}

TEST(DataCommandHardening, AFailedDatabaseWriteLeavesTheCacheAsItWas) {
  test::TempDir dir;
  const std::string cache = dir.file("cache");
  const KlineSeries s = read_klines(kTwoDays);
  {
    std::ofstream f(dir.file("day1.csv"));
    write_klines_csv(f, std::span(s.bars).first(1440));
  }
  ASSERT_EQ(run_data({"import", dir.file("day1.csv"), "--symbol", "BTCUSDT", "--cache", cache}), 0);
  const auto cached = std::filesystem::path(cache) / "BTCUSDT-1m.tbars";
  const std::string before = slurp(cached);
  // The database cannot be opened: its directory does not exist.
  EXPECT_THROW(run_data({"import", kTwoDays, "--symbol", "BTCUSDT", "--cache", cache, "--db",
                         dir.file("missing/dir/x.db")}),
               Error);
  EXPECT_EQ(slurp(cached), before);
}

TEST(DataCommandHardening, ReimportAddsWhatIsMissingAndReportsWhatItSkipped) {
  test::TempDir dir;
  const KlineSeries s = read_klines(kTwoDays);
  {
    std::ofstream f(dir.file("first.csv"));
    write_klines_csv(f, std::span(s.bars).first(1500));
  }
  const std::string db = dir.file("m.db");
  const std::string cache = dir.file("cache");
  std::string out;
  ASSERT_EQ(run_data({"import", dir.file("first.csv"), "--symbol", "BTCUSDT", "--cache", cache,
                      "--db", db},
                     &out),
            0);
  EXPECT_NE(out.find("1500 bars 1m -> market_prices"), std::string::npos) << out;
  // The whole two days: 1380 new bars, 1500 already stored and identical.
  ASSERT_EQ(
      run_data({"import", kTwoDays, "--symbol", "BTCUSDT", "--cache", cache, "--db", db}, &out), 0);
  EXPECT_NE(out.find("1380 bars 1m -> market_prices of " + db +
                     ", 1500 already stored and skipped (identical)"),
            std::string::npos)
      << out;
  // A file whose bar at 00:10 differs: nothing new, one difference named, stored value kept.
  std::vector<Bar> changed(s.bars.begin(), s.bars.begin() + 20);
  changed[10].close = changed[10].high;
  changed[10].volume = changed[10].volume + Decimal::parse("1");
  {
    std::ofstream f(dir.file("changed.csv"));
    write_klines_csv(f, changed);
  }
  ASSERT_EQ(run_data({"import", dir.file("changed.csv"), "--symbol", "BTCUSDT", "--cache", cache,
                      "--db", db},
                     &out),
            0);
  EXPECT_NE(out.find("0 bars 1m -> market_prices of " + db +
                     ", 20 already stored and skipped (1 differ from the stored ones, first at "
                     "2025-06-01T00:10:00Z; the stored values were kept)"),
            std::string::npos)
      << out;
  SQLite::Database store(db);
  EXPECT_EQ(store.execAndGet("SELECT count(*) FROM market_prices").getInt(), 2880);
  EXPECT_EQ(store.execAndGet("SELECT close FROM market_prices ORDER BY timestamp LIMIT 1 OFFSET 10")
                .getString(),
            s.bars[10].close.to_string());
}

}  // namespace
}  // namespace talon
