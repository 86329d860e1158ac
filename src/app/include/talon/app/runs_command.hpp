#pragma once
// `talon runs list` and `talon runs compare A B ...`: the stored backtests read back, newest
// first, and side by side. A run is named by its id, or by a unique prefix or suffix of it
// (as git names commits; a UUIDv7 begins with its time, so runs a minute apart share their
// first 8 characters and differ in their last).

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>
#include <vector>

namespace talon {

class SqlConnection;

struct RunsOptions {
  std::string db = "talon.db";     ///< SQLite file or postgresql:// URL
  std::string strategy{};          ///< list: only this strategy
  std::string symbol{};            ///< list: only this symbol
  std::string session{};           ///< list: only this optimisation session (backtest_session_id)
  std::size_t limit = 20;          ///< list: at most this many (0: all)
  std::string sort = "created";    ///< list: created, or a metric name (best first)
  std::vector<std::string> ids{};  ///< compare: the runs (ids or unique prefixes)
  bool json = false;               ///< JSON on stdout instead of a table
};

/// Adds `runs` with its `list` and `compare` subcommands to `app`.
CLI::App* add_runs_command(CLI::App& app, RunsOptions& options);

/// Runs whichever of list/compare `cmd` (the `runs` subcommand) parsed. Returns the exit
/// code; throws InvalidArgument for an unknown or ambiguous run id or sort key, SqlError
/// from the store.
int run_runs_command(const CLI::App& cmd, const RunsOptions& options);

/// The full id of the live (not soft-deleted) backtest whose id starts or ends with `prefix`
/// (4 to 36 characters of its text, any case). Throws InvalidArgument naming the text when no
/// run or more than one matches, or when it is shorter than 4 or not hexadecimal/dashes.
std::string resolve_run_id(SqlConnection& c, const std::string& prefix);

}  // namespace talon
