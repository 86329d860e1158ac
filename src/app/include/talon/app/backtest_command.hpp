#pragma once
// `talon backtest`: run a built-in strategy over a kline file, print a report, store the run.

#include <CLI/CLI.hpp>
#include <map>
#include <string>
#include <vector>

#include <talon/model/instrument.hpp>

namespace talon {

/// One `[[instruments]]` table of a config file (paths already relative to the file's dir).
struct InstrumentOptions {
  std::string symbol;          ///< spot symbol whose rules apply, e.g. "ETHUSDT"
  std::string data;            ///< kline file (the strategy's bars)
  std::string trades;          ///< trades file: tick fills (or queues in book mode)
  std::string depth_snapshot;  ///< book mode: REST depth snapshot (capture layout)
  std::string depth_updates;   ///< book mode: depthUpdate rows (capture layout)
  std::string fill;            ///< "bar", "tick" or "book"; empty: book with depth, tick with
                               ///< trades, else bar
};

struct BacktestOptions {
  std::string data;                  ///< kline file (.csv or .csv.gz)
  std::string from_db;               ///< interval: read bars from market_prices of `db` instead
  std::string exchange = "BINANCE";  ///< with from_db: whose bars
  std::string start;                 ///< ISO-8601 UTC: first bar open time (inclusive)
  std::string end;                   ///< ISO-8601 UTC: bars opening before this time
  std::string symbol = "BTCUSDT";    ///< instrument whose rules apply
  std::string strategy = "sma_cross";
  std::vector<std::string> params;  ///< "name=value"
  std::string cash = "10000";       ///< initial capital, quote currency
  std::string fee_bps = "10";       ///< taker fee, basis points of notional
  std::string db = "talon.db";      ///< SQLite file
  std::string config;               ///< TOML file with the same keys
  bool json = false;
  bool no_store = false;
  std::string report;                 ///< HTML report file to write (empty: none)
  bool store_indicators = false;      ///< also store declared indicators in technical_indicators
  std::string decisions = "actions";  ///< trade_decisions kept: "none", "actions" or "all"
  std::vector<std::string> plugins;   ///< strategy plugins (shared libraries) to load first
  /// Spacing of the stored equity curve ("1h", "1d", ...; "0" = every bar). Drawdown and
  /// daily statistics use every bar whatever it is.
  std::string equity_interval = "1h";
  // USDⓈ-M perpetuals (market = "usdm").
  std::string market = "spot";            ///< "spot" or "usdm"
  std::string leverage = "1";             ///< 1..125
  std::string margin_mode = "isolated";   ///< "isolated" or "cross"
  std::string position_mode = "one-way";  ///< "one-way" or "hedge"
  std::string funding;                    ///< funding-rate CSV (funding_time,funding_rate)
  std::string mark;                       ///< mark-price kline file; empty: the bar's open
  std::string exchange_info;              ///< GET /fapi/v1/exchangeInfo JSON with --symbol's rules
  std::string brackets;  ///< GET /fapi/v1/leverageBracket JSON with --symbol's brackets
  // Several spot instruments, tick and book fills (engine/run_spec.hpp). Any of these sends
  // the run there instead of the single-instrument runner.
  std::vector<std::string> instrument_data;    ///< "SYMBOL=FILE", one per repeated --data
  std::string trades;                          ///< --trades: tick mode for --symbol
  std::string depth_snapshot;                  ///< --depth-snapshot: book mode for --symbol
  std::string depth_updates;                   ///< --depth-updates: book mode for --symbol
  std::string bar_interval = "1m";             ///< bars built from trades when no --data
  std::vector<InstrumentOptions> instruments;  ///< [[instruments]] of the config file
  /// Risk limits "key=value" (risk/risk_limits.hpp names): the [risk] table first, then each
  /// --risk, so that the command line wins. Empty: no risk stage, orders go as always.
  std::vector<std::string> risk;
};

/// Adds --data to `command`: a kline file (the single-instrument run) or, repeated,
/// SYMBOL=FILE (one spot instrument each, sharing one quote balance).
void add_data_option(CLI::App& command, BacktestOptions& options);
/// Adds --trades, --depth-snapshot, --depth-updates and --bar-interval to `command`.
void add_run_spec_options(CLI::App& command, BacktestOptions& options);

/// True when `options` asks for the run-spec runner: --data SYMBOL=FILE, --trades,
/// --depth-snapshot/--depth-updates, or [[instruments]] in the config.
bool uses_run_spec(const BacktestOptions& options);

/// Runs a multi-instrument / tick / book backtest from `options` through run_spec
/// (engine/run_spec.hpp), printing a report per instrument and the combined one (or JSON
/// with --json). Such runs are not stored yet. Returns the exit code; throws talon::Error.
int run_spec_backtest(const BacktestOptions& options);

/// Adds the `backtest` subcommand to `app`; `options` receives the parsed values.
CLI::App* add_backtest_command(CLI::App& app, BacktestOptions& options);

/// Fills every option that `command` did not get on the command line from the TOML file
/// options.config (keys: data, from_db, exchange, start, end, symbol, strategy, cash,
/// fee_bps, db, json, store_indicators, equity_interval, market, leverage, margin_mode,
/// position_mode, funding,
/// mark, exchange_info, brackets, trades, depth_snapshot, depth_updates, bar_interval, a
/// [params] table and [[instruments]] tables with symbol, data, trades, depth_snapshot,
/// depth_updates and fill). File paths are relative to the
/// config file. Throws InvalidArgument naming the
/// file and key for an unknown key or a value of the wrong type; ParseError with the file's line
/// for malformed TOML.
void apply_backtest_config(const CLI::App& command, BacktestOptions& options);

/// The spot trading rules of `symbol`: the built-in ones (BTCUSDT, ETHUSDT, ADABTC), else
/// generic_spot_instrument's (tick and lot size 1e-8) with a warning on standard error.
Instrument spot_rules(const std::string& symbol);

/// Runs the backtest described by `options`; returns the process exit code. Errors are
/// thrown (talon::Error) for main to print.
int run_backtest_command(const BacktestOptions& options);

}  // namespace talon
