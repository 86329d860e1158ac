#pragma once
// Naming a mistyped command: CLI11 alone says "A subcommand is required" for `talon frob`.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <utility>

namespace talon {

/// Walks the leading words of argv (before the first option) down `app`'s subcommands. When a
/// word is not a subcommand of a command that has subcommands, returns that word and the
/// command line that leads to it ("talon data "), else nullopt.
std::optional<std::pair<std::string, std::string>> unknown_subcommand(const CLI::App& app, int argc,
                                                                      const char* const* argv);

}  // namespace talon
