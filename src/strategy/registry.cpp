#include <fmt/format.h>

#include <talon/core/error.hpp>
#include <talon/strategy/registry.hpp>
#include <talon/strategy/rsi_reversion.hpp>
#include <talon/strategy/sma_cross.hpp>

namespace talon {

std::unique_ptr<Strategy> make_strategy(std::string_view name, const StrategyParams& params) {
  if (name == "sma_cross") return std::make_unique<SmaCross>(params);
  if (name == "rsi_reversion") return std::make_unique<RsiReversion>(params);
  throw InvalidArgument(fmt::format("unknown strategy '{}' (known: {})", name,
                                    fmt::join(builtin_strategy_names(), ", ")));
}

std::vector<std::string> builtin_strategy_names() {
  return {"sma_cross", "rsi_reversion"};
}

}  // namespace talon
