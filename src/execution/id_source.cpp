#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <string>

#include <talon/core/error.hpp>
#include <talon/execution/id_source.hpp>

namespace talon {
namespace {

constexpr std::uint64_t kRandAMask = (1ULL << 12) - 1;
constexpr std::uint64_t kRandBMask = (1ULL << 62) - 1;

}  // namespace

std::uint64_t UuidV7Source::random64() {
  if (used_ == pool_.size()) {
    auto* p = reinterpret_cast<unsigned char*>(pool_.data());
    std::size_t n = sizeof pool_;
    while (n > 0) {
      const ssize_t got = getrandom(p, n, 0);
      if (got < 0) {
        if (errno == EINTR) continue;
        throw Error(std::string("getrandom failed: ") + std::strerror(errno));
      }
      p += got;
      n -= static_cast<std::size_t>(got);
    }
    used_ = 0;
  }
  return pool_[used_++];
}

Uuid UuidV7Source::next(std::int64_t unix_ts_ms) {
  const std::uint64_t ms = unix_ts_ms < 0 ? 0 : static_cast<std::uint64_t>(unix_ts_ms);
  if (!started_ || ms > last_ms_) {
    last_ms_ = ms;
    // Top bit of rand_a clear: 2^73 increments of room within one millisecond.
    counter_hi_ = random64() & (kRandAMask >> 1);
    counter_lo_ = random64() & kRandBMask;
    started_ = true;
  } else if (++counter_lo_ > kRandBMask) {
    counter_lo_ = 0;
    if (++counter_hi_ > kRandAMask) {
      counter_hi_ = 0;
      ++last_ms_;
    }
  }
  return Uuid::v7_from_fields(last_ms_, static_cast<std::uint16_t>(counter_hi_), counter_lo_);
}

}  // namespace talon
