// `talon kill-switch` as an operator uses it: engage every bot, one bot, release, status; the
// file it leaves is what a running bot's KillSwitch reads.

#include <gtest/gtest.h>

#include <talon/risk/kill_switch.hpp>

#include "run_talon.hpp"
#include "test_data.hpp"

namespace talon {
namespace {

TEST(KillSwitchCommand, OnOffStatusThroughTheFile) {
  test::TempDir dir;
  const std::string file = dir.file("talon.kill");
  std::string out;
  ASSERT_EQ(test::run_talon({"kill-switch", "on", "--file", file}, dir.path() / "on", &out), 0)
      << out;
  EXPECT_NE(out.find("ENGAGED for every bot"), std::string::npos) << out;
  EXPECT_TRUE(KillSwitch(file).engaged("any-bot"));
  ASSERT_EQ(test::run_talon({"kill-switch", "on", "--bot", "bot-7", "--file", file},
                            dir.path() / "bot", &out),
            0);
  ASSERT_EQ(test::run_talon({"kill-switch", "off", "--file", file}, dir.path() / "off", &out), 0);
  // The global switch is off; bot-7's own stays engaged.
  EXPECT_NE(out.find("bot bot-7"), std::string::npos) << out;
  EXPECT_FALSE(KillSwitch(file).engaged("any-bot"));
  EXPECT_TRUE(KillSwitch(file).engaged("bot-7"));
  ASSERT_EQ(test::run_talon({"kill-switch", "off", "--bot", "bot-7", "--file", file},
                            dir.path() / "off7", &out),
            0);
  ASSERT_EQ(test::run_talon({"kill-switch", "status", "--file", file}, dir.path() / "st", &out), 0);
  EXPECT_NE(out.find("off — bots trade"), std::string::npos) << out;
  // No subcommand: the parser refuses and names the choices.
  EXPECT_NE(test::run_talon({"kill-switch"}, dir.path() / "none", &out), 0);
}

}  // namespace
}  // namespace talon
