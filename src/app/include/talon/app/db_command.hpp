#pragma once
// `talon db`: schema migrations, status, PostgreSQL partition maintenance, retention, and
// Fernet key generation, for SQLite files and PostgreSQL URLs alike.

#include <CLI/CLI.hpp>
#include <string>

namespace talon {

struct DbOptions {
  std::string db = "talon.db";    ///< SQLite file or postgresql:// URL
  int months_ahead = 3;           ///< partitions to create ahead of now (PostgreSQL)
  bool dry_run = false;           ///< retention: count only
  bool include_imported = false;  ///< retention: also delete imported klines (market_prices)
  std::string now;                ///< retention: ISO-8601 UTC instead of the wall clock
};

/// Adds `db` with its subcommands migrate, status, partitions, retention, keygen.
CLI::App* add_db_command(CLI::App& app, DbOptions& options);

/// Runs the parsed `db` subcommand; returns the exit code. Throws talon::Error.
int run_db_command(const CLI::App& db_command, const DbOptions& options);

}  // namespace talon
