#include <sys/random.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <iterator>

#include <talon/core/error.hpp>
#include <talon/core/uuid.hpp>

namespace talon {
namespace {

void fill_random(void* out, std::size_t n) {
  auto* p = static_cast<unsigned char*>(out);
  while (n > 0) {
    const ssize_t got = getrandom(p, n, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw Error(std::string("getrandom failed: ") + std::strerror(errno));
    }
    p += got;
    n -= static_cast<std::size_t>(got);
  }
}

// Random words from the OS CSPRNG, fetched a page at a time: one getrandom call per 256
// ids instead of one per id keeps id generation off the hot path's syscall budget.
void random_words(std::uint64_t (&out)[2]) {
  struct Pool {
    std::uint64_t words[512]{};
    std::size_t next = 512;
  };
  thread_local Pool pool;
  if (pool.next + 2 > std::size(pool.words)) {
    fill_random(pool.words, sizeof pool.words);
    pool.next = 0;
  }
  out[0] = pool.words[pool.next++];
  out[1] = pool.words[pool.next++];
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr std::uint64_t kRandBMask = (std::uint64_t{1} << 62) - 1;
constexpr std::uint64_t kRandAMask = 0xFFF;

}  // namespace

std::uint64_t Uuid::unix_ts_ms() const noexcept {
  std::uint64_t ms = 0;
  for (int i = 0; i < 6; ++i) ms = (ms << 8) | bytes[i];
  return ms;
}

bool Uuid::is_nil() const noexcept {
  for (auto b : bytes) {
    if (b != 0) return false;
  }
  return true;
}

char* Uuid::write_text(char* out) const noexcept {
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) *out++ = '-';
    *out++ = kHex[bytes[i] >> 4];
    *out++ = kHex[bytes[i] & 0xF];
  }
  return out;
}

std::string Uuid::to_string() const {
  std::string out(kTextSize, '\0');
  write_text(out.data());
  return out;
}

Uuid Uuid::parse(std::string_view text) {
  Uuid u;
  if (text.size() != 36) {
    throw ParseError("invalid UUID '" + std::string(text) + "': expected 36 characters");
  }
  std::size_t b = 0;
  for (std::size_t i = 0; i < 36;) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') throw ParseError("invalid UUID '" + std::string(text) + "'");
      ++i;
      continue;
    }
    const int hi = hex_value(text[i]);
    const int lo = hex_value(text[i + 1]);
    if (hi < 0 || lo < 0) throw ParseError("invalid UUID '" + std::string(text) + "'");
    u.bytes[b++] = static_cast<std::uint8_t>(hi << 4 | lo);
    i += 2;
  }
  return u;
}

Uuid Uuid::v7_from_fields(std::uint64_t ms, std::uint16_t rand_a, std::uint64_t rand_b) noexcept {
  Uuid u;
  for (int i = 0; i < 6; ++i) u.bytes[i] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
  u.bytes[6] = static_cast<std::uint8_t>(0x70 | ((rand_a >> 8) & 0x0F));
  u.bytes[7] = static_cast<std::uint8_t>(rand_a);
  u.bytes[8] = static_cast<std::uint8_t>(0x80 | ((rand_b >> 56) & 0x3F));
  for (int i = 0; i < 7; ++i) u.bytes[9 + i] = static_cast<std::uint8_t>(rand_b >> (48 - 8 * i));
  return u;
}

Uuid UuidV7Generator::next() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return next(static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(now).count()));
}

Uuid UuidV7Generator::next(std::uint64_t unix_ts_ms) {
  if (!started_ || unix_ts_ms > last_ms_) {
    std::uint64_t r[2];
    random_words(r);
    last_ms_ = unix_ts_ms;
    // Leave the top bit of rand_a clear so that a burst of ids in one millisecond has
    // 2^73 increments of room before it must borrow the next millisecond.
    counter_hi_ = r[0] & (kRandAMask >> 1);
    counter_lo_ = r[1] & kRandBMask;
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

Uuid new_uuid_v7() {
  thread_local UuidV7Generator generator;
  return generator.next();
}

}  // namespace talon
