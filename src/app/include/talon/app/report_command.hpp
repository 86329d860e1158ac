#pragma once
// `talon report RUN_ID`: the HTML report of a stored backtest.

#include <CLI/CLI.hpp>
#include <string>

namespace talon {

struct ReportOptions {
  std::string run_id{};         ///< backtests.id (UUID)
  std::string db = "talon.db";  ///< SQLite file or postgresql:// URL
  std::string out{};            ///< HTML file; empty: report-<run id>.html
  std::string data{};           ///< kline file for the candles; empty: the run's data_source
};

/// Adds the `report` subcommand to `app`.
CLI::App* add_report_command(CLI::App& app, ReportOptions& options);

/// Reads the run (backtests row, its equity_curve rows, its round trips) and its bars (the
/// run's data file, --data, or the store's market_prices) and writes the HTML report.
/// Returns the exit code; throws talon::Error (NotFound-style InvalidArgument for an
/// unknown run id).
int run_report_command(const ReportOptions& options);

}  // namespace talon
