#pragma once
// The DataSource seam: where market events come from. File replay, store replay and (later)
// live feeds implement it; the kernel merges any number of sources in time order, holding
// one pending event per source, so memory does not grow with the length of the data.

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include <talon/model/market_event.hpp>

namespace talon {

class DataSource {
 public:
  virtual ~DataSource() = default;
  /// Writes the next event into `out` and returns true, or returns false at the end. Events
  /// come in non-decreasing replay time (a bar's open_time, every other event's ts_event).
  /// Throws DataError naming the source and the record when the data is bad.
  virtual bool next(MarketEvent& out) = 0;
  /// What the source reads, for messages (a file name, a table).
  virtual std::string describe() const = 0;
  /// How many events it will give in all, when known (for a progress bar); 0 = unknown.
  virtual std::size_t size_hint() const { return 0; }
};

/// Replays events of one kind held in memory (read from a file, or built by a test), each
/// stamped with `instrument`. The span must outlive the source.
template <class Event>
class SpanSource final : public DataSource {
 public:
  SpanSource(std::span<const Event> events, InstrumentId instrument, std::string what)
      : events_(events), instrument_(instrument), what_(std::move(what)) {}

  bool next(MarketEvent& out) override {
    if (next_ == events_.size()) return false;
    // Assigning into the alternative already held reuses its storage (no allocation per
    // event for events without vectors).
    if (Event* e = std::get_if<Event>(&out)) {
      *e = events_[next_++];
    } else {
      out.template emplace<Event>(events_[next_++]);
    }
    Event& e = std::get<Event>(out);
    if (e.instrument.is_empty()) e.instrument = instrument_;
    return true;
  }
  std::string describe() const override { return what_; }
  std::size_t size_hint() const override { return events_.size(); }

 private:
  std::span<const Event> events_;
  std::size_t next_ = 0;
  InstrumentId instrument_;
  std::string what_;
};

/// A source owned elsewhere, handed to the kernel without its ownership (the caller reads
/// its counters after the run). `source` must outlive the kernel's run.
class SourceRef final : public DataSource {
 public:
  explicit SourceRef(DataSource& source) : source_(source) {}
  bool next(MarketEvent& out) override { return source_.next(out); }
  std::string describe() const override { return source_.describe(); }
  std::size_t size_hint() const override { return source_.size_hint(); }

 private:
  DataSource& source_;
};

/// The time by which the kernel orders an event of a source: a bar at its open (the venue
/// acts on it from the open; the strategy sees it at its close), every other event at its
/// ts_event.
/// (Inline for bars, the common case: a call per event otherwise.)
inline Timestamp replay_time(const MarketEvent& event) noexcept {
  if (const Bar* bar = std::get_if<Bar>(&event)) return bar->open_time;
  return ts_event(event);
}

}  // namespace talon
