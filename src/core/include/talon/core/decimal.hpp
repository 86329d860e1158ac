#pragma once
// Exact decimal fixed-point numbers for prices, quantities, fees and PnL.
//
// A Decimal is a signed 128-bit count of 10^-8 units, so its range is
// -1701411834604692317316873037158.84105728 to 1701411834604692317316873037158.84105727
// (about ±1.7 * 10^30: 2^127 raw units). That covers the seeds' DECIMAL(20,8) (12 integer
// digits, 8 fractional) with room to spare: the product of two DECIMAL(20,8) maxima (about
// 10^24) is still representable. Every operation is exact or correctly rounded over the
// whole range; one whose result would fall outside it throws ArithmeticError; nothing wraps.
//
// Addition, subtraction and multiplication by an integer are exact. Multiplication and
// division of two Decimals can produce more than 8 fractional digits, so they take an
// explicit Rounding mode: there is deliberately no operator* or operator/ between Decimals.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <talon/core/rounding.hpp>

namespace talon {

class Decimal {
 public:
  using Raw = __int128;
  /// Number of fractional digits every Decimal carries.
  static constexpr int kScale = 8;
  /// Raw units in 1.0 (10^kScale).
  static constexpr std::int64_t kOne = 100'000'000;

  /// Zero.
  constexpr Decimal() noexcept = default;

  /// The Decimal whose raw value (count of 10^-8 units) is `raw`.
  static constexpr Decimal from_raw(Raw raw) noexcept { return Decimal(raw); }
  /// The integer `units` exactly (never overflows).
  static constexpr Decimal from_int(std::int64_t units) noexcept {
    return Decimal(static_cast<Raw>(units) * kOne);
  }
  /// units * 10^-scale exactly, e.g. from_scaled(12345, 2) == 123.45. `scale` in [0, 8].
  /// Throws InvalidArgument for a scale outside that range.
  static Decimal from_scaled(std::int64_t units, int scale);

  /// Parses plain decimal text: optional sign, digits, optional '.', digits, optional
  /// exponent (e/E and a signed integer of at most 5 digits), e.g. "105573.73", "-0.5",
  /// "1e-05". Any number of digits is accepted when the value is in range, so
  /// parse(d.to_string()) == d for every Decimal d.
  /// Throws ParseError naming the text when it is malformed, has a non-zero digit below
  /// 10^-8 (use the Rounding overload to accept those), or is out of range.
  static Decimal parse(std::string_view text);
  /// As parse(text), but digits beyond the 8th fractional one are rounded with `mode`.
  static Decimal parse(std::string_view text, Rounding mode);
  /// As parse(text) without throwing: nullopt when parse(text) would throw. The hot path of
  /// file readers and database reads, which add file, line and field to their own error:
  /// the plain form goes through parse_plain inline, anything else through the general
  /// parser.
  static std::optional<Decimal> try_parse(std::string_view text) noexcept {
    if (const auto d = parse_plain(text)) return d;
    return try_parse_general(text);
  }
  /// Exact fast path for the common text "[-]<1-12 digits>[.<1-8 digits>]" (what exchanges
  /// and databases write): the value parse(text) gives. nullopt means "not in this form",
  /// not "malformed" (signs '+', exponents, leading '.', more digits go to parse).
  static constexpr std::optional<Decimal> parse_plain(std::string_view text) noexcept;

  /// Shortest exact text: no exponent, no trailing fractional zeros, "0" for zero,
  /// e.g. "105573.73", "-0.00001". parse(to_string()) == *this for every value.
  std::string to_string() const;
  /// Longest text to_string() or write_text() produce: sign, 31 integer digits, '.', 8
  /// fractional digits (the int128 range).
  static constexpr std::size_t kMaxTextSize = 48;
  /// Writes the same text as to_string() to `out`, which must have room for kMaxTextSize
  /// chars; returns one past the last char written (no terminating NUL). For bulk writers
  /// that format millions of values into one buffer without allocating.
  char* write_text(char* out) const noexcept;
  /// Text with exactly `places` fractional digits (0..8), rounded with `mode` when the value
  /// has more, e.g. to_string(2, Rounding::HalfEven) == "105573.73".
  std::string to_string(int places, Rounding mode = Rounding::HalfEven) const;

  /// Nearest double (for statistics and indicators, never for money arithmetic).
  double to_double() const noexcept;
  /// The Decimal nearest to `value` after rounding to 8 fractional digits with `mode`.
  /// Throws ArithmeticError for NaN, infinities and values out of range.
  static Decimal from_double(double value, Rounding mode = Rounding::HalfEven);

  /// Raw count of 10^-8 units.
  constexpr Raw raw() const noexcept { return raw_; }
  constexpr bool is_zero() const noexcept { return raw_ == 0; }
  constexpr bool is_negative() const noexcept { return raw_ < 0; }
  constexpr bool is_positive() const noexcept { return raw_ > 0; }

  constexpr auto operator<=>(const Decimal&) const noexcept = default;

  /// Exact sum; throws ArithmeticError on overflow.
  Decimal operator+(Decimal rhs) const;
  /// Exact difference; throws ArithmeticError on overflow.
  Decimal operator-(Decimal rhs) const;
  /// Negation; throws ArithmeticError for the single value that has no negation.
  Decimal operator-() const;
  /// Exact product with an integer; throws ArithmeticError on overflow.
  Decimal operator*(std::int64_t rhs) const;
  Decimal& operator+=(Decimal rhs) { return *this = *this + rhs; }
  Decimal& operator-=(Decimal rhs) { return *this = *this - rhs; }

  /// Absolute value; throws ArithmeticError for the single value that has none.
  Decimal abs() const;

 private:
  static std::optional<Decimal> try_parse_general(std::string_view text) noexcept;
  constexpr explicit Decimal(Raw raw) noexcept : raw_(raw) {}
  Raw raw_ = 0;
};

constexpr std::optional<Decimal> Decimal::parse_plain(std::string_view f) noexcept {
  const bool neg = !f.empty() && f[0] == '-';
  if (neg) f.remove_prefix(1);
  const std::size_t n = f.size();
  if (n == 0 || n > 21) return std::nullopt;
  std::int64_t whole = 0;
  std::size_t i = 0;
  // At most 12 integer and 8 fractional digits are accumulated: a longer run goes to the
  // general parser before it can overflow int64.
  for (; i < n && i <= 12 && f[i] >= '0' && f[i] <= '9'; ++i) whole = whole * 10 + (f[i] - '0');
  if (i == 0 || i > 12) return std::nullopt;
  std::int64_t frac = 0;
  if (i < n) {
    if (f[i] != '.') return std::nullopt;
    const std::size_t start = ++i;
    for (; i < n && i - start <= 8 && f[i] >= '0' && f[i] <= '9'; ++i)
      frac = frac * 10 + (f[i] - '0');
    const std::size_t digits = i - start;
    if (i != n || digits == 0 || digits > 8) return std::nullopt;
    constexpr std::int64_t kPow[9] = {100000000, 10000000, 1000000, 100000, 10000,
                                      1000,      100,      10,      1};
    frac *= kPow[digits];
  }
  const Raw raw = static_cast<Raw>(whole) * kOne + frac;
  return Decimal(neg ? -raw : raw);
}

/// a * b rounded to 8 fractional digits with `mode`. Exact intermediate: no overflow unless
/// the result itself is out of range (then ArithmeticError).
Decimal mul(Decimal a, Decimal b, Rounding mode);
/// a / b rounded to 8 fractional digits with `mode`, correctly rounded for every a and b.
/// Throws ArithmeticError when b is zero or the result is out of range.
Decimal div(Decimal a, Decimal b, Rounding mode);
/// The multiple of `step` nearest to `value` in the direction of `mode`, e.g. lot-size
/// rounding round_to_step(0.123456, 0.00001, Down) == 0.12345. Throws InvalidArgument when
/// step is not positive.
Decimal round_to_step(Decimal value, Decimal step, Rounding mode);
/// `value` rounded to `places` fractional digits (0..8) with `mode`.
Decimal round_to_places(Decimal value, int places, Rounding mode);
/// a * bps / 10000 (basis points of a), rounded with `mode`: fees and slippage.
Decimal apply_bps(Decimal a, Decimal bps, Rounding mode);

/// Divides a 128-bit integer by a positive divisor with the given rounding. Exposed for the
/// few callers that work on raw units (ratios of raw values, scaled sums).
__int128 div_round(__int128 numerator, __int128 divisor, Rounding mode);

/// Writes the shortest text of `d` (as Decimal::to_string) into an output stream.
std::ostream& operator<<(std::ostream& os, Decimal d);

}  // namespace talon
