// Hostile files through every command that reads bars, as separate `talon` processes: each
// must exit 1 with "talon: error: <file>:..." (never a crash, an internal error or a hang),
// and leave the existing bar cache and database byte for byte as they were.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>

#include <talon/data/kline_reader.hpp>
#include <talon/data/kline_writer.hpp>

#include "run_talon.hpp"
#include "test_data.hpp"

namespace talon {
namespace {

// name -> content. Each is damaged in one way a user or an attacker could produce.
std::map<std::string, std::string> hostile_files() {
  const std::string good =
      "1748736000000,104000.00,104100.00,103900.00,104050.00,12.5,1748736059999,1300000.0,100,"
      "6.0,624000.0,0\n";
  const std::string next_head = "1748736060000,104050.00,104060.00,104000.00,104010.00,3.5,";
  const std::string next_tail = "1748736119999,364000.0,40,1.0,104000.0,0\n";
  std::map<std::string, std::string> f;
  f["empty.csv"] = "";
  f["header_only.csv"] = "open_time,open,high,low,close,volume\n";
  f["bom_header_only.csv"] = "\xEF\xBB\xBFopen_time,open,high,low,close,volume\n";
  f["nanoseconds.csv"] = "1748736000000000000,1,2,1,2,3,1748736059999999999,1,1,1,1,0\n";
  f["ms_after_2262.csv"] = "9300000000000000,1,2,1,2,3,9300000000059999,1,1,1,1,0\n";
  f["negative_time.csv"] = "-1,1,2,1,2,3,59999,1,1,1,1,0\n";
  f["close_before_open.csv"] = good + "1748736060000,1,2,1,2,3,1748736000000,1,1,1,1,0\n";
  f["high_below_low.csv"] =
      good + "1748736060000,104050.00,103000.00,104000.00,104010.00,3.5," + next_tail;
  f["zero_price.csv"] = good + "1748736060000,0,2,1,2,3," + next_tail;
  f["negative_volume.csv"] = good + "1748736060000,1,2,1,2,-3," + next_tail;
  f["duplicate.csv"] = good + good;
  f["backwards.csv"] = next_head + next_tail + good;
  f["short_row.csv"] = good + "1748736060000,1,2\n";
  f["long_row.csv"] =
      good + next_head + next_tail.substr(0, next_tail.size() - 1) + ",1,2,3,4,5,6\n";
  f["text_price.csv"] = good + "1748736060000,abc,2,1,2,3," + next_tail;
  f["nan_price.csv"] = good + "1748736060000,NaN,2,1,2,3," + next_tail;
  f["huge_number.csv"] =
      good + "1748736060000,1,99999999999999999999999999999999999,1,2,3," + next_tail;
  f["nine_decimals.csv"] = good + "1748736060000,1.123456789,2,1,2,3," + next_tail;
  f["nul_bytes.csv"] = good + std::string("1748736060000\0,1,2,1,2,3,", 26) + next_tail;
  f["binary.csv"] = std::string("\x7f\x45\x4c\x46\x02\x01\x01\x00", 8) + std::string(64, '\xff');
  f["not_gzip.csv.gz"] = std::string("\x1f\x8b\x08\x00garbage", 11);
  f["truncated.zip"] = std::string("PK\x03\x04\x14\x00\x00\x00\x08\x00", 10);
  f["six_columns_no_header.csv"] = "1748736000000,1,2,1,2,3\n";
  f["tab_separated.csv"] = "1748736000000\t1\t2\t1\t2\t3\n";
  f["crafted.tbars"] = std::string("TALONBAR\x01\x00\x00\x00\x00\x01\x00\x00", 16) +
                       std::string(8, '\xff') + std::string(232, '\x00');
  f["short.tbars"] = "TALONBAR";
  f["empty.json"] = "[]";
  f["bad.json"] = "[[1748736000000000000,\"1\",\"2\",\"1\",\"2\",\"3\"]]";
  return f;
}

// Every file (recursively) under `dir` with its bytes: the "nothing changed" evidence.
std::map<std::string, std::string> snapshot(const std::filesystem::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out[e.path().string()] = test::read_all(e.path());
  }
  return out;
}

TEST(HostileFiles, EveryCommandRefusesThemCleanlyAndChangesNothing) {
  test::TempDir dir;
  const std::filesystem::path state = dir.path() / "state";
  std::filesystem::create_directories(state / "cache");
  const std::string cache = (state / "cache").string();
  const std::string db = (state / "talon.db").string();
  const std::string data = test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz");
  // Existing state: a cache of BTCUSDT and a database with its bars and one backtest.
  ASSERT_EQ(
      test::run_talon({"data", "import", data, "--symbol", "BTCUSDT", "--cache", cache, "--db", db},
                      dir.path() / "setup1"),
      0);
  ASSERT_EQ(test::run_talon({"backtest", "--data", data, "--symbol", "BTCUSDT", "--db", db},
                            dir.path() / "setup2"),
            0);
  const auto before = snapshot(state);
  ASSERT_GE(before.size(), 2u);

  const auto files = hostile_files();
  const std::filesystem::path in = dir.path() / "in";
  std::filesystem::create_directories(in);
  int runs = 0;
  for (const auto& [name, content] : files) {
    const std::string path = (in / name).string();
    std::ofstream(path, std::ios::binary) << content;
    const std::vector<std::vector<std::string>> commands = {
        {"data", "import", path, "--symbol", "BTCUSDT", "--cache", cache, "--db", db},
        {"data", "check", path},
        {"data", "resample", path, "--to", "1h", "--out", (dir.path() / "out.csv").string()},
        {"indicators", "--data", path, "--name", "RSI", "--param", "period=14"},
        {"backtest", "--data", path, "--symbol", "BTCUSDT", "--db", db},
    };
    for (const auto& cmd : commands) {
      std::string out;
      const int rc = test::run_talon(cmd, dir.path() / fmt::format("run{}", runs++), &out);
      const std::string what = fmt::format("talon {} on {}:\n{}", cmd[0] + " " + cmd[1], name, out);
      EXPECT_EQ(rc, 1) << what;
      // `data check` may list the damage as issues of its report instead of an error.
      const bool report = cmd[1] == "check" && out.rfind(path + ": ", 0) == 0 &&
                          out.find("result: ") != std::string::npos &&
                          out.find("result: clean") == std::string::npos;
      EXPECT_TRUE(report || out.find("talon: error: " + path) != std::string::npos) << what;
      EXPECT_EQ(out.find("internal error"), std::string::npos) << what;
    }
  }
  EXPECT_GE(runs, 140);
  EXPECT_EQ(snapshot(state), before) << "a refused file changed the cache or the database";
}

}  // namespace
}  // namespace talon
