#pragma once
// One entry point for "a file of bars, whatever its format": the Binance kline layouts and
// talon's bar cache (kline_reader.hpp), OHLCV CSV with a column mapping and exchange JSON
// candles (ohlcv_import.hpp). `talon data` reads every bar file through it.

#include <filesystem>
#include <optional>
#include <string>

#include <talon/data/archive.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/data/ohlcv_import.hpp>

namespace talon {

enum class BarFileFormat {
  Auto,     ///< by name and options: .tbars cache, .json[.gz] candles, CSV when a mapping
            ///< is given, otherwise a Binance kline file
  Binance,  ///< Binance kline CSV (12 or 6 columns), plain, .gz or .zip
  Csv,      ///< OHLCV CSV read with `csv` (the default mapping when unset)
  Json,     ///< JSON candles at `json_pointer`
};

struct BarFileOptions {
  BarFileFormat format = BarFileFormat::Auto;
  /// Column mapping of an OHLCV CSV; with Auto, setting it means "this is such a CSV".
  std::optional<OhlcvCsvOptions> csv;
  std::string json_pointer;  ///< Json: RFC 6901 pointer to the candle array
  ChecksumPolicy checksum = ChecksumPolicy::IfPresent;  ///< for a sibling .CHECKSUM file
};

/// Reads the bars of `path` as `options` say, verifying its .CHECKSUM first (except for a
/// bar cache, which was validated when written). Throws as read_klines, parse_ohlcv_csv,
/// parse_json_candles and verify_checksum do: DataError/ParseError naming the file, line
/// (or candle) and field.
KlineSeries read_bar_file(const std::filesystem::path& path, const BarFileOptions& options = {});

}  // namespace talon
