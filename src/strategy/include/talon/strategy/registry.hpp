#pragma once
// Built-in strategies by name, so that the command line and config files can pick one.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <talon/strategy/params.hpp>
#include <talon/strategy/strategy.hpp>

namespace talon {

/// A new strategy named `name` built from `params`. Throws InvalidArgument naming the
/// strategy when it is unknown (listing the known ones) or a parameter is invalid.
std::unique_ptr<Strategy> make_strategy(std::string_view name, const StrategyParams& params);

/// Names of the built-in strategies: {"sma_cross", "rsi_reversion"}.
std::vector<std::string> builtin_strategy_names();

}  // namespace talon
