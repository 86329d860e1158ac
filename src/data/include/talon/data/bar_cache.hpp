#pragma once
// A columnar binary cache of bars that a backtest memory-maps (mmap) instead of parsing text.
//
// File layout (little-endian, version 1), documented in docs/data.md:
//   256-byte header: magic "TALONBAR", version, bar count, interval (ns), symbol, source,
//   gap statistics, and for each of the 11 columns its byte offset and its width;
//   then the columns, each 16-byte aligned: open_time and close_time (int64 ns UTC),
//   open, high, low, close, volume, quote_volume, taker_buy_base_volume,
//   taker_buy_quote_volume (Decimal raw units of 10^-8, stored as int64 when every value of
//   the column fits, else as int128), trades_count (int64).
// Decimal values round-trip exactly. Files are written to a temporary name and renamed, so a
// reader never sees a half-written cache.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include <talon/model/bar.hpp>

namespace talon {

/// What a cache file says about itself (read from its header only).
struct BarCacheInfo {
  std::filesystem::path path;
  std::string symbol;
  std::string source;  ///< where the bars came from (file name, exchange, provider)
  std::int64_t interval_ns = 0;
  std::uint64_t rows = 0;
  Timestamp first_open;            ///< open time of the first bar (zero when empty)
  Timestamp last_open;             ///< open time of the last bar
  std::uint64_t gaps = 0;          ///< runs of missing bars
  std::uint64_t missing_bars = 0;  ///< bars that those runs lack
};

/// Writes `bars` (strictly increasing open_time) to `path` atomically. `symbol` at most 23
/// bytes, `source` at most 63 (longer text is cut). Throws InvalidArgument for bars out of
/// order, Error naming the file when it cannot be written.
void write_bar_cache(const std::filesystem::path& path, std::span<const Bar> bars,
                     const std::string& symbol, std::int64_t interval_ns,
                     const std::string& source);

/// A read-only memory map of a cache file. Move-only; unmaps on destruction.
class BarCache {
 public:
  /// Maps `path` and checks its header and size. A cache file is untrusted input: every
  /// header value is checked against the file's size without arithmetic that can wrap.
  /// Throws DataError naming the file when it is not a talon bar cache, has another version,
  /// is truncated or its header is corrupt; Error when it cannot be opened or mapped.
  explicit BarCache(const std::filesystem::path& path);
  ~BarCache();
  BarCache(BarCache&& other) noexcept;
  BarCache& operator=(BarCache&& other) noexcept;
  BarCache(const BarCache&) = delete;
  BarCache& operator=(const BarCache&) = delete;

  const BarCacheInfo& info() const { return info_; }
  std::size_t size() const { return static_cast<std::size_t>(info_.rows); }

  /// Open times in ns since the epoch, zero-copy from the map.
  std::span<const std::int64_t> open_times() const;
  /// Bar i (0 <= i < size(), unchecked), assembled from the columns.
  Bar bar(std::size_t i) const;
  /// Every bar, materialised and validated like bars read from text: prices positive,
  /// low <= open, close <= high, volumes and trade counts not negative, close_time not before
  /// open_time, open times strictly increasing. Throws DataError "<file>: bar <i>: <field>:
  /// <why>" for the first bar that breaks a rule. An empty cache gives an empty vector.
  std::vector<Bar> to_bars() const;

 private:
  std::vector<Bar> unchecked_bars() const;
  void check(std::span<const Bar> bars) const;
  Decimal dec(int column, std::size_t i) const;
  const std::byte* column(int c) const { return base_ + offsets_[c]; }

  BarCacheInfo info_;
  const std::byte* base_ = nullptr;
  std::size_t map_size_ = 0;
  std::uint64_t offsets_[11] = {};
  std::uint8_t widths_[11] = {};
};

/// Header information of every "*.tbars" cache file directly inside `dir`, sorted by symbol
/// then interval. Files that are not valid caches are skipped. Throws Error when `dir`
/// cannot be listed.
std::vector<BarCacheInfo> list_bar_caches(const std::filesystem::path& dir);

/// The file name the CLI uses for a cache: "<SYMBOL>-<interval>.tbars".
std::string bar_cache_file_name(const std::string& symbol, const std::string& interval);

}  // namespace talon
