#include <talon/engine/kline_source.hpp>

namespace talon {

KlineFileSource::KlineFileSource(const std::filesystem::path& path, InstrumentId instrument,
                                 Timestamp from, Timestamp to)
    : stream_(path), instrument_(instrument), from_(from), to_(to) {}

bool KlineFileSource::next(MarketEvent& out) {
  for (;;) {
    while (next_ < batch_.size()) {
      const Bar& b = batch_[next_++];
      if (b.open_time < from_) continue;
      if (b.open_time >= to_) {
        // Past the window: the rest of the file is not read (file_last says so).
        done_ = true;
        return false;
      }
      Bar* slot = std::get_if<Bar>(&out);
      if (slot == nullptr) slot = &out.emplace<Bar>();
      *slot = b;
      slot->instrument = instrument_;
      slot->interval_ns = stream_.interval_ns();
      ++bars_;
      return true;
    }
    if (done_ || !stream_.next(batch_)) {
      done_ = true;
      return false;
    }
    next_ = 0;
    if (parsed_ == 0) file_first_ = batch_.front().open_time;
    file_last_ = batch_.back().open_time;
    parsed_ += batch_.size();
    for (const KlineGap& g : stream_.batch_gaps()) {
      // Only gaps inside the window count: the bars on both sides are traded.
      if (g.last_before < from_ || g.first_after >= to_) continue;
      if (gaps_ == 0) first_gap_ = g.last_before;
      ++gaps_;
      missing_ += g.missing;
    }
  }
}

std::size_t KlineFileSource::size_hint() const {
  const double f = stream_.fraction_read();
  if (f <= 0.0) return 0;
  return static_cast<std::size_t>(static_cast<double>(parsed_) / f);
}

}  // namespace talon
