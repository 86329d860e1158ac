#pragma once
// The New York Stock Exchange's regular session for 2024–2027: 09:30–16:00 America/New_York
// on weekdays, closed on the exchange's holidays, closing at 13:00 on its early-close days.
// Source of the holidays and early closes: NYSE, "Holidays & Trading Hours",
// https://www.nyse.com/markets/hours-calendars (also the closure of 9 January 2025, the
// national day of mourning for President Carter). Daylight saving time follows US law
// (Energy Policy Act of 2005): from the second Sunday of March 02:00 EST to the first Sunday
// of November 02:00 EDT, computed here rather than read from a time-zone database so that
// the answer does not depend on the machine.

#include <cstdint>
#include <optional>

#include <talon/core/timestamp.hpp>

namespace talon {

/// One day's regular session, UTC.
struct TradingSession {
  Timestamp open;   ///< 09:30 New York time
  Timestamp close;  ///< 16:00, or 13:00 on an early-close day (exclusive)
};

/// First and last year the calendar knows.
inline constexpr int kNyseFirstYear = 2024;
inline constexpr int kNyseLastYear = 2027;

/// Offset of New York from UTC at instant `t` in ns: −4 h during daylight saving time, −5 h
/// otherwise (any year of the Gregorian calendar).
std::int64_t new_york_offset_ns(Timestamp t) noexcept;

/// The session of the New York calendar day `year-month-day`; nullopt on a weekend or a
/// holiday. Throws InvalidArgument for a year outside 2024..2027 (no official list).
std::optional<TradingSession> nyse_session(int year, unsigned month, unsigned day);

/// True when `t` is inside a regular session (open ≤ t < close). Throws InvalidArgument for
/// an instant whose New York date is outside 2024..2027.
bool nyse_is_open(Timestamp t);

}  // namespace talon
