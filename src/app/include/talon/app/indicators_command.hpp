#pragma once
// `talon indicators`: compute one indicator over a kline file and print one row per bar, for
// research (open_time, then the indicator's output columns, empty during warm-up).

#include <CLI/CLI.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace talon {

struct IndicatorsOptions {
  std::string data;                 ///< kline file (.csv or .csv.gz)
  std::string name;                 ///< TA-Lib-style name, e.g. RSI, MACD, BBANDS
  std::vector<std::string> params;  ///< "name=value", e.g. period=14
  std::string format = "csv";       ///< csv or json
  bool list = false;                ///< print the catalogue instead
};

/// Adds the `indicators` subcommand to `app`; `options` receives the parsed values.
CLI::App* add_indicators_command(CLI::App& app, IndicatorsOptions& options);

/// Writes the table described by `options` to `out`: CSV with a header row, or one JSON
/// object {"indicator", "params", "source", "columns", "rows": [{"open_time", <output>...}]}
/// with null during warm-up. open_time is ISO-8601 UTC; values are shortest round-trip
/// doubles. Throws InvalidArgument for an unknown indicator, parameter, format or a malformed
/// --param; DataError (file:line:field) for a bad kline file.
void write_indicator_table(const IndicatorsOptions& options, std::ostream& out);

/// Writes the catalogue (names, parameters with defaults, outputs, sources) to `out`.
void write_indicator_catalog(std::ostream& out);

/// Runs the command, printing to stdout; returns the exit code. Errors are thrown.
int run_indicators_command(const IndicatorsOptions& options);

}  // namespace talon
