// risk_limits rows read for a backtest's bot on both backends: the bot's own rows first,
// then the global ones; other bots', other users', disabled and soft-deleted rows are not.

#include <gtest/gtest.h>

#include <talon/store/risk_limit_rows.hpp>

#include "backends.hpp"

namespace talon::test {
namespace {

class RiskLimitRows : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    for (const auto& [user, email] :
         {std::pair{local_, "local@talon.invalid"}, std::pair{other_, "someone@example.com"}}) {
      insert("users", {{"id", user}, {"email", std::string(email)}});
    }
    insert("strategies", {{"id", strategy_},
                          {"user_id", local_},
                          {"name", std::string("sma_cross")},
                          {"type", std::string("technical")}});
    for (const auto& [bot, name] : {std::pair{bot_, "backtest sma_cross BTCUSDT"},
                                    std::pair{other_bot_, "backtest sma_cross ETHUSDT"}}) {
      insert("bots", {{"id", bot},
                      {"user_id", local_},
                      {"strategy_id", strategy_},
                      {"name", std::string(name)}});
    }
  }
  Uuid limit(const Uuid& user, std::optional<Uuid> bot, std::map<std::string, SqlValue> row) {
    const Uuid id = new_uuid_v7();
    row["id"] = id;
    row["user_id"] = user;
    row["bot_id"] = bot ? SqlValue{*bot} : SqlValue{nullptr};
    insert("risk_limits", row);
    return id;
  }
  Uuid local_ = new_uuid_v7(), other_ = new_uuid_v7(), strategy_ = new_uuid_v7();
  Uuid bot_ = new_uuid_v7(), other_bot_ = new_uuid_v7();
};

TEST_P(RiskLimitRows, TheBotsOwnThenTheGlobalOnes) {
  const Uuid global = limit(local_, std::nullopt,
                            {{"max_drawdown", Decimal::parse("0.2")},
                             {"max_trades_per_hour", std::int64_t{10}},
                             {"risk_rules", std::string(R"({"max_orders_per_minute":5})")}});
  const Uuid own = limit(
      local_, bot_,
      {{"max_open_positions", std::int64_t{1}}, {"max_daily_spend", Decimal::parse("1500.5")}});
  limit(local_, other_bot_, {{"max_open_positions", std::int64_t{3}}});    // another bot
  limit(other_, std::nullopt, {{"max_open_positions", std::int64_t{4}}});  // another user
  limit(local_, std::nullopt, {{"max_leverage", std::int64_t{2}}, {"enabled", false}});
  limit(local_, bot_,
        {{"max_leverage", std::int64_t{3}}, {"deleted_at", parse_iso8601("2026-01-01T00:00:00Z")}});

  const auto rows = backtest_risk_limit_rows(sql(), "sma_cross", "BTCUSDT");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, own.to_string());
  EXPECT_FALSE(rows[0].global);
  EXPECT_EQ(rows[0].limits.size(), 2u);
  EXPECT_EQ(rows[0].limits[0], (std::pair<std::string, std::string>{"max_open_positions", "1"}));
  EXPECT_EQ(rows[0].limits[1].first, "maxDailySpend");
  EXPECT_EQ(Decimal::parse(rows[0].limits[1].second), Decimal::parse("1500.5"));
  EXPECT_EQ(rows[1].id, global.to_string());
  EXPECT_TRUE(rows[1].global);
  ASSERT_EQ(rows[1].limits.size(), 3u);
  EXPECT_EQ(rows[1].limits[0].first, "max_drawdown");
  EXPECT_EQ(Decimal::parse(rows[1].limits[0].second), Decimal::parse("0.2"));
  EXPECT_EQ(rows[1].limits[1], (std::pair<std::string, std::string>{"maxTradesPerHour", "10"}));
  EXPECT_EQ(rows[1].limits[2].first, "risk_rules");
  // Another bot gets its own row and the global one; a bot not stored yet, the global one.
  EXPECT_EQ(backtest_risk_limit_rows(sql(), "sma_cross", "ETHUSDT").size(), 2u);
  EXPECT_EQ(backtest_risk_limit_rows(sql(), "rsi_reversion", "BTCUSDT").size(), 1u);
}

TALON_ON_BOTH_BACKENDS(RiskLimitRows);

}  // namespace
}  // namespace talon::test
