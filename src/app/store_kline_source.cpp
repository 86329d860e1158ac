#include <fmt/format.h>

#include <talon/app/store_kline_source.hpp>

namespace talon {

StoreKlineSource::StoreKlineSource(Store& store, std::string exchange, std::string symbol,
                                   std::string interval, std::int64_t interval_ns,
                                   InstrumentId instrument, Timestamp from, Timestamp to,
                                   std::size_t page_bars)
    : store_(store),
      exchange_(std::move(exchange)),
      symbol_(std::move(symbol)),
      interval_(std::move(interval)),
      interval_ns_(interval_ns),
      instrument_(instrument),
      cursor_(from),
      to_(to),
      page_bars_(page_bars == 0 ? kPageBars : page_bars) {}

std::string StoreKlineSource::describe() const {
  return fmt::format("{} {} {} klines of {}", exchange_, symbol_, interval_,
                     redact_url(store_.connection().name()));
}

bool StoreKlineSource::next(MarketEvent& out) {
  if (next_ == page_.size()) {
    if (done_) return false;
    page_ = store_.read_klines(exchange_, symbol_, interval_, cursor_, to_, page_bars_);
    next_ = 0;
    if (page_.size() < page_bars_) done_ = true;
    if (page_.empty()) return false;
    // The next page starts just after this one's last bar (stored times are microseconds:
    // read_klines rounds the bound up to the next one).
    cursor_ = Timestamp::from_ns(page_.back().open_time.ns + 1);
  }
  const Bar& b = page_[next_++];
  if (bars_ != 0 && interval_ns_ > 0 && b.open_time.ns - last_open_.ns > interval_ns_) {
    if (gaps_ == 0) first_gap_ = last_open_;
    ++gaps_;
    missing_ += (b.open_time.ns - last_open_.ns) / interval_ns_ - 1;
  }
  last_open_ = b.open_time;
  Bar* slot = std::get_if<Bar>(&out);
  if (slot == nullptr) slot = &out.emplace<Bar>();
  *slot = b;
  slot->instrument = instrument_;
  slot->interval_ns = interval_ns_;
  ++bars_;
  return true;
}

}  // namespace talon
