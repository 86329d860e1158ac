#include <dlfcn.h>
#include <fmt/format.h>

#include <map>

#include <talon/core/error.hpp>
#include <talon/strategy/plugin.hpp>

namespace talon {

namespace {

class Collect final : public PluginRegistry {
 public:
  void add(StrategyInfo info) override {
    const std::string id = info.id;
    register_strategy(std::move(info));
    ids.push_back(id);
  }
  std::vector<std::string> ids;
};

// Plugins loaded so far, by path: each stays loaded for the life of the program (its code
// backs the strategies registered).
std::map<std::string, std::vector<std::string>>& loaded() {
  static std::map<std::string, std::vector<std::string>> m;
  return m;
}

}  // namespace

std::vector<std::string> load_strategy_plugin(const std::string& path) {
  if (const auto it = loaded().find(path); it != loaded().end()) return it->second;
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    throw InvalidArgument(
        fmt::format("--plugin {}: cannot load it: {}", path, why != nullptr ? why : "unknown"));
  }
  using VersionFn = std::uint32_t (*)();
  using FingerprintFn = std::uint64_t (*)();
  using RegisterFn = void (*)(PluginRegistry&);
  auto version = reinterpret_cast<VersionFn>(dlsym(handle, "talon_plugin_abi_version"));
  auto fingerprint = reinterpret_cast<FingerprintFn>(dlsym(handle, "talon_plugin_abi_fingerprint"));
  auto reg = reinterpret_cast<RegisterFn>(dlsym(handle, "talon_plugin_register"));
  if (version == nullptr || fingerprint == nullptr || reg == nullptr) {
    dlclose(handle);
    throw InvalidArgument(fmt::format(
        "--plugin {}: not a talon strategy plugin (no talon_plugin_abi_version / "
        "talon_plugin_register: define it with TALON_STRATEGY_PLUGIN, talon/strategy/plugin.hpp)",
        path));
  }
  const std::uint32_t v = version();
  const std::uint64_t f = fingerprint();
  if (v != kStrategyAbiVersion || f != strategy_abi_fingerprint()) {
    dlclose(handle);
    throw InvalidArgument(fmt::format(
        "--plugin {}: built against talon strategy ABI {} (layout {:016x}) but this talon has "
        "ABI {} (layout {:016x}); rebuild the plugin against this talon's installed headers",
        path, v, f, kStrategyAbiVersion, strategy_abi_fingerprint()));
  }
  Collect collect;
  reg(collect);  // registration errors propagate; the library stays loaded (ids may be in use)
  loaded()[path] = collect.ids;
  return collect.ids;
}

}  // namespace talon
