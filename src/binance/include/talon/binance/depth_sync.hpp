#pragma once
// A local order book kept in sync with Binance's diff depth stream and REST snapshots by the
// documented procedure ("How to manage a local order book correctly": spot WebSocket Streams,
// and USDⓈ-M Websocket Market Streams):
//
//   1. Buffer the stream's events; fetch a REST depth snapshot.
//   2. Drop buffered events whose final id u <= lastUpdateId (spot) / u < lastUpdateId
//      (USDⓈ-M). If the snapshot is older than the first buffered event (lastUpdateId + 1 <
//      its U on spot, lastUpdateId < U on USDⓈ-M) the snapshot is too old: fetch another.
//   3. The first event applied must contain the snapshot: U <= lastUpdateId + 1 <= u (spot),
//      U <= lastUpdateId <= u (USDⓈ-M).
//   4. Every later event must continue the previous one: U == previous u + 1 (spot), pu ==
//      previous u (USDⓈ-M). Otherwise the book has a gap: it is cleared and needs a new
//      snapshot (step 1), and nothing stale is ever served.
//   5. A quantity is the level's new absolute quantity; zero removes the level.
//
// Pure logic: the caller fetches snapshots when needs_snapshot() is true.

#include <cstddef>
#include <deque>

#include <talon/binance/parser.hpp>
#include <talon/model/order_book.hpp>

namespace talon::binance {

class DepthSync {
 public:
  enum class Result {
    Buffered,      ///< kept until a snapshot arrives
    Applied,       ///< the book moved (event or snapshot with its buffered events)
    Dropped,       ///< older than the book; ignored
    Gap,           ///< did not continue the book: book cleared, a new snapshot is needed
    StaleSnapshot  ///< the snapshot is older than the buffered stream: fetch another
  };

  /// `max_buffer`: events kept while waiting for a snapshot; the oldest are dropped beyond it
  /// (the snapshot will then be reported stale and fetched again).
  explicit DepthSync(Market market, std::size_t max_buffer = 100'000);

  /// One diff event from the stream; `previous_final_update_id` is USDⓈ-M's `pu` (ignored
  /// on spot).
  Result on_update(const DepthUpdate& update, std::uint64_t previous_final_update_id = 0);
  /// A REST snapshot (GET /api/v3/depth or /fapi/v1/depth): loads it and replays the
  /// buffered events under the rules above.
  Result on_snapshot(const DepthSnapshot& snapshot);

  /// True until a snapshot has been applied, and again after every gap.
  bool needs_snapshot() const noexcept { return !synced_; }
  /// The book; empty while needs_snapshot().
  const L2Book& book() const noexcept { return book_; }
  /// Gaps detected so far (each one cleared the book).
  std::size_t gaps() const noexcept { return gaps_; }
  /// Events waiting for a snapshot.
  std::size_t buffered() const noexcept { return buffer_.size(); }

 private:
  struct Pending {
    DepthUpdate update;
    std::uint64_t pu = 0;
  };
  Result apply(const DepthUpdate& update, std::uint64_t pu);
  void reset();

  Market market_;
  std::size_t max_buffer_;
  std::deque<Pending> buffer_;
  L2Book book_;
  std::uint64_t last_u_ = 0;  ///< final id of the last event applied (or the snapshot's id)
  bool synced_ = false;
  bool first_ = true;  ///< the next event applied is the first after the snapshot
  std::size_t gaps_ = 0;
};

}  // namespace talon::binance
