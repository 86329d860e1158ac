#pragma once
// `talon kill-switch on|off|status [--bot BOT_ID] [--file PATH]`: engages or releases the
// kill switch of one bot or of every bot (risk/kill_switch.hpp). An engaged switch makes the
// risk engine refuse every new order (code KILL_SWITCH); a running bot re-reads the file
// about once a second; it survives restarts.

#include <CLI/CLI.hpp>
#include <string>

namespace talon {

struct KillSwitchOptions {
  std::string bot{};   ///< a bot id; empty: every bot (the global switch)
  std::string file{};  ///< the switch's file; empty: default_kill_switch_path()
};

/// Adds `kill-switch` with its `on`, `off` and `status` subcommands to `app`.
CLI::App* add_kill_switch_command(CLI::App& app, KillSwitchOptions& options);

/// Runs whichever subcommand `cmd` (the `kill-switch` command) parsed: prints what is
/// engaged afterwards. Returns 0; throws InvalidArgument for a bot id with a line break,
/// DataError when the file cannot be read or written.
int run_kill_switch_command(const CLI::App& cmd, const KillSwitchOptions& options);

}  // namespace talon
