#include <fmt/format.h>

#include <algorithm>

#include <talon/core/error.hpp>
#include <talon/model/order_book.hpp>

namespace talon {
namespace {

// Index of `price` in a side, or where it would go. Bids ascend, asks descend.
std::size_t position_of(const std::vector<BookLevel>& side, bool bid, Decimal price) {
  const auto it = bid ? std::lower_bound(side.begin(), side.end(), price,
                                         [](const BookLevel& l, Decimal p) { return l.price < p; })
                      : std::lower_bound(side.begin(), side.end(), price,
                                         [](const BookLevel& l, Decimal p) { return l.price > p; });
  return static_cast<std::size_t>(it - side.begin());
}

}  // namespace

void L2Book::load(const DepthSnapshot& snapshot) {
  bids_.clear();
  asks_.clear();
  for (const DepthChange& c : snapshot.levels) set(c.bid, c.price, c.quantity);
  last_update_id_ = snapshot.last_update_id;
  loaded_ = true;
  synced_ = false;
}

bool L2Book::apply(const DepthUpdate& u) {
  if (!loaded_) throw DataError("depth update before any snapshot was loaded");
  if (u.final_update_id <= last_update_id_) return false;
  if (!synced_) {
    if (u.first_update_id > last_update_id_ + 1) {
      throw DataError(
          fmt::format("depth update U={} u={} does not cover the snapshot's "
                      "lastUpdateId+1={}: events were lost",
                      u.first_update_id, u.final_update_id, last_update_id_ + 1));
    }
    synced_ = true;
  } else if (u.first_update_id != last_update_id_ + 1) {
    throw DataError(
        fmt::format("depth update gap: U={} after u={}", u.first_update_id, last_update_id_));
  }
  for (const DepthChange& c : u.changes) set(c.bid, c.price, c.quantity);
  last_update_id_ = u.final_update_id;
  return true;
}

void L2Book::set(bool bid, Decimal price, Decimal quantity) {
  std::vector<BookLevel>& side = bid ? bids_ : asks_;
  const std::size_t i = position_of(side, bid, price);
  const bool found = i < side.size() && side[i].price == price;
  if (quantity.is_zero()) {
    if (found) side.erase(side.begin() + static_cast<std::ptrdiff_t>(i));
    return;
  }
  if (found) {
    side[i].quantity = quantity;
  } else {
    side.insert(side.begin() + static_cast<std::ptrdiff_t>(i), BookLevel{price, quantity});
  }
}

std::optional<BookLevel> L2Book::best_bid() const {
  if (bids_.empty()) return std::nullopt;
  return bids_.back();
}

std::optional<BookLevel> L2Book::best_ask() const {
  if (asks_.empty()) return std::nullopt;
  return asks_.back();
}

Decimal L2Book::quantity_at(bool bid, Decimal price) const {
  const std::vector<BookLevel>& side = bid ? bids_ : asks_;
  const std::size_t i = position_of(side, bid, price);
  return i < side.size() && side[i].price == price ? side[i].quantity : Decimal{};
}

bool L2Book::crossed() const {
  return !bids_.empty() && !asks_.empty() && bids_.back().price >= asks_.back().price;
}

}  // namespace talon
