#pragma once
// UTC time as nanoseconds since the Unix epoch, with ISO-8601 text in and out.
// Leap seconds are not represented (POSIX time), as on every exchange API.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace talon {

/// Nanoseconds in common units; durations are plain int64 nanoseconds.
inline constexpr std::int64_t kNanosPerMicro = 1'000;
inline constexpr std::int64_t kNanosPerMilli = 1'000'000;
inline constexpr std::int64_t kNanosPerSecond = 1'000'000'000;
inline constexpr std::int64_t kNanosPerMinute = 60 * kNanosPerSecond;
inline constexpr std::int64_t kNanosPerHour = 60 * kNanosPerMinute;
inline constexpr std::int64_t kNanosPerDay = 24 * kNanosPerHour;

/// A UTC instant: nanoseconds since 1970-01-01T00:00:00Z. Range about 1677..2262.
struct Timestamp {
  std::int64_t ns = 0;

  static constexpr Timestamp from_ns(std::int64_t ns) noexcept { return {ns}; }
  static constexpr Timestamp from_us(std::int64_t us) noexcept { return {us * kNanosPerMicro}; }
  static constexpr Timestamp from_ms(std::int64_t ms) noexcept { return {ms * kNanosPerMilli}; }
  static constexpr Timestamp from_seconds(std::int64_t s) noexcept { return {s * kNanosPerSecond}; }

  /// Checked conversions for untrusted input: the instant `v` microseconds, milliseconds or
  /// seconds after the epoch (negative before it), or nullopt when it lies outside what int64
  /// nanoseconds hold (about 1677-09-21 .. 2262-04-11). The unchecked from_* above wrap.
  static constexpr std::optional<Timestamp> checked_from_us(std::int64_t v) noexcept {
    return checked_scale(v, kNanosPerMicro);
  }
  static constexpr std::optional<Timestamp> checked_from_ms(std::int64_t v) noexcept {
    return checked_scale(v, kNanosPerMilli);
  }
  static constexpr std::optional<Timestamp> checked_from_seconds(std::int64_t v) noexcept {
    return checked_scale(v, kNanosPerSecond);
  }
  /// `v` units of `unit_ns` nanoseconds after the epoch, or nullopt on int64 overflow.
  static constexpr std::optional<Timestamp> checked_scale(std::int64_t v,
                                                          std::int64_t unit_ns) noexcept {
    std::int64_t ns = 0;
    if (__builtin_mul_overflow(v, unit_ns, &ns)) return std::nullopt;
    return Timestamp{ns};
  }

  /// Milliseconds since the epoch, rounded toward negative infinity.
  constexpr std::int64_t unix_ms() const noexcept { return floor_div(ns, kNanosPerMilli); }
  /// Start of this instant's UTC day (00:00:00Z).
  constexpr Timestamp floor_to_day() const noexcept {
    return {floor_div(ns, kNanosPerDay) * kNanosPerDay};
  }
  /// Days since 1970-01-01 (negative before it).
  constexpr std::int64_t epoch_day() const noexcept { return floor_div(ns, kNanosPerDay); }

  constexpr auto operator<=>(const Timestamp&) const noexcept = default;

  static constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
  }
};

/// Parses ISO-8601 / RFC 3339 text into a UTC instant. Accepted forms:
/// "2025-05-20", "2025-05-20T13:45:00Z", "2025-05-20 13:45:00", "2025-05-20T13:45:00.123Z"
/// (1 to 9 fractional digits), and offsets "+02:00", "-0500" (converted to UTC); no
/// offset means UTC. Throws ParseError naming the text and what is wrong with it, also when
/// the instant is outside what a Timestamp holds (e.g. "9999-01-01": after 2262-04-11).
Timestamp parse_iso8601(std::string_view text);

/// RFC 3339 text in UTC with a 'Z' suffix: "2025-05-20T13:45:00Z", with 3, 6 or 9
/// fractional digits only when the instant has a sub-second part.
std::string to_iso8601(Timestamp t);

/// The calendar date "YYYY-MM-DD" of the instant in UTC.
std::string to_iso_date(Timestamp t);

/// Days since 1970-01-01 of a proleptic Gregorian civil date (month 1..12, day 1..31).
/// Algorithm: H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", days_from_civil.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept;

/// The text every range error quotes: what a Timestamp can hold.
inline constexpr std::string_view kTimestampRangeText =
    "talon times are UTC nanoseconds in int64: 1677-09-21T00:12:43Z .. 2262-04-11T23:47:16Z";

/// Civil date of a day count since 1970-01-01 (inverse of days_from_civil).
struct CivilDate {
  std::int64_t year;
  unsigned month;
  unsigned day;
};
CivilDate civil_from_days(std::int64_t days) noexcept;

}  // namespace talon
