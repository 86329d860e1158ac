// talon: the command-line program.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include <talon/app/backtest_command.hpp>
#include <talon/app/data_command.hpp>
#include <talon/app/db_command.hpp>
#include <talon/app/exchange_sim_command.hpp>
#include <talon/app/indicators_command.hpp>
#include <talon/app/kill_switch_command.hpp>
#include <talon/app/optimize_command.hpp>
#include <talon/app/report_command.hpp>
#include <talon/app/runs_command.hpp>
#include <talon/app/strategies_command.hpp>
#include <talon/app/unknown_subcommand.hpp>
#include <talon/core/error.hpp>

int main(int argc, char** argv) {
  CLI::App app(
      "talon — an event-driven trading engine. It backtests strategies on historical market "
      "data with every order, fill and metric stored; paper and live trading are not built "
      "yet.",
      "talon");
  app.require_subcommand(1);
  app.footer("Run 'talon <command> --help' for the options of a command.");
  app.set_version_flag("--version", "talon 0.1.0");

  talon::BacktestOptions backtest;
  CLI::App* backtest_cmd = talon::add_backtest_command(app, backtest);
  talon::IndicatorsOptions indicators;
  CLI::App* indicators_cmd = talon::add_indicators_command(app, indicators);
  talon::DataOptions data;
  CLI::App* data_cmd = talon::add_data_command(app, data);
  talon::DbOptions db;
  CLI::App* db_cmd = talon::add_db_command(app, db);
  talon::ExchangeSimOptions exchange_sim;
  CLI::App* exchange_sim_cmd = talon::add_exchange_sim_command(app, exchange_sim);
  talon::OptimizeOptions optimize;
  CLI::App* optimize_cmd = talon::add_optimize_command(app, optimize);
  talon::ReportOptions report;
  CLI::App* report_cmd = talon::add_report_command(app, report);
  talon::KillSwitchOptions kill_switch;
  CLI::App* kill_switch_cmd = talon::add_kill_switch_command(app, kill_switch);
  talon::RunsOptions runs;
  CLI::App* runs_cmd = talon::add_runs_command(app, runs);
  talon::StrategiesOptions strategies;
  CLI::App* strategies_cmd = talon::add_strategies_command(app, strategies);

  if (const auto unknown = talon::unknown_subcommand(app, argc, argv)) {
    fmt::print(stderr, "talon: unknown command '{}'; run '{}--help' for the commands\n",
               unknown->first, unknown->second);
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  try {
    if (backtest_cmd->parsed()) {
      talon::apply_backtest_config(*backtest_cmd, backtest);
      return talon::run_backtest_command(backtest);
    }
    if (optimize_cmd->parsed()) return talon::run_optimize_command(*optimize_cmd, optimize);
    if (report_cmd->parsed()) return talon::run_report_command(report);
    if (runs_cmd->parsed()) return talon::run_runs_command(*runs_cmd, runs);
    if (kill_switch_cmd->parsed()) {
      return talon::run_kill_switch_command(*kill_switch_cmd, kill_switch);
    }
    if (indicators_cmd->parsed()) return talon::run_indicators_command(indicators);
    if (data_cmd->parsed()) return talon::run_data_command(*data_cmd, data);
    if (db_cmd->parsed()) return talon::run_db_command(*db_cmd, db);
    if (exchange_sim_cmd->parsed()) return talon::run_exchange_sim_command(exchange_sim);
    if (strategies_cmd->parsed()) return talon::run_strategies_command(strategies);
  } catch (const talon::Error& e) {
    fmt::print(stderr, "talon: error: {}\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "talon: internal error: {}\n", e.what());
    return 2;
  }
  return 0;
}
