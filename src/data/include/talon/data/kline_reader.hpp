#pragma once
// Reader for Binance kline (candlestick) files.
//
// Layouts accepted, detected per file:
//  - Binance public data (data.binance.vision): 12 columns open_time, open, high, low, close,
//    volume, close_time, quote_volume, count, taker_buy_volume, taker_buy_quote_volume,
//    ignore; with or without a header row.
//  - Plain OHLCV: 6 columns open_time,open,high,low,close,volume with that header row (the
//    layout of ../shared/data/ and of freqtrade exports).
// Times are Unix epoch milliseconds or microseconds (Binance spot files switched to
// microseconds on 2025-01-01); the unit is recognised per row by magnitude.
// Files may be plain .csv, gzip-compressed, or a zip holding one CSV as data.binance.vision
// serves them (recognised by content, not by name); read_klines also memory-maps a talon bar
// cache (.tbars, bar_cache.hpp), so `talon backtest --data` takes all of these.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <talon/core/timestamp.hpp>
#include <talon/model/bar.hpp>

namespace talon {

enum class KlineLayout { Binance12, Ohlcv6 };

/// A run of missing bars: `missing` intervals between two consecutive bars of the file.
struct KlineGap {
  Timestamp last_before;     ///< open time of the bar before the gap
  Timestamp first_after;     ///< open time of the bar after the gap
  std::int64_t missing = 0;  ///< bars that would fit between them
};

struct KlineSeries {
  std::string source;  ///< file name (or the name given to parse_klines)
  KlineLayout layout = KlineLayout::Ohlcv6;
  std::int64_t interval_ns = 0;  ///< bar length: the smallest step between consecutive bars
  std::vector<Bar> bars;         ///< in strictly increasing open_time order
  std::vector<KlineGap> gaps;    ///< reported, never filled in
};

/// Reads and validates a kline file. Throws DataError whose message starts with
/// "<file>:<line>: <field>:" for: a short row, a field that is not a number, high < low,
/// open or close outside [low, high], a non-positive price, a negative volume, time going
/// backwards, a duplicate bar, an unexpected header. Throws Error when the file cannot be
/// opened or decompressed, or (DataError) when a `<file>.CHECKSUM` beside it does not match.
/// A time after 2262 (e.g. nanoseconds where ms or µs belong) is an error naming the field.
/// Gaps are listed in the result. A bar cache is validated bar by bar as it is read
/// (BarCache::to_bars); an empty cache is an error.
KlineSeries read_klines(const std::filesystem::path& path);

/// As read_klines, on text already in memory; `source` names it in errors.
KlineSeries parse_klines(std::string_view text, std::string_view source);

/// The whole content of a file, gunzipped when it starts with the gzip magic bytes.
/// Throws Error naming the file when it cannot be read or decompressed, DataError when the
/// content exceeds max_input_bytes() (archive.hpp).
std::string read_maybe_gzip(const std::filesystem::path& path);

/// The gaps of `bars` (in increasing open_time order): wherever consecutive open times are
/// more than `interval_ns` apart. None when interval_ns <= 0.
std::vector<KlineGap> find_gaps(std::span<const Bar> bars, std::int64_t interval_ns);

/// Reads a kline file in batches, so that a long file never sits in memory whole: plain or
/// gzip CSV is decompressed and parsed a block at a time (a zip archive or a bar cache is
/// read whole and handed out in batches). Every row is checked exactly as read_klines
/// checks it and errors name the file and line the same way. The interval is the smallest
/// step between consecutive bars of the first batch (about 4 MB of text); a later step
/// smaller than that is still a valid bar, but its close time follows that interval.
class KlineStream {
 public:
  /// Opens `path`. Throws Error when it cannot be opened.
  explicit KlineStream(const std::filesystem::path& path);
  ~KlineStream();
  KlineStream(const KlineStream&) = delete;
  KlineStream& operator=(const KlineStream&) = delete;

  /// Replaces `out` with the next batch of bars (in increasing open_time order) and
  /// returns true; returns false at the end of the file. Throws DataError as read_klines;
  /// a file without any kline is an error at the first call.
  bool next(std::vector<Bar>& out);
  /// Gaps found in the batch just returned (including the one before its first bar).
  const std::vector<KlineGap>& batch_gaps() const;
  /// Bar length, known after the first batch.
  std::int64_t interval_ns() const;
  KlineLayout layout() const;
  const std::string& source() const noexcept { return source_; }
  /// The part of the file read so far, 0..1 (compressed bytes for a gzip file), for a
  /// progress estimate.
  double fraction_read() const;

 private:
  struct Impl;
  std::string source_;
  std::unique_ptr<Impl> impl_;
};

/// Human-readable interval, e.g. "1m", "4h", "1d", or "90s" for an unusual one.
std::string interval_name(std::int64_t interval_ns);

}  // namespace talon
