#include <talon/binance/depth_sync.hpp>

namespace talon::binance {

DepthSync::DepthSync(Market market, std::size_t max_buffer)
    : market_(market), max_buffer_(max_buffer == 0 ? 1 : max_buffer) {}

void DepthSync::reset() {
  book_ = L2Book{};
  synced_ = false;
  first_ = true;
  last_u_ = 0;
}

DepthSync::Result DepthSync::on_update(const DepthUpdate& update,
                                       std::uint64_t previous_final_update_id) {
  if (!synced_) {
    if (buffer_.size() == max_buffer_) buffer_.pop_front();
    buffer_.push_back({update, previous_final_update_id});
    return Result::Buffered;
  }
  const Result r = apply(update, previous_final_update_id);
  // The event that revealed the gap is newer than the book: it starts the new buffer.
  if (r == Result::Gap) buffer_.push_back({update, previous_final_update_id});
  return r;
}

DepthSync::Result DepthSync::apply(const DepthUpdate& u, std::uint64_t pu) {
  const bool usdm = market_ == Market::UsdM;
  if (first_) {
    const std::uint64_t id = last_u_;  // the snapshot's lastUpdateId
    if (usdm ? u.final_update_id < id : u.final_update_id <= id) return Result::Dropped;
    const bool contains = usdm ? (u.first_update_id <= id && id <= u.final_update_id)
                               : (u.first_update_id <= id + 1 && id + 1 <= u.final_update_id);
    if (!contains) {
      ++gaps_;
      reset();
      return Result::Gap;
    }
  } else {
    if (u.final_update_id <= last_u_) return Result::Dropped;  // duplicate or replay
    const bool continues = usdm ? pu == last_u_ : u.first_update_id == last_u_ + 1;
    if (!continues) {
      ++gaps_;
      reset();
      return Result::Gap;
    }
  }
  for (const DepthChange& c : u.changes) book_.set(c.bid, c.price, c.quantity);
  last_u_ = u.final_update_id;
  first_ = false;
  return Result::Applied;
}

DepthSync::Result DepthSync::on_snapshot(const DepthSnapshot& snapshot) {
  const std::uint64_t id = snapshot.last_update_id;
  if (!buffer_.empty()) {
    const std::uint64_t first_u = buffer_.front().update.first_update_id;
    const bool too_old = market_ == Market::UsdM ? id < first_u : id + 1 < first_u;
    if (too_old) return Result::StaleSnapshot;
  }
  book_.load(snapshot);
  last_u_ = id;
  synced_ = true;
  first_ = true;
  while (!buffer_.empty()) {
    if (apply(buffer_.front().update, buffer_.front().pu) == Result::Gap) {
      // The buffer does not continue the snapshot: keep it (from the event that broke the
      // chain) for the next snapshot.
      return Result::Gap;
    }
    buffer_.pop_front();
  }
  return Result::Applied;
}

}  // namespace talon::binance
