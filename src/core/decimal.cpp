#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <ostream>

#include <talon/core/decimal.hpp>
#include <talon/core/error.hpp>

namespace talon {
namespace {

using Raw = Decimal::Raw;
using URaw = unsigned __int128;

constexpr Raw kRawMax = static_cast<Raw>(~URaw{0} >> 1);
constexpr Raw kRawMin = -kRawMax - 1;
constexpr int kMaxDigits = 38;  // 10^38 < 2^127

constexpr std::array<Raw, kMaxDigits + 1> make_pow10() {
  std::array<Raw, kMaxDigits + 1> p{};
  p[0] = 1;
  for (int i = 1; i <= kMaxDigits; ++i) p[i] = p[i - 1] * 10;
  return p;
}
constexpr auto kPow10 = make_pow10();

[[noreturn]] void overflow(const char* what) {
  throw ArithmeticError(std::string("decimal overflow in ") + what);
}

Raw checked_add(Raw a, Raw b, const char* what) {
  Raw r;
  if (__builtin_add_overflow(a, b, &r)) overflow(what);
  return r;
}

Raw checked_mul(Raw a, Raw b, const char* what) {
  Raw r;
  if (__builtin_mul_overflow(a, b, &r)) overflow(what);
  return r;
}

URaw magnitude(Raw v) {
  return v < 0 ? URaw(0) - static_cast<URaw>(v) : static_cast<URaw>(v);
}

// Rounds a quotient truncated toward zero, given as magnitudes: q of the quotient, r of the
// remainder, d of the divisor; `negative` is the sign of the exact result. Returns the
// signed result; ArithmeticError (naming `what`) when rounding away leaves the range.
inline Raw round_magnitude(URaw q, URaw r, URaw d, bool negative, Rounding mode, const char* what) {
  bool up = false;  // away from zero
  if (r != 0) {
    const URaw rest = d - r;
    switch (mode) {
      case Rounding::Down: break;
      case Rounding::Up: up = true; break;
      case Rounding::Floor: up = negative; break;
      case Rounding::Ceiling: up = !negative; break;
      case Rounding::HalfUp: up = r >= rest; break;
      case Rounding::HalfEven: up = r > rest || (r == rest && (q & 1) != 0); break;
    }
  }
  const URaw m = q + (up ? 1 : 0);
  const URaw limit = negative ? URaw{1} << 127 : (URaw{1} << 127) - 1;
  if (m > limit) overflow(what);
  return static_cast<Raw>(negative ? URaw(0) - m : m);
}

// As round_magnitude for a signed truncated quotient q (zero or of the result's sign).
// HalfEven must look at the parity of the whole quotient, not of whichever partial
// quotient produced the remainder.
Raw round_truncated(Raw q, URaw r, URaw d, bool negative, Rounding mode, const char* what) {
  return round_magnitude(magnitude(q), r, d, negative, mode, what);
}

// a * b / d (d > 0) rounded with `mode`, exact for every a and b whose true result fits:
// both operands are split at d so that no partial product exceeds the result's own size.
// Every partial product has the sign of a*b (C++ division truncates toward zero), so the
// whole quotient is the sum of the partial ones and only the last term leaves a remainder.
Raw mul_div(Raw a, Raw b, Raw d, Rounding mode, const char* what) {
  constexpr Raw kI64Max = INT64_MAX;
  if (a <= kI64Max && a >= -kI64Max && b <= kI64Max && b >= -kI64Max) {
    return div_round(a * b, d, mode);  // |a*b| < 2^126: exact in 128 bits
  }
  const Raw ah = a / d, al = a % d, bh = b / d, bl = b % d;
  Raw whole = checked_mul(checked_mul(ah, bh, what), d, what);
  whole = checked_add(whole, checked_mul(ah, bl, what), what);
  whole = checked_add(whole, checked_mul(al, bh, what), what);
  const Raw low = al * bl;  // |al|, |bl| < d <= 10^12: no overflow
  whole = checked_add(whole, low / d, what);
  return round_truncated(whole, magnitude(low % d), static_cast<URaw>(d), low < 0, mode, what);
}

// Writes `raw` as text ending at `end` and returns where it starts. places: fractional
// digits to print; -1 means "shortest". The integer part usually fits 64 bits, where a
// digit costs a multiply instead of a 128-bit division (a library call).
char* raw_to_text(Raw raw, int places, char* end) noexcept {
  const bool neg = raw < 0;
  const URaw u = neg ? URaw(0) - static_cast<URaw>(raw) : static_cast<URaw>(raw);
  const auto one = static_cast<std::uint64_t>(Decimal::kOne);
  URaw ip;
  std::uint64_t fp;
  if (u <= UINT64_MAX) {
    const auto u64 = static_cast<std::uint64_t>(u);
    ip = u64 / one;
    fp = u64 % one;
  } else {
    ip = u / one;
    fp = static_cast<std::uint64_t>(u % one);
  }
  char* p = end;
  int frac_digits = Decimal::kScale;
  if (places < 0) {
    while (frac_digits > 0 && fp % 10 == 0) {
      fp /= 10;
      --frac_digits;
    }
  } else {
    for (int i = places; i < Decimal::kScale; ++i) fp /= 10;
    frac_digits = places;
  }
  for (int i = 0; i < frac_digits; ++i) {
    *--p = static_cast<char>('0' + fp % 10);
    fp /= 10;
  }
  if (frac_digits > 0) *--p = '.';
  while (ip > UINT64_MAX) {
    *--p = static_cast<char>('0' + static_cast<int>(ip % 10));
    ip /= 10;
  }
  auto ip64 = static_cast<std::uint64_t>(ip);
  do {
    *--p = static_cast<char>('0' + ip64 % 10);
    ip64 /= 10;
  } while (ip64 != 0);
  if (neg && !(p[0] == '0' && p + 1 == end)) *--p = '-';
  return p;
}

std::string raw_to_text(Raw raw, int places) {
  char buf[Decimal::kMaxTextSize];
  char* const end = buf + sizeof buf;
  return std::string(raw_to_text(raw, places, end), end);
}

enum class ParseStatus { Ok, Malformed, Inexact, Overflow };

// Parses `text` into raw units. With no rounding mode, digits that would be lost make the
// result Inexact; with one, they are rounded. Any number of digits is accepted: a digit is
// kept when its weight is at least one raw unit (10^-8) and the value still fits, and the
// digits below a raw unit only decide the rounding (the first of them and whether any
// later one is non-zero), so every value to_string() prints parses back, the extremes of
// the 128-bit range included.
ParseStatus parse_raw(std::string_view text, const Rounding* mode, Raw& out) noexcept {
  const char* p = text.data();
  const char* const end = p + text.size();
  bool neg = false;
  if (p != end && (*p == '+' || *p == '-')) neg = (*p++ == '-');

  const char* const digits_begin = p;
  std::int64_t int_digits = 0;
  std::int64_t digits = 0;
  bool in_frac = false;
  for (; p != end; ++p) {
    const char c = *p;
    if (c >= '0' && c <= '9') {
      ++digits;
      if (!in_frac) ++int_digits;
    } else if (c == '.' && !in_frac) {
      in_frac = true;
    } else {
      break;
    }
  }
  const char* const digits_end = p;
  if (digits == 0) return ParseStatus::Malformed;

  std::int64_t exponent = 0;
  if (p != end && (*p == 'e' || *p == 'E')) {
    ++p;
    bool eneg = false;
    if (p != end && (*p == '+' || *p == '-')) eneg = (*p++ == '-');
    if (p == end) return ParseStatus::Malformed;
    for (; p != end && *p >= '0' && *p <= '9'; ++p) {
      exponent = exponent * 10 + (*p - '0');
      if (exponent > 10'000) return ParseStatus::Overflow;
    }
    if (eneg) exponent = -exponent;
  }
  if (p != end) return ParseStatus::Malformed;

  // Digit i (from 0, the point skipped) weighs 10^(kept - 1 - i) raw units: the first
  // `kept` digits are whole raw units, digit `kept` is the first one below.
  const std::int64_t kept = int_digits + exponent + Decimal::kScale;
  const URaw limit = neg ? URaw{1} << 127 : (URaw{1} << 127) - 1;
  URaw mag = 0;
  int first_dropped = 0;
  bool sticky = false;  // a non-zero digit after the first dropped one
  std::int64_t i = 0;
  for (const char* q = digits_begin; q != digits_end; ++q) {
    if (*q == '.') continue;
    const int d = *q - '0';
    if (i < kept) {
      if (mag > (limit - static_cast<URaw>(d)) / 10) return ParseStatus::Overflow;
      mag = mag * 10 + static_cast<URaw>(d);
    } else if (i == kept) {
      first_dropped = d;
    } else if (d != 0) {
      sticky = true;
    }
    ++i;
  }
  for (std::int64_t z = digits; mag != 0 && z < kept; ++z) {
    if (mag > limit / 10) return ParseStatus::Overflow;
    mag *= 10;
  }
  if (first_dropped != 0 || sticky) {
    if (mode == nullptr) return ParseStatus::Inexact;
    bool up = false;
    switch (*mode) {
      case Rounding::Down: break;
      case Rounding::Up: up = true; break;
      case Rounding::Floor: up = neg; break;
      case Rounding::Ceiling: up = !neg; break;
      case Rounding::HalfUp: up = first_dropped >= 5; break;
      case Rounding::HalfEven:
        up = first_dropped > 5 || (first_dropped == 5 && (sticky || (mag & 1) != 0));
        break;
    }
    if (up) {
      if (mag == limit) return ParseStatus::Overflow;
      ++mag;
    }
  }
  out = static_cast<Raw>(neg ? URaw(0) - mag : mag);
  return ParseStatus::Ok;
}

Decimal parse_or_throw(std::string_view text, const Rounding* mode) {
  Raw raw = 0;
  switch (parse_raw(text, mode, raw)) {
    case ParseStatus::Ok: return Decimal::from_raw(raw);
    case ParseStatus::Malformed:
      throw ParseError("not a decimal number: '" + std::string(text) + "'");
    case ParseStatus::Inexact:
      throw ParseError("more than 8 fractional digits in '" + std::string(text) +
                       "' (parse with a Rounding mode to accept it)");
    case ParseStatus::Overflow:
      throw ParseError("decimal out of range: '" + std::string(text) + "'");
  }
  throw ParseError("unparseable decimal '" + std::string(text) + "'");
}

}  // namespace

__int128 div_round(__int128 n, __int128 d, Rounding mode) {
#if defined(__x86_64__)
  // Fast path for the common case of a 64-bit divisor and a quotient that fits 64 bits:
  // one hardware 128/64 division instead of libgcc's generic 128-bit routine.
  if (d > 0 && d <= static_cast<Raw>(UINT64_MAX)) {
    const bool negative = n < 0;
    const URaw un = negative ? URaw(0) - static_cast<URaw>(n) : static_cast<URaw>(n);
    const auto hi = static_cast<std::uint64_t>(un >> 64);
    const auto dd = static_cast<std::uint64_t>(d);
    if (hi < dd) {
      std::uint64_t q;
      std::uint64_t r;
      const auto lo = static_cast<std::uint64_t>(un);
      asm("divq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "r"(dd));
      return round_magnitude(q, r, dd, negative, mode, "division");
    }
  }
#endif
  if (d == 0) throw ArithmeticError("decimal division by zero");
  if (d == kRawMin || (n == kRawMin && d == -1)) overflow("division");
  const Raw q = n / d;
  const Raw r = n % d;
  return round_truncated(q, magnitude(r), magnitude(d), (n < 0) != (d < 0), mode, "division");
}

Decimal Decimal::from_scaled(std::int64_t units, int scale) {
  if (scale < 0 || scale > kScale) {
    throw InvalidArgument("Decimal::from_scaled: scale " + std::to_string(scale) +
                          " outside [0, 8]");
  }
  return Decimal(static_cast<Raw>(units) * kPow10[kScale - scale]);
}

Decimal Decimal::parse(std::string_view text) {
  return parse_or_throw(text, nullptr);
}

Decimal Decimal::parse(std::string_view text, Rounding mode) {
  return parse_or_throw(text, &mode);
}

std::optional<Decimal> Decimal::try_parse_general(std::string_view text) noexcept {
  Raw raw = 0;
  if (parse_raw(text, nullptr, raw) != ParseStatus::Ok) return std::nullopt;
  return Decimal(raw);
}

std::string Decimal::to_string() const {
  return raw_to_text(raw_, -1);
}

char* Decimal::write_text(char* out) const noexcept {
  char buf[kMaxTextSize];
  char* const end = buf + sizeof buf;
  const char* begin = raw_to_text(raw_, -1, end);
  const auto n = static_cast<std::size_t>(end - begin);
  std::memcpy(out, begin, n);
  return out + n;
}

std::string Decimal::to_string(int places, Rounding mode) const {
  if (places < 0 || places > kScale) {
    throw InvalidArgument("Decimal::to_string: places " + std::to_string(places) +
                          " outside [0, 8]");
  }
  return raw_to_text(round_to_places(*this, places, mode).raw_, places);
}

double Decimal::to_double() const noexcept {
  return static_cast<double>(raw_) / static_cast<double>(kOne);
}

Decimal Decimal::from_double(double value, Rounding mode) {
  if (!std::isfinite(value)) throw ArithmeticError("Decimal::from_double: not a finite number");
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, value);
  Raw raw = 0;
  if (parse_raw(std::string_view(buf, static_cast<size_t>(res.ptr - buf)), &mode, raw) !=
      ParseStatus::Ok) {
    throw ArithmeticError("Decimal::from_double: out of range: " + std::string(buf, res.ptr));
  }
  return Decimal(raw);
}

Decimal Decimal::operator+(Decimal rhs) const {
  return Decimal(checked_add(raw_, rhs.raw_, "addition"));
}

Decimal Decimal::operator-(Decimal rhs) const {
  Raw r;
  if (__builtin_sub_overflow(raw_, rhs.raw_, &r)) overflow("subtraction");
  return Decimal(r);
}

Decimal Decimal::operator-() const {
  if (raw_ == kRawMin) overflow("negation");
  return Decimal(-raw_);
}

Decimal Decimal::operator*(std::int64_t rhs) const {
  return Decimal(checked_mul(raw_, rhs, "multiplication"));
}

Decimal Decimal::abs() const {
  return raw_ < 0 ? -*this : *this;
}

Decimal mul(Decimal a, Decimal b, Rounding mode) {
  return Decimal::from_raw(mul_div(a.raw(), b.raw(), Decimal::kOne, mode, "multiplication"));
}

Decimal div(Decimal a, Decimal b, Rounding mode) {
  if (b.is_zero()) throw ArithmeticError("decimal division by zero");
  const Raw q = a.raw() / b.raw();
  const Raw r = a.raw() % b.raw();
  const Raw whole = checked_mul(q, Decimal::kOne, "division");
  // a/b = q + r/b; the fraction r/b < 1 carries the sign of the quotient.
  Raw scaled_r;
  if (!__builtin_mul_overflow(r, static_cast<Raw>(Decimal::kOne), &scaled_r)) {
    return Decimal::from_raw(checked_add(whole, div_round(scaled_r, b.raw(), mode), "division"));
  }
  // |b| > 1.7e22: r * 10^8 does not fit 128 bits. Long division, one decimal digit at a
  // time; 10 * rem is formed by ten additions reduced modulo |b| so that nothing exceeds
  // 2 * |b| <= 2^128.
  const URaw ub = magnitude(b.raw());
  URaw rem = magnitude(r);
  URaw frac = 0;
  for (int digit = 0; digit < Decimal::kScale; ++digit) {
    URaw acc = 0;
    URaw next = 0;
    for (int k = 0; k < 10; ++k) {
      acc += rem;
      if (acc >= ub) {
        acc -= ub;
        ++next;
      }
    }
    rem = acc;
    frac = frac * 10 + next;
  }
  const bool negative = (r < 0) != (b.raw() < 0);
  const Raw signed_frac = negative ? -static_cast<Raw>(frac) : static_cast<Raw>(frac);
  return Decimal::from_raw(round_truncated(checked_add(whole, signed_frac, "division"), rem, ub,
                                           negative, mode, "division"));
}

Decimal round_to_step(Decimal value, Decimal step, Rounding mode) {
  if (!step.is_positive()) {
    throw InvalidArgument("round_to_step: step must be positive, got " + step.to_string());
  }
  const Raw steps = div_round(value.raw(), step.raw(), mode);
  return Decimal::from_raw(checked_mul(steps, step.raw(), "round_to_step"));
}

Decimal round_to_places(Decimal value, int places, Rounding mode) {
  if (places < 0 || places > Decimal::kScale) {
    throw InvalidArgument("round_to_places: places " + std::to_string(places) + " outside [0, 8]");
  }
  const Raw unit = kPow10[Decimal::kScale - places];
  return Decimal::from_raw(checked_mul(div_round(value.raw(), unit, mode), unit, "rounding"));
}

Decimal apply_bps(Decimal a, Decimal bps, Rounding mode) {
  return Decimal::from_raw(
      mul_div(a.raw(), bps.raw(), static_cast<Raw>(Decimal::kOne) * 10'000, mode, "apply_bps"));
}

std::ostream& operator<<(std::ostream& os, Decimal d) {
  return os << d.to_string();
}

}  // namespace talon
