#pragma once
// Every strategy talon can run, by id: the built-ins and those plugins registered
// (plugin.hpp). Each comes with its one-line idea, its declared parameters and a factory, so
// that the command line, config files and `talon strategies` share one list.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <talon/strategy/param_spec.hpp>
#include <talon/strategy/params.hpp>
#include <talon/strategy/strategy.hpp>

namespace talon {

/// Builds a strategy from parameters already validated against StrategyInfo::params.
using StrategyMaker = std::function<std::unique_ptr<Strategy>(const StrategyParams&)>;

struct StrategyInfo {
  std::string id{};      ///< e.g. "sma_cross": lower case, digits and '_'
  std::string idea{};    ///< one line: what it trades on
  std::string source{};  ///< where the rule comes from (paper, book, TA-Lib function)
  std::vector<ParamSpec> params{};
  StrategyMaker make{};
};

/// The built-in strategies, in the order `talon strategies` lists them.
const std::vector<StrategyInfo>& builtin_strategies();

/// Adds a strategy (a plugin's). Throws InvalidArgument when the id is empty, not lower case
/// letters, digits and '_', has no factory, or is already taken (built-in or registered).
void register_strategy(StrategyInfo info);

/// The built-ins, then the registered strategies in registration order.
std::vector<const StrategyInfo*> all_strategies();

/// The strategy `id`, or nullptr.
const StrategyInfo* find_strategy(std::string_view id);

/// A new strategy `name` built from `params`: validated against its declared parameters
/// first (validate_params: errors name the parameter and its range). Throws InvalidArgument
/// naming the strategy when it is unknown (listing the known ones) or a parameter is invalid.
std::unique_ptr<Strategy> make_strategy(std::string_view name, const StrategyParams& params);

/// Ids of the built-in strategies, in order.
std::vector<std::string> builtin_strategy_names();

}  // namespace talon
