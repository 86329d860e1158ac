#pragma once
// `talon strategies`: every strategy talon can run — built-ins and those of --plugin
// libraries — with its one-line idea, its source and its declared parameters.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace talon {

struct StrategiesOptions {
  std::vector<std::string> plugins;  ///< shared libraries to load first
};

/// Adds the `strategies` subcommand to `app`; `options` receives the parsed values.
CLI::App* add_strategies_command(CLI::App& app, StrategiesOptions& options);
/// Loads the plugins and prints the list to standard output; returns the exit code. Throws
/// talon::Error (a plugin that cannot be loaded).
int run_strategies_command(const StrategiesOptions& options);

}  // namespace talon
