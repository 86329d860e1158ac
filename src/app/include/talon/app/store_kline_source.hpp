#pragma once
// Klines stored in market_prices as a DataSource: read page by page (kPageBars at a time) as
// the run goes, so a year of stored 1m bars never sits in memory whole — the store replay
// of the kernel (DESIGN.md, "The kernel").

#include <cstdint>
#include <string>
#include <vector>

#include <talon/engine/data_source.hpp>
#include <talon/store/store.hpp>

namespace talon {

class StoreKlineSource final : public DataSource {
 public:
  /// Bars read per query.
  static constexpr std::size_t kPageBars = 50'000;

  /// Klines of (exchange code, symbol, interval) with from <= open time < to, stamped with
  /// `instrument` and `interval_ns` (the bar length the interval names, e.g. 60e9 for
  /// "1m"), `page_bars` per query. `store` must outlive the source. next() throws what
  /// Store::read_klines throws.
  StoreKlineSource(Store& store, std::string exchange, std::string symbol, std::string interval,
                   std::int64_t interval_ns, InstrumentId instrument, Timestamp from, Timestamp to,
                   std::size_t page_bars = kPageBars);

  bool next(MarketEvent& out) override;
  std::string describe() const override;

  /// Bars handed out so far.
  std::size_t bars() const noexcept { return bars_; }
  /// Gaps between consecutive bars seen so far: how many, the bars missing in all, and the
  /// open time of the bar before the first gap.
  std::size_t gaps() const noexcept { return gaps_; }
  std::int64_t missing() const noexcept { return missing_; }
  Timestamp first_gap_after() const noexcept { return first_gap_; }

 private:
  Store& store_;
  std::string exchange_, symbol_, interval_;
  std::int64_t interval_ns_;
  InstrumentId instrument_;
  Timestamp cursor_;  ///< open time the next page starts at
  Timestamp to_;
  std::size_t page_bars_;
  std::vector<Bar> page_;
  std::size_t next_ = 0;
  bool done_ = false;
  std::size_t bars_ = 0;
  std::size_t gaps_ = 0;
  std::int64_t missing_ = 0;
  Timestamp first_gap_;
  Timestamp last_open_;
};

}  // namespace talon
