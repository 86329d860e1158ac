#include <talon/store/kline_import.hpp>

namespace talon {
namespace {

bool same_values(const Bar& a, const Bar& b) {
  return a.close_time == b.close_time && a.open == b.open && a.high == b.high && a.low == b.low &&
         a.close == b.close && a.volume == b.volume && a.quote_volume == b.quote_volume &&
         a.trades_count == b.trades_count && a.taker_buy_base_volume == b.taker_buy_base_volume &&
         a.taker_buy_quote_volume == b.taker_buy_quote_volume;
}

}  // namespace

KlineImportResult import_klines(Store& store, const std::string& exchange,
                                const std::string& symbol, const std::string& interval,
                                std::span<const Bar> bars, const std::string& source) {
  KlineImportResult r;
  if (bars.empty()) return r;
  const Timestamp last = bars.back().open_time;
  const Timestamp end = last.ns == INT64_MAX ? last : Timestamp::from_ns(last.ns + 1);
  const std::vector<Bar> stored =
      store.read_klines(exchange, symbol, interval, bars.front().open_time, end);
  std::vector<Bar> missing;
  missing.reserve(bars.size() - std::min(bars.size(), stored.size()));
  std::size_t j = 0;
  for (const Bar& b : bars) {
    while (j < stored.size() && stored[j].open_time < b.open_time) ++j;
    if (j < stored.size() && stored[j].open_time == b.open_time) {
      ++r.skipped;
      if (!same_values(stored[j], b) && r.differing++ == 0) r.first_differing = b.open_time;
      continue;
    }
    missing.push_back(b);
  }
  r.inserted = store.insert_klines(exchange, symbol, interval, missing, source);
  return r;
}

}  // namespace talon
