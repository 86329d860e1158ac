#include <fmt/format.h>

#include <talon/app/strategies_command.hpp>
#include <talon/strategy/plugin.hpp>
#include <talon/strategy/registry.hpp>

namespace talon {

CLI::App* add_strategies_command(CLI::App& app, StrategiesOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "strategies", "List every strategy (built in and from --plugin) with its parameters.");
  cmd->add_option("--plugin", o.plugins,
                  "Strategy plugin (shared library, e.g. ./libmy_strategy.so) to load and list; "
                  "repeatable");
  cmd->footer(
      "Parameters are given to a backtest as --param name=value (or a [params] table of a "
      "--config file); values outside the range shown are refused.");
  return cmd;
}

int run_strategies_command(const StrategiesOptions& o) {
  for (const std::string& plugin : o.plugins) load_strategy_plugin(plugin);
  for (const StrategyInfo* s : all_strategies()) {
    fmt::print("{}\n  {}\n", s->id, s->idea);
    if (!s->source.empty()) fmt::print("  source: {}\n", s->source);
    std::size_t width = 4;
    for (const ParamSpec& p : s->params) width = std::max(width, p.name.size());
    for (const ParamSpec& p : s->params) {
      fmt::print("    {:<{}}  {:<7}  default {:<8}  [{}, {}]  {}\n", p.name, width,
                 to_string(p.type), param_text(p, p.default_value), param_text(p, p.min),
                 param_text(p, p.max), p.description);
    }
    if (s->params.empty()) fmt::print("    (no parameters)\n");
  }
  return 0;
}

}  // namespace talon
