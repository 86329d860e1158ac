#pragma once
// `talon optimize`: one strategy over one bar series with many parameter sets, on every core,
// each run stored as a backtests row of one backtest_session_id, ranked by an objective, with
// the deflated Sharpe ratio and the probability of backtest overfitting of the search.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include <talon/app/backtest_command.hpp>

namespace talon {

struct OptimizeOptions {
  BacktestOptions run{};            ///< data, symbol, strategy, fixed --param, cash, fee, db
  std::vector<std::string> grid{};  ///< "name=a:b:s", repeatable
  std::uint64_t random = 0;         ///< 0: the whole grid; N: N points drawn from it
  std::uint64_t seed = 1;           ///< seed of the random draw
  std::string objective = "sharpe_ratio";
  std::int64_t min_trades = 0;      ///< runs with fewer trades are stored, never ranked best
  unsigned threads = 0;             ///< 0: every core (std::thread::hardware_concurrency)
  std::string session{};            ///< resume this session id (UUID)
  std::size_t pbo_partitions = 16;  ///< S of CSCV
  std::size_t top = 20;             ///< rows of the text table
  std::string walk_forward{};       ///< "train=30d,test=7d"; empty: one search
  std::string unsupported{};        ///< receives backtest-only options (refused)
};

/// One finished run of a search.
struct OptimizeRun {
  std::map<std::string, std::string> parameters{};  ///< every parameter, defaults filled in
  std::string parameters_json{};                    ///< {"fast":"10","slow":"30"}
  /// format_json_report's keys plus
  /// "equity_hourly": the equity at the first bar closing in each UTC hour.
  nlohmann::json metrics{};
  std::vector<double> returns{};  ///< hourly simple returns from equity_hourly
  std::string backtest_id{};      ///< backtests.id; empty when not stored
  bool resumed = false;           ///< read back from the store, not run now
};

/// True for metrics where smaller is better (max_drawdown, max_drawdown_duration_hours,
/// longest_loss_streak, losing_trades): the objective then ranks them ascending.
bool objective_lower_is_better(const std::string& objective);

/// The objective of `run` as a double, or nullopt when the metric is null or not a number.
/// Throws InvalidArgument when the metric does not exist (naming the known numeric ones).
std::optional<double> objective_value(const OptimizeRun& run, const std::string& objective);

/// Indices of `runs` best first by `objective` (descending, or ascending for lower-is-better
/// metrics); runs with fewer than `min_trades` trades or no objective value come last in
/// their original order. Ties keep the original order.
std::vector<std::size_t> rank_runs(const std::vector<OptimizeRun>& runs,
                                   const std::string& objective, std::int64_t min_trades);

/// The JSON `deflated_sharpe_ratio` and `pbo` members for `runs` with `best` the chosen one:
/// {"value", "sharpe", "expected_max_sharpe", "trials", "observations", "skewness",
/// "kurtosis"} with per-hour Sharpe ratios, and {"value", "partitions", "combinations"}; null
/// when not computable (fewer than two runs, series too short or of unequal length).
nlohmann::json deflated_sharpe_json(const std::vector<OptimizeRun>& runs, std::size_t best);
nlohmann::json pbo_json(const std::vector<OptimizeRun>& runs, std::size_t partitions);

/// Window lengths of a walk-forward analysis.
struct WalkForwardSpec {
  std::int64_t train_ns = 0;  ///< in-sample window
  std::int64_t test_ns = 0;   ///< out-of-sample window, also the step between windows
};

/// Parses "train=30d,test=7d" (either order; units m, h, d, w; positive whole numbers).
/// Throws InvalidArgument quoting the text otherwise.
WalkForwardSpec parse_walk_forward(const std::string& text);

/// Adds the `optimize` subcommand to `app`.
CLI::App* add_optimize_command(CLI::App& app, OptimizeOptions& options);

/// Runs the search (or, with walk_forward, the walk-forward analysis: per window the best
/// in-sample run by the objective and --min-trades is run on the test window starting from
/// the equity the previous test window ended with, an open position carried as marked
/// equity; the stitched out-of-sample metrics take their drawdown from hourly samples);
/// returns the exit code (130 when interrupted by Ctrl-C, after storing the
/// runs done). Throws talon::Error.
int run_optimize_command(const CLI::App& command, OptimizeOptions& options);

}  // namespace talon
