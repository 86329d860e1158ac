#pragma once
// Bar intervals, resampling between them, and bars built from trade ticks.
//
// Conventions are Binance's (spot and futures klines): buckets are aligned to UTC, a bar
// opens at a multiple of its interval since 1970-01-01T00:00Z, except weekly bars, which open
// on Mondays 00:00 UTC (1970-01-05 is the first Monday after the epoch); close_time is the
// last millisecond inside the bar (open_time + interval - 1 ms).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <talon/data/ticks.hpp>
#include <talon/model/bar.hpp>

namespace talon {

/// Length in ns of an interval name: "1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h",
/// "6h", "8h", "12h", "1d", "3d", "1w", and the seed-003 spellings "1min", "5min", "60min".
/// Any "<n><unit>" with unit s, m/min, h, d, w is accepted. Months ("1M", "1mo") are not
/// fixed-length and are refused. Throws InvalidArgument naming the text.
std::int64_t parse_interval(std::string_view text);

/// The intervals the seeds list for market_prices: 1m 5m 15m 30m 1h 4h 1d 1w.
std::span<const std::string_view> seed_intervals();

/// Open time of the bar of length `interval_ns` that contains `t` (see conventions above).
Timestamp bucket_start(Timestamp t, std::int64_t interval_ns);

/// Aggregates bars of one interval into bars of a longer one: open of the first, close of
/// the last, highest high, lowest low, sums of volume, quote volume, taker volumes and trade
/// counts. A bucket with at least one source bar gives a bar (as Binance, whose bar over
/// minutes without trades still exists); a bucket with none gives none (gaps stay gaps).
/// `bars` must be in increasing open_time order, each aligned to `from_ns`; `to_ns` must be
/// a multiple of `from_ns`. Throws InvalidArgument when the intervals do not fit, DataError
/// naming the bar's time when a bar is misaligned or out of order.
std::vector<Bar> resample_bars(std::span<const Bar> bars, std::int64_t from_ns, std::int64_t to_ns);

/// How many source bars each output bar of resample_bars would hold, in the same order; a
/// count below to_ns / from_ns marks an incomplete bucket (gap, or a file edge).
std::vector<std::int32_t> resample_counts(std::span<const Bar> bars, std::int64_t from_ns,
                                          std::int64_t to_ns);

/// Kinds of bars built from trades (M. López de Prado, "Advances in Financial Machine
/// Learning", 2018, section 2.3.1: time, tick, volume and dollar bars).
enum class TradeBarKind {
  Time,    ///< one bar per UTC-aligned interval; intervals without trades give flat bars
           ///< at the previous close with zero volume, as Binance klines do
  Tick,    ///< a bar every `ticks` trades
  Volume,  ///< a bar once the base volume reaches `threshold`
  Dollar,  ///< a bar once the quote value (sum of price × qty) reaches `threshold`
};

struct TradeBarSpec {
  TradeBarKind kind = TradeBarKind::Time;
  std::int64_t interval_ns = 0;  ///< Time bars
  std::int64_t ticks = 0;        ///< Tick bars
  Decimal threshold;             ///< Volume (base units) and Dollar (quote currency) bars
};

/// Builds bars from a stream of trades, one trade at a time (the same code replays files
/// and live feeds). The trade that reaches a tick/volume/dollar threshold closes its bar;
/// trades are never split. For those bars open_time and close_time are the times of the
/// first and last trade. Each trade adds 1 + last_trade_id - first_trade_id to trades_count
/// (aggregate trades count their member trades, as Binance's klines do); a trade whose buyer
/// is not the maker adds to the taker-buy volumes. price × qty is rounded half-even to 8
/// fractional digits for the quote volume.
class TradeBarBuilder {
 public:
  /// Throws InvalidArgument when the spec's parameter for its kind is not positive.
  explicit TradeBarBuilder(TradeBarSpec spec);

  /// Adds a trade. Trades must come in non-decreasing time; throws DataError otherwise.
  /// Completed bars are appended to `out` (Time bars may complete several at once).
  void push(const TradeTick& trade, std::vector<Bar>& out);
  /// The bar in progress, if any (a time bar that is not yet closed; a threshold bar below
  /// its threshold). Appends it to `out` and resets.
  void flush(std::vector<Bar>& out);

 private:
  void start(const TradeTick& t, Timestamp open_time);
  void add(const TradeTick& t, const Decimal& quote);
  void close_time_bar(std::vector<Bar>& out);

  TradeBarSpec spec_;
  Bar bar_;
  bool open_ = false;
  std::int64_t ticks_ = 0;
  Timestamp last_time_{INT64_MIN};
};

/// All bars from a sequence of trades, including the last, possibly incomplete, one.
std::vector<Bar> build_trade_bars(std::span<const TradeTick> trades, const TradeBarSpec& spec);

}  // namespace talon
