#include <fmt/format.h>

#include <talon/core/error.hpp>
#include <talon/core/timestamp.hpp>

namespace talon {

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

CivilDate civil_from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2 ? 1 : 0), m, d};
}

namespace {

class IsoParser {
 public:
  explicit IsoParser(std::string_view text) : text_(text) {}

  Timestamp parse() {
    const std::int64_t year = digits(4, "year");
    expect('-');
    const auto month = static_cast<unsigned>(digits(2, "month"));
    expect('-');
    const auto day = static_cast<unsigned>(digits(2, "day"));
    if (month < 1 || month > 12) fail("month out of range");
    if (day < 1 || day > days_in_month(year, month)) fail("day out of range");
    // In 128 bits: the day's midnight may lie outside int64 while the instant does not.
    __int128 ns = static_cast<__int128>(days_from_civil(year, month, day)) * kNanosPerDay;
    if (at_end()) return checked(ns);

    if (peek() != 'T' && peek() != 't' && peek() != ' ') fail("expected 'T' after the date");
    ++pos_;
    const std::int64_t hour = digits(2, "hour");
    expect(':');
    const std::int64_t minute = digits(2, "minute");
    std::int64_t second = 0;
    if (!at_end() && peek() == ':') {
      ++pos_;
      second = digits(2, "second");
    }
    if (hour > 23 || minute > 59 || second > 59) fail("time of day out of range");
    ns += hour * kNanosPerHour + minute * kNanosPerMinute + second * kNanosPerSecond;

    if (!at_end() && (peek() == '.' || peek() == ',')) {
      ++pos_;
      std::int64_t frac = 0;
      int n = 0;
      while (!at_end() && is_digit(peek())) {
        if (n == 9) fail("more than 9 fractional second digits");
        frac = frac * 10 + (text_[pos_++] - '0');
        ++n;
      }
      if (n == 0) fail("expected digits after the decimal point");
      for (int i = n; i < 9; ++i) frac *= 10;
      ns += frac;
    }

    if (at_end()) return checked(ns);
    const char zone = text_[pos_++];
    if (zone == 'Z' || zone == 'z') {
      if (!at_end()) fail("unexpected text after 'Z'");
      return checked(ns);
    }
    if (zone != '+' && zone != '-') fail("expected 'Z' or a UTC offset");
    const std::int64_t oh = digits(2, "offset hours");
    if (!at_end() && peek() == ':') ++pos_;
    const std::int64_t om = digits(2, "offset minutes");
    if (!at_end()) fail("unexpected text after the UTC offset");
    if (oh > 23 || om > 59) fail("UTC offset out of range");
    const std::int64_t offset = oh * kNanosPerHour + om * kNanosPerMinute;
    return checked(zone == '+' ? ns - offset : ns + offset);
  }

 private:
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }
  static unsigned days_in_month(std::int64_t y, unsigned m) {
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : kDays[m - 1];
  }
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }
  [[noreturn]] void fail(std::string_view why) const {
    throw ParseError(fmt::format("invalid ISO-8601 timestamp '{}': {}", text_, why));
  }
  [[noreturn]] void fail_range() const {
    throw ParseError(
        fmt::format("invalid ISO-8601 timestamp '{}': outside the range of talon "
                    "times ({})",
                    text_, kTimestampRangeText));
  }
  Timestamp checked(__int128 ns) const {
    if (ns < INT64_MIN || ns > INT64_MAX) fail_range();
    return {static_cast<std::int64_t>(ns)};
  }
  void expect(char c) {
    if (at_end() || text_[pos_] != c) fail(fmt::format("expected '{}' at position {}", c, pos_));
    ++pos_;
  }
  std::int64_t digits(int n, std::string_view field) {
    std::int64_t v = 0;
    for (int i = 0; i < n; ++i) {
      if (at_end() || !is_digit(peek())) fail(fmt::format("expected {} digits of {}", n, field));
      v = v * 10 + (text_[pos_++] - '0');
    }
    return v;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

Timestamp parse_iso8601(std::string_view text) {
  return IsoParser(text).parse();
}

std::string to_iso_date(Timestamp t) {
  const CivilDate c = civil_from_days(t.epoch_day());
  return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
}

std::string to_iso8601(Timestamp t) {
  const std::int64_t day = t.epoch_day();
  // Not t.ns - day * kNanosPerDay: near the int64 minimum that product overflows.
  std::int64_t in_day = t.ns % kNanosPerDay;
  if (in_day < 0) in_day += kNanosPerDay;
  const CivilDate c = civil_from_days(day);
  const std::int64_t secs = in_day / kNanosPerSecond;
  const std::int64_t frac = in_day % kNanosPerSecond;
  std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", c.year, c.month, c.day,
                                secs / 3600, secs / 60 % 60, secs % 60);
  if (frac != 0) {
    if (frac % kNanosPerMilli == 0) {
      out += fmt::format(".{:03}", frac / kNanosPerMilli);
    } else if (frac % kNanosPerMicro == 0) {
      out += fmt::format(".{:06}", frac / kNanosPerMicro);
    } else {
      out += fmt::format(".{:09}", frac);
    }
  }
  out += 'Z';
  return out;
}

}  // namespace talon
