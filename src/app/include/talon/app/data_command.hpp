#pragma once
// `talon data ...`: import, check, resample, list and download market data.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace talon {

struct DataOptions {
  std::vector<std::string> files;  ///< input files (check, import, resample, bars)
  std::string target;              ///< check: FILE or SYMBOL (looked up in the cache)
  // How to read a bar file.
  std::string format = "auto";  ///< auto | binance | csv | json
  std::string time_column;      ///< csv: name (or index) of the time column
  std::string columns;          ///< csv: "open,high,low,close,volume" names or indices
  bool no_header = false;       ///< csv: the file has no header row
  int utc_offset_minutes = 0;   ///< csv: fixed offset of local times
  std::string json_pointer;     ///< json: where the candle array is
  std::string kind =
      "auto";  ///< check: klines | trades | aggTrades | bookTicker | bookDepth | fundingRate
  bool require_checksum = false;
  // check
  double sigma = 8.0;
  std::size_t zero_run = 3;
  bool fail_on_outliers = false;  ///< check: exit 1 on outliers too (else they are warnings)
  std::size_t max_issues = 50;
  // import / list
  std::string symbol;
  std::string cache_dir = "data/cache";
  std::string source;
  std::vector<std::string> resample_to;
  std::string db;  ///< import: also store the bars in market_prices of this store ("" = cache only)
  // resample / bars
  std::string to;                 ///< target interval
  std::string out;                ///< output file ("" = stdout)
  std::string bar_kind = "time";  ///< bars: time | tick | volume | dollar
  std::string size;               ///< bars: interval, trade count, or threshold
  // download
  std::string exchange = "binance";
  std::string market = "spot";
  std::string type = "klines";
  std::string interval;
  std::string from;
  std::string to_date;
  std::string out_dir = "data/binance";
  std::string base_url = "https://data.binance.vision";
  bool no_monthly = false;
};

/// Adds `data` and its subcommands (check, import, resample, bars, list, download) to `app`.
CLI::App* add_data_command(CLI::App& app, DataOptions& options);

/// Runs the data subcommand that was parsed; returns the exit code (0 success, 1 when a
/// check found issues other than outliers -- or outliers too with fail_on_outliers -- or a
/// download failed). Errors are thrown (talon::Error) for main.
int run_data_command(const CLI::App& command, const DataOptions& options);

}  // namespace talon
