#pragma once
// Strategy plugins: a shared library built against talon's installed headers and libraries
// (find_package(talon), docs/strategies.md) that registers strategies when loaded:
//
//     #include <talon/strategy/plugin.hpp>
//     class MyStrategy final : public talon::Strategy { ... };
//     TALON_STRATEGY_PLUGIN(registry) {
//       talon::StrategyInfo info;
//       info.id = "my_strategy";
//       info.make = [](const talon::StrategyParams& p) { return std::make_unique<MyStrategy>(p); };
//       registry.add(std::move(info));
//     }
//
// and `talon backtest --plugin ./libmy_strategy.so --strategy my_strategy` runs it.
//
// ABI. Strategy objects cross the library boundary as C++ classes (vtables, std::string,
// std::function), so a plugin must be built with the same compiler family and the same talon
// headers as the program loading it. Each plugin exports the ABI version and a layout
// fingerprint of the headers it was compiled with; a plugin whose version or fingerprint
// differs from the program's is refused with a message naming both.

#include <cstdint>
#include <string>
#include <vector>

#include <talon/strategy/decision.hpp>
#include <talon/strategy/registry.hpp>
#include <talon/strategy/strategy.hpp>

namespace talon {

/// Raised whenever the Strategy, StrategyContext, StrategyInfo or an event struct changes
/// incompatibly.
inline constexpr std::uint32_t kStrategyAbiVersion = 2;

/// The sizes of the types that cross the boundary, folded into one number: two builds of
/// the headers that lay them out differently (another talon, another standard library)
/// disagree.
constexpr std::uint64_t strategy_abi_fingerprint() noexcept {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a over the sizes
  for (std::uint64_t v :
       {std::uint64_t{sizeof(Bar)}, std::uint64_t{sizeof(Order)},
        std::uint64_t{sizeof(OrderRequest)}, std::uint64_t{sizeof(Fill)},
        std::uint64_t{sizeof(TradeDecision)}, std::uint64_t{sizeof(StrategyInfo)},
        std::uint64_t{sizeof(ParamSpec)}, std::uint64_t{sizeof(Timer)},
        std::uint64_t{sizeof(std::string)}, std::uint64_t{sizeof(InstrumentId)}}) {
    h = (h ^ v) * 1099511628211ull;
  }
  return h;
}

/// What a plugin's registration function receives.
class PluginRegistry {
 public:
  virtual ~PluginRegistry() = default;
  /// Registers one strategy (register_strategy's rules; throws InvalidArgument).
  virtual void add(StrategyInfo info) = 0;
};

/// Loads the plugin at `path` (dlopen; a path without '/' is looked up by the dynamic
/// loader's rules, so pass ./lib.so for the current directory), checks its ABI version and
/// fingerprint, and registers its strategies. Returns their ids. Loading the same path twice
/// registers nothing new. Throws InvalidArgument naming the path when it cannot be loaded,
/// is not a talon plugin, was built against another ABI, or registers a taken id.
std::vector<std::string> load_strategy_plugin(const std::string& path);

}  // namespace talon

/// Defines the plugin's entry points; the braces that follow are the body of a function
/// receiving `talon::PluginRegistry& registry_name`.
#define TALON_STRATEGY_PLUGIN(registry_name)                                                       \
  static void talon_plugin_register_impl(talon::PluginRegistry& registry_name);                    \
  extern "C" __attribute__((visibility("default"))) std::uint32_t talon_plugin_abi_version() {     \
    return talon::kStrategyAbiVersion;                                                             \
  }                                                                                                \
  extern "C" __attribute__((visibility("default"))) std::uint64_t talon_plugin_abi_fingerprint() { \
    return talon::strategy_abi_fingerprint();                                                      \
  }                                                                                                \
  extern "C" __attribute__((visibility("default"))) void talon_plugin_register(                    \
      talon::PluginRegistry& registry) {                                                           \
    talon_plugin_register_impl(registry);                                                          \
  }                                                                                                \
  static void talon_plugin_register_impl(talon::PluginRegistry& registry_name)
