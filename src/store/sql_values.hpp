#pragma once
// Small helpers every store writer shares (private to the store): the wall clock for
// created_at/updated_at, and optional columns that are NULL when the value is absent.

#include <chrono>
#include <string>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/store/sql.hpp>

namespace talon::store_detail {

/// Now, UTC ns from the system clock.
inline Timestamp wall_now() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return Timestamp::from_ns(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count());
}

/// NULL for zero (a price or fee that does not apply), else the value.
inline SqlValue opt_decimal(Decimal d) {
  return d.is_zero() ? SqlValue{nullptr} : SqlValue{d};
}
/// NULL for the zero time (not happened), else the time.
inline SqlValue opt_time(Timestamp t) {
  return t.ns == 0 ? SqlValue{nullptr} : SqlValue{t};
}
/// NULL for empty text, else the text.
inline SqlValue opt_text(const std::string& s) {
  return s.empty() ? SqlValue{nullptr} : SqlValue{s};
}

}  // namespace talon::store_detail
