#pragma once
// UUIDs as RFC 9562 defines them, and a generator of version 7 (time-ordered) ids.

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace talon {

/// A 128-bit UUID in network byte order (RFC 9562 §4).
struct Uuid {
  std::array<std::uint8_t, 16> bytes{};

  /// Version field (bits 48..51), e.g. 7 for UUIDv7.
  unsigned version() const noexcept { return bytes[6] >> 4; }
  /// Variant field (top bits of octet 8); RFC 9562 UUIDs have 0b10.
  unsigned variant() const noexcept { return bytes[8] >> 6; }
  /// For UUIDv7: the 48-bit Unix timestamp in milliseconds (RFC 9562 §5.7 unix_ts_ms).
  std::uint64_t unix_ts_ms() const noexcept;
  bool is_nil() const noexcept;

  /// Lower-case 8-4-4-4-12 text, e.g. "017f22e2-79b0-7cc3-98c4-dc0c0c07398f".
  std::string to_string() const;
  /// Writes the same 36 characters to `out` (room for kTextSize), no terminator; returns the
  /// end. For writers that format many ids into one buffer without allocating.
  char* write_text(char* out) const noexcept;
  static constexpr std::size_t kTextSize = 36;
  /// Parses 8-4-4-4-12 hexadecimal text in either case; throws ParseError otherwise.
  static Uuid parse(std::string_view text);

  /// The UUIDv7 with these fields (RFC 9562 §5.7): 48-bit `unix_ts_ms`, 12-bit `rand_a`,
  /// 62-bit `rand_b`; version and variant bits are set here. Higher bits of each are ignored.
  static Uuid v7_from_fields(std::uint64_t unix_ts_ms, std::uint16_t rand_a,
                             std::uint64_t rand_b) noexcept;

  auto operator<=>(const Uuid&) const noexcept = default;
};

/// Hash for unordered containers keyed by Uuid (the random bits make any 8 bytes uniform).
struct UuidHash {
  std::size_t operator()(const Uuid& u) const noexcept {
    std::uint64_t h = 0;
    for (int i = 8; i < 16; ++i) h = (h << 8) | u.bytes[i];
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

/// Generates UUIDv7 ids that are unique and strictly increasing within one generator, even
/// for many ids in the same millisecond: RFC 9562 §6.2 method 2 ("monotonic random"), in
/// which the 74 random bits are seeded from the OS CSPRNG (getrandom) at each new
/// millisecond and incremented by one within it. Not thread-safe; use one per thread
/// (new_uuid_v7 does).
class UuidV7Generator {
 public:
  /// Id stamped with the current wall-clock time.
  Uuid next();
  /// Id stamped with `unix_ts_ms`; if that is not after the last id's time, the last time
  /// is reused and the counter advanced so that ids stay strictly increasing.
  Uuid next(std::uint64_t unix_ts_ms);

 private:
  std::uint64_t last_ms_ = 0;
  std::uint64_t counter_hi_ = 0;  // rand_a: 12 bits
  std::uint64_t counter_lo_ = 0;  // rand_b: 62 bits
  bool started_ = false;
};

/// Next UUIDv7 from this thread's generator, stamped with the wall clock.
Uuid new_uuid_v7();

}  // namespace talon
