// `talon runs list|compare` as a user drives it: two sma_cross backtests over two real days
// of BTCUSDT minutes stored in one SQLite file, read back newest first and best first, and
// compared; every figure checked against the backtests rows themselves.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <talon/core/decimal.hpp>
#include <talon/core/rounding.hpp>

#include "run_talon.hpp"
#include "test_data.hpp"

namespace talon {
namespace {

const std::string kTwoDays = test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz");

class RunsProcess : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& [fast, slow] : {std::pair{"5", "20"}, std::pair{"10", "30"}}) {
      std::string out;
      ASSERT_EQ(
          test::run_talon({"backtest", "--data", kTwoDays, "--db", db(), "--param",
                           std::string("fast=") + fast, "--param", std::string("slow=") + slow},
                          dir_.path() / (std::string("bt") + fast), &out),
          0)
          << out;
    }
    SQLite::Database store(db());
    SQLite::Statement q(store,
                        "SELECT id, final_equity, total_trades FROM backtests ORDER BY created_at");
    while (q.executeStep()) {
      ids_.push_back(q.getColumn(0).getString());
      final_.push_back(q.getColumn(1).getString());
      trades_.push_back(q.getColumn(2).getInt64());
    }
    ASSERT_EQ(ids_.size(), 2u);
  }
  std::string db() const { return dir_.file("t.db"); }
  nlohmann::json json_of(const std::vector<std::string>& args, const std::string& name) {
    const auto p = test::start_talon(args, dir_.path() / name);
    EXPECT_EQ(test::wait_talon(p), 0) << test::read_all(p.err);
    return nlohmann::json::parse(test::read_all(p.out));
  }

  test::TempDir dir_;
  std::vector<std::string> ids_, final_;
  std::vector<std::int64_t> trades_;
};

TEST_F(RunsProcess, ListsNewestFirstWithTheStoredFigures) {
  const auto j = json_of({"runs", "list", "--db", db(), "--json"}, "list");
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["id"], ids_[1]);  // newest first
  EXPECT_EQ(j[1]["id"], ids_[0]);
  for (std::size_t i = 0; i < 2; ++i) {
    const std::size_t run = 1 - i;
    EXPECT_EQ(j[i]["final_equity"], final_[run]);
    EXPECT_EQ(j[i]["total_trades"], trades_[run]);
    // return % = (final - 10,000) / 10,000 × 100, exact, 2 places half-even.
    const Decimal expected =
        round_to_places(div((Decimal::parse(final_[run]) - Decimal::from_int(10'000)) * 100,
                            Decimal::from_int(10'000), Rounding::HalfEven),
                        2, Rounding::HalfEven);
    EXPECT_EQ(j[i]["return_pct"], expected.to_string());
    EXPECT_EQ(j[i]["parameters"]["fast"], run == 0 ? "5" : "10");
  }
  // Best first by a metric, and --limit.
  const auto best = json_of(
      {"runs", "list", "--db", db(), "--json", "--sort", "total_trades", "-n", "1"}, "best");
  ASSERT_EQ(best.size(), 1u);
  EXPECT_EQ(best[0]["total_trades"], std::max(trades_[0], trades_[1]));
  // Filters that match nothing list nothing.
  EXPECT_TRUE(
      json_of({"runs", "list", "--db", db(), "--json", "--symbol", "ETHUSDT"}, "none").empty());
}

TEST_F(RunsProcess, ComparesTwoRunsByPrefixOrSuffixWithTheirDifference) {
  // The last 12 characters of one, the whole id of the other.
  const auto j =
      json_of({"runs", "compare", ids_[0].substr(24), ids_[1], "--db", db(), "--json"}, "cmp");
  ASSERT_EQ(j["runs"].size(), 2u);
  EXPECT_EQ(j["runs"][0]["id"], ids_[0]);
  EXPECT_EQ(j["runs"][1]["id"], ids_[1]);
  EXPECT_EQ(j["difference"]["total_trades"], std::to_string(trades_[1] - trades_[0]));
  EXPECT_EQ(j["difference"]["final_equity"],
            (Decimal::parse(final_[1]) - Decimal::parse(final_[0])).to_string());
  // The table names every metric row.
  std::string out;
  ASSERT_EQ(test::run_talon({"runs", "compare", ids_[0], ids_[1], "--db", db()},
                            dir_.path() / "table", &out),
            0)
      << out;
  for (const char* row : {"return_pct", "sharpe_ratio", "max_drawdown", "total_fees",
                          "return 2025-06", "difference"}) {
    EXPECT_NE(out.find(row), std::string::npos) << row << "\n" << out;
  }
}

TEST_F(RunsProcess, AnUnknownOrAmbiguousIdIsNamed) {
  std::string out;
  EXPECT_EQ(test::run_talon({"runs", "compare", "ffff", ids_[1], "--db", db()},
                            dir_.path() / "unknown", &out),
            1);
  EXPECT_NE(out.find("run id 'ffff': no stored backtest"), std::string::npos) << out;
  // Both ids share their first characters (UUIDv7: the time of creation).
  const std::string shared = ids_[0].substr(0, 4);
  ASSERT_EQ(ids_[1].substr(0, 4), shared);
  EXPECT_EQ(test::run_talon({"runs", "compare", shared, ids_[1], "--db", db()},
                            dir_.path() / "ambiguous", &out),
            1);
  EXPECT_NE(out.find("is ambiguous"), std::string::npos) << out;
  // One run is nothing to compare: refused by the argument parser.
  EXPECT_NE(test::run_talon({"runs", "compare", ids_[0], "--db", db()}, dir_.path() / "one", &out),
            0);
}

}  // namespace
}  // namespace talon
