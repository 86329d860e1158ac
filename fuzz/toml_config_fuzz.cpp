// `talon backtest --config FILE`: the TOML file read into the command's options.

#include <talon/app/backtest_command.hpp>
#include <talon/core/error.hpp>

#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = talon::fuzz::as_file(data, size, ".toml");
  CLI::App app("talon");
  talon::BacktestOptions options;
  CLI::App* command = talon::add_backtest_command(app, options);
  try {
    app.parse(std::vector<std::string>{path.string(), "--config", "backtest"});
    talon::apply_backtest_config(*command, options);
  } catch (const talon::Error&) {
  } catch (const CLI::Error&) {
  }
  return 0;
}
