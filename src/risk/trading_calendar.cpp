#include <fmt/format.h>

#include <algorithm>
#include <array>

#include <talon/core/error.hpp>
#include <talon/risk/trading_calendar.hpp>

namespace talon {
namespace {

struct Date {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  auto operator<=>(const Date&) const = default;
};

// The NYSE's published closures and early closes (hours-calendars page).
constexpr std::array<Date, 41> kHolidays = {{
    {2024, 1, 1},   {2024, 1, 15},  {2024, 2, 19},  {2024, 3, 29},  {2024, 5, 27},  {2024, 6, 19},
    {2024, 7, 4},   {2024, 9, 2},   {2024, 11, 28}, {2024, 12, 25}, {2025, 1, 1},   {2025, 1, 9},
    {2025, 1, 20},  {2025, 2, 17},  {2025, 4, 18},  {2025, 5, 26},  {2025, 6, 19},  {2025, 7, 4},
    {2025, 9, 1},   {2025, 11, 27}, {2025, 12, 25}, {2026, 1, 1},   {2026, 1, 19},  {2026, 2, 16},
    {2026, 4, 3},   {2026, 5, 25},  {2026, 6, 19},  {2026, 7, 3},   {2026, 9, 7},   {2026, 11, 26},
    {2026, 12, 25}, {2027, 1, 1},   {2027, 1, 18},  {2027, 2, 15},  {2027, 3, 26},  {2027, 5, 31},
    {2027, 6, 18},  {2027, 7, 5},   {2027, 9, 6},   {2027, 11, 25}, {2027, 12, 24},
}};
constexpr std::array<Date, 9> kEarlyCloses = {{
    {2024, 7, 3},
    {2024, 11, 29},
    {2024, 12, 24},
    {2025, 7, 3},
    {2025, 11, 28},
    {2025, 12, 24},
    {2026, 11, 27},
    {2026, 12, 24},
    {2027, 11, 26},
}};

// 0 = Sunday .. 6 = Saturday; 1970-01-01 was a Thursday.
unsigned weekday(std::int64_t days) {
  return static_cast<unsigned>(((days % 7) + 11) % 7);
}

// Day number of the `n`th Sunday of a month (n ≥ 1).
std::int64_t nth_sunday(int year, unsigned month, int n) {
  const std::int64_t first = days_from_civil(year, month, 1);
  const std::int64_t to_sunday = (7 - weekday(first)) % 7;
  return first + to_sunday + 7 * (n - 1);
}

constexpr std::int64_t kHour = 3'600 * kNanosPerSecond;

void check_year(int year) {
  if (year < kNyseFirstYear || year > kNyseLastYear) {
    throw InvalidArgument(fmt::format("NYSE calendar: year {} is outside {}..{}", year,
                                      kNyseFirstYear, kNyseLastYear));
  }
}

}  // namespace

std::int64_t new_york_offset_ns(Timestamp t) noexcept {
  const int year = static_cast<int>(civil_from_days(t.epoch_day()).year);
  // 02:00 EST = 07:00 UTC; 02:00 EDT = 06:00 UTC.
  const std::int64_t start = nth_sunday(year, 3, 2) * kNanosPerDay + 7 * kHour;
  const std::int64_t end = nth_sunday(year, 11, 1) * kNanosPerDay + 6 * kHour;
  return (t.ns >= start && t.ns < end) ? -4 * kHour : -5 * kHour;
}

std::optional<TradingSession> nyse_session(int year, unsigned month, unsigned day) {
  check_year(year);
  const Date date{year, month, day};
  const std::int64_t days = days_from_civil(year, month, day);
  const unsigned wd = weekday(days);
  if (wd == 0 || wd == 6) return std::nullopt;
  if (std::binary_search(kHolidays.begin(), kHolidays.end(), date)) return std::nullopt;
  const bool early = std::binary_search(kEarlyCloses.begin(), kEarlyCloses.end(), date);
  // Local midnight as UTC: the offset at local noon is the day's offset (changes happen at
  // 02:00 on Sundays, never on a trading day).
  const std::int64_t noon_utc = days * kNanosPerDay + 17 * kHour;
  const std::int64_t midnight =
      days * kNanosPerDay - new_york_offset_ns(Timestamp::from_ns(noon_utc));
  TradingSession s;
  s.open = Timestamp::from_ns(midnight + 9 * kHour + 30 * 60 * kNanosPerSecond);
  s.close = Timestamp::from_ns(midnight + (early ? 13 : 16) * kHour);
  return s;
}

bool nyse_is_open(Timestamp t) {
  const Timestamp local = Timestamp::from_ns(t.ns + new_york_offset_ns(t));
  const CivilDate d = civil_from_days(local.epoch_day());
  const std::optional<TradingSession> s = nyse_session(static_cast<int>(d.year), d.month, d.day);
  return s && t >= s->open && t < s->close;
}

}  // namespace talon
