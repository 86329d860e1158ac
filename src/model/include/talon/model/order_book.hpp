#pragma once
// A level-2 order book (price → total quantity per side), kept in sync with an exchange
// depth stream by Binance spot's rules ("How to manage a local order book correctly",
// Binance spot WebSocket Streams documentation):
//   1. load a REST snapshot (lastUpdateId);
//   2. drop every update whose final id u <= lastUpdateId;
//   3. the first update applied must have U <= lastUpdateId + 1 <= u;
//   4. each later update must start at the previous u + 1 (else the book has a gap);
//   5. a quantity is the new absolute quantity of that level; 0 removes the level.

#include <cstdint>
#include <optional>
#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/model/ids.hpp>

namespace talon {

struct BookLevel {
  Decimal price;     ///< quote per base
  Decimal quantity;  ///< base asset resting at that price
};

/// One changed level of a depth message.
struct DepthChange {
  bool bid = true;
  Decimal price;
  Decimal quantity;  ///< new absolute quantity; zero removes the level
};

/// One depth message (Binance `depthUpdate`: U, u, b, a).
struct DepthUpdate {
  Timestamp at;                       ///< event time (Binance E): the ts_event
  std::uint64_t first_update_id = 0;  ///< U
  std::uint64_t final_update_id = 0;  ///< u
  std::vector<DepthChange> changes;
  InstrumentId instrument{};  ///< empty when the reader was not told
  Timestamp ts_init{};        ///< when talon saw it; zero when read from a file
};

/// A REST depth snapshot (GET /api/v3/depth).
struct DepthSnapshot {
  Timestamp at;  ///< when the snapshot was taken: the ts_event
  std::uint64_t last_update_id = 0;
  std::vector<DepthChange> levels;
  InstrumentId instrument{};  ///< empty when the reader was not told
  Timestamp ts_init{};        ///< when talon saw it; zero when read from a file
};

class L2Book {
 public:
  /// Replaces the book with `snapshot`.
  void load(const DepthSnapshot& snapshot);
  /// Applies `update` under the sync rules above. Returns false when the update is older
  /// than the book and was dropped. Throws DataError naming the update ids when it does
  /// not continue the book (a gap), or when no snapshot was loaded.
  bool apply(const DepthUpdate& update);
  /// Sets one level (no sync check): `quantity` zero removes it.
  void set(bool bid, Decimal price, Decimal quantity);

  std::optional<BookLevel> best_bid() const;
  std::optional<BookLevel> best_ask() const;
  /// Quantity resting at exactly `price` on the given side (zero when no level).
  Decimal quantity_at(bool bid, Decimal price) const;
  /// Bids in ascending price order and asks in descending order: the best level of each
  /// side is the last element (cheap updates near the top of the book).
  const std::vector<BookLevel>& bids() const noexcept { return bids_; }
  const std::vector<BookLevel>& asks() const noexcept { return asks_; }
  std::uint64_t last_update_id() const noexcept { return last_update_id_; }
  /// True when the best bid is at or above the best ask (never true for a correct feed).
  bool crossed() const;

 private:
  std::vector<BookLevel> bids_;
  std::vector<BookLevel> asks_;
  std::uint64_t last_update_id_ = 0;
  bool loaded_ = false;
  bool synced_ = false;
};

}  // namespace talon
