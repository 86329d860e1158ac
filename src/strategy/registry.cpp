#include <fmt/format.h>
#include <fmt/ranges.h>

#include <talon/core/error.hpp>
#include <talon/strategy/registry.hpp>

#include "builtins.hpp"

namespace talon {

namespace {
std::vector<StrategyInfo>& registered() {
  static std::vector<StrategyInfo> list;
  return list;
}
}  // namespace

const std::vector<StrategyInfo>& builtin_strategies() {
  static const std::vector<StrategyInfo> list = builtin::all_infos();
  return list;
}

void register_strategy(StrategyInfo info) {
  if (info.id.empty() ||
      info.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
    throw InvalidArgument(
        fmt::format("strategy id '{}': expected lower-case letters, digits and '_' only", info.id));
  }
  if (!info.make) throw InvalidArgument(fmt::format("strategy {}: no factory", info.id));
  if (find_strategy(info.id) != nullptr) {
    throw InvalidArgument(fmt::format("strategy id '{}' is already taken", info.id));
  }
  registered().push_back(std::move(info));
}

std::vector<const StrategyInfo*> all_strategies() {
  std::vector<const StrategyInfo*> out;
  for (const StrategyInfo& s : builtin_strategies()) out.push_back(&s);
  for (const StrategyInfo& s : registered()) out.push_back(&s);
  return out;
}

const StrategyInfo* find_strategy(std::string_view id) {
  for (const StrategyInfo* s : all_strategies()) {
    if (s->id == id) return s;
  }
  return nullptr;
}

std::unique_ptr<Strategy> make_strategy(std::string_view name, const StrategyParams& params) {
  const StrategyInfo* info = find_strategy(name);
  if (info == nullptr) {
    std::vector<std::string> known;
    for (const StrategyInfo* s : all_strategies()) known.push_back(s->id);
    throw InvalidArgument(
        fmt::format("unknown strategy '{}' (known: {})", name, fmt::join(known, ", ")));
  }
  validate_params(info->id, info->params, params);
  return info->make(params);
}

std::vector<std::string> builtin_strategy_names() {
  std::vector<std::string> out;
  for (const StrategyInfo& s : builtin_strategies()) out.push_back(s.id);
  return out;
}

}  // namespace talon
