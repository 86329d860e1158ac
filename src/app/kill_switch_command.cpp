#include <fmt/format.h>

#include <talon/app/kill_switch_command.hpp>
#include <talon/risk/kill_switch.hpp>

namespace talon {

CLI::App* add_kill_switch_command(CLI::App& app, KillSwitchOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "kill-switch",
      "Stop a bot, or every bot, from sending any new order (survives restarts; running bots "
      "obey within a second)");
  cmd->require_subcommand(1);
  CLI::App* on = cmd->add_subcommand("on", "Engage: every new order is refused (KILL_SWITCH)");
  CLI::App* off = cmd->add_subcommand(
      "off", "Release (releasing the global switch leaves bots' own switches engaged)");
  CLI::App* status = cmd->add_subcommand("status", "Show what is engaged");
  for (CLI::App* sub : {on, off, status}) {
    sub->add_option("--file", o.file,
                    "The switch's file (default: $TALON_KILL_SWITCH, else talon.kill here)");
  }
  for (CLI::App* sub : {on, off}) {
    sub->add_option("--bot", o.bot, "One bot's id (default: every bot, the global switch)");
  }
  cmd->footer(
      "Examples:\n  talon kill-switch on                 # every bot\n"
      "  talon kill-switch on --bot BOT_ID    # one bot\n  talon kill-switch off\n"
      "  talon kill-switch status");
  return cmd;
}

int run_kill_switch_command(const CLI::App& cmd, const KillSwitchOptions& o) {
  const std::filesystem::path file =
      o.file.empty() ? default_kill_switch_path() : std::filesystem::path(o.file);
  KillSwitch ks(file);
  const std::string scope = o.bot.empty() ? std::string(KillSwitch::kGlobal) : o.bot;
  if (cmd.got_subcommand("on")) ks.engage(scope);
  if (cmd.got_subcommand("off")) ks.release(scope);
  if (ks.scopes().empty()) {
    fmt::print("kill switch ({}): off — bots trade\n", file.string());
    return 0;
  }
  fmt::print("kill switch ({}): ENGAGED for {}\n", file.string(),
             ks.scopes().contains(KillSwitch::kGlobal) ? std::string("every bot")
                                                       : std::string("these bots"));
  for (const std::string& s : ks.scopes()) {
    if (s != KillSwitch::kGlobal) fmt::print("  bot {}\n", s);
  }
  return 0;
}

}  // namespace talon
