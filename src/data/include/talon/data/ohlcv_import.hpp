#pragma once
// Bars from the formats users already have: OHLCV CSV from any provider (seed 003's
// `source`: stocks, ETFs) with a column mapping, and the JSON candle arrays that exchanges'
// REST APIs return (Binance /api/v3/klines, Bybit /v5/market/kline, OKX /api/v5/market/candles).

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include <talon/data/kline_reader.hpp>

namespace talon {

/// How the time column is written.
enum class TimeFormat {
  Auto,  ///< digits: epoch s / ms / µs / ns by magnitude; otherwise ISO-8601 text
  EpochSeconds,
  EpochMillis,
  EpochMicros,
  EpochNanos,
  Iso8601,  ///< "2025-05-20", "2025-05-20 13:45:00", "2025-05-20T13:45:00Z", offsets
};

/// Which column holds what: a header name (matched case-insensitively) or, when the file has
/// no header, a 0-based index written as digits ("0", "1", ...). An empty `volume` means the
/// file has none (volume 0).
struct OhlcvColumns {
  std::string time = "open_time";
  std::string open = "open";
  std::string high = "high";
  std::string low = "low";
  std::string close = "close";
  std::string volume = "volume";
};

struct OhlcvCsvOptions {
  OhlcvColumns columns;
  TimeFormat time_format = TimeFormat::Auto;
  char delimiter = ',';
  bool has_header = true;
  /// Minutes to subtract from local times written without an offset to get UTC (e.g. -300
  /// for US Eastern standard time, written as -300). Fixed offsets only: daylight-saving
  /// rules are not applied. Dates without a time stay at 00:00 UTC of that date.
  std::int32_t utc_offset_minutes = 0;
  /// Prices with more than 8 fractional digits are rounded half-even when true, refused when
  /// false.
  bool round_excess_digits = false;
};

/// Reads OHLCV rows with a column mapping. Rows must be in increasing time order. Throws
/// DataError "<source>:<line>: <column>: <why>" for a missing mapped column, a malformed
/// number or time, a non-positive price, negative volume, OHLC inconsistency, or time not
/// increasing. The series' interval is the smallest step; gaps are listed.
KlineSeries parse_ohlcv_csv(std::string_view text, std::string_view source,
                            const OhlcvCsvOptions& options = {});

/// parse_ohlcv_csv on a file (plain, .gz or .zip).
KlineSeries read_ohlcv_csv(const std::filesystem::path& path, const OhlcvCsvOptions& options = {});

/// Reads a JSON array of candles. `pointer` (RFC 6901) locates the array in the document:
/// "" for a bare array (Binance), "/result/list" (Bybit), "/data" (OKX). Each candle is an
/// array of numbers or numeric strings: [open_time, open, high, low, close, volume, ...];
/// with 12 or more elements it is read as a Binance kline (close_time, quote volume, trade
/// count, taker-buy volumes). Times are epoch ms (or digits in strings). Numbers keep their
/// exact decimal text (never a double). Candles newest-first (Bybit, OKX) are reversed.
/// Throws DataError "<source>: candle <i>: <field>: <why>" for a bad candle, ParseError with
/// the byte offset for JSON that does not parse, DataError when `pointer` finds no array.
KlineSeries parse_json_candles(std::string_view text, std::string_view source,
                               std::string_view pointer = "");

}  // namespace talon
