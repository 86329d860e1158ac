#pragma once
// A kline file as a DataSource: bars streamed in batches (KlineStream), cut to a time window,
// stamped with their instrument and interval, gaps counted as they pass. Memory holds one
// batch (about 60,000 bars), whatever the length of the file.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <talon/data/kline_reader.hpp>
#include <talon/engine/data_source.hpp>

namespace talon {

class KlineFileSource final : public DataSource {
 public:
  /// Bars of `path` whose open time is in [from, to), stamped with `instrument`. Throws
  /// Error when the file cannot be opened; next() throws DataError as read_klines does.
  KlineFileSource(const std::filesystem::path& path, InstrumentId instrument, Timestamp from,
                  Timestamp to);

  bool next(MarketEvent& out) override;
  std::string describe() const override { return stream_.source(); }
  /// An estimate from the part of the file read so far (0 before the first batch).
  std::size_t size_hint() const override;

  /// Bar length (known once the first bar was read).
  std::int64_t interval_ns() const { return stream_.interval_ns(); }
  /// Bars handed out so far, and the first and last of them.
  std::size_t bars() const noexcept { return bars_; }
  /// Gaps inside the window seen so far: how many, the bars missing in all, and where the
  /// first one starts.
  std::size_t gaps() const noexcept { return gaps_; }
  std::int64_t missing() const noexcept { return missing_; }
  Timestamp first_gap_after() const noexcept { return first_gap_; }
  /// Open times of the first and last bar of the file read so far, inside the window or not
  /// (to say where the data is when the window holds none of it).
  Timestamp file_first() const noexcept { return file_first_; }
  Timestamp file_last() const noexcept { return file_last_; }

 private:
  KlineStream stream_;
  InstrumentId instrument_;
  Timestamp from_;
  Timestamp to_;
  std::vector<Bar> batch_;
  std::size_t next_ = 0;
  std::size_t bars_ = 0;
  std::size_t parsed_ = 0;  ///< bars of the file read so far, inside the window or not
  std::size_t gaps_ = 0;
  std::int64_t missing_ = 0;
  Timestamp first_gap_;
  Timestamp file_first_;
  Timestamp file_last_;
  bool done_ = false;
};

}  // namespace talon
