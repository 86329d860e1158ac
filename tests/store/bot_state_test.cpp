// bot_state on both backends: a bot's key/value state saved and loaded, keyed by bot and key
// (two bots may use the same key), replaced whole on each save.

#include <gtest/gtest.h>

#include <talon/store/bot_state.hpp>

#include "backends.hpp"

namespace talon::test {
namespace {

class BotState : public BackendTest {
 protected:
  Uuid add_bot(const std::string& name) {
    const Uuid bot = new_uuid_v7();
    insert("bots", {{"id", bot}, {"user_id", user_}, {"strategy_id", strategy_}, {"name", name}});
    return bot;
  }
  void SetUp() override {
    BackendTest::SetUp();
    insert("users", {{"id", user_}, {"email", std::string("state@example.com")}});
    insert("strategies", {{"id", strategy_},
                          {"user_id", user_},
                          {"name", std::string("sma")},
                          {"type", std::string("technical")}});
  }
  Uuid user_ = new_uuid_v7(), strategy_ = new_uuid_v7();
};

TEST_P(BotState, EachBotKeepsItsOwnStateUnderTheSameKeys) {
  const Uuid a = add_bot("a"), b = add_bot("b");
  save_bot_state(*store_, a, {{"cycle_count", "45"}, {"last_error", "null"}});
  save_bot_state(*store_, b, {{"cycle_count", "7"}});
  EXPECT_EQ(load_bot_state(*store_, a),
            (std::map<std::string, std::string>{{"cycle_count", "45"}, {"last_error", "null"}}));
  EXPECT_EQ(load_bot_state(*store_, b), (std::map<std::string, std::string>{{"cycle_count", "7"}}));
  // A save replaces the bot's state whole: a key no longer there is gone.
  save_bot_state(*store_, a, {{"cycle_count", "46"}});
  EXPECT_EQ(load_bot_state(*store_, a),
            (std::map<std::string, std::string>{{"cycle_count", "46"}}));
  EXPECT_EQ(load_bot_state(*store_, b), (std::map<std::string, std::string>{{"cycle_count", "7"}}));
  EXPECT_TRUE(load_bot_state(*store_, new_uuid_v7()).empty());
}

TEST_P(BotState, AnUnknownBotOrAnEmptyKeyChangesNothing) {
  const Uuid a = add_bot("a");
  save_bot_state(*store_, a, {{"k", "1"}});
  EXPECT_THROW(save_bot_state(*store_, new_uuid_v7(), {{"k", "2"}}), SqlError);
  EXPECT_THROW(save_bot_state(*store_, a, {{"", "2"}, {"k", "3"}}), SqlError);
  EXPECT_EQ(load_bot_state(*store_, a), (std::map<std::string, std::string>{{"k", "1"}}));
}

TALON_ON_BOTH_BACKENDS(BotState);

}  // namespace
}  // namespace talon::test
