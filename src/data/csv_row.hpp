#pragma once
// Private to the data module: a comma-separated line cursor whose every failure names
// "<source>:<line>: <field>: <why>", the one error format of every talon reader.

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <talon/core/decimal.hpp>
#include <talon/core/error.hpp>
#include <talon/core/timestamp.hpp>

namespace talon::detail {

/// Times below this are milliseconds (it is year 5138 in ms), at or above it microseconds:
/// Binance spot files switched from ms to µs on 2025-01-01; futures files stayed in ms.
inline constexpr std::int64_t kMicrosThreshold = 100'000'000'000'000;

/// A Binance epoch time `v` >= 0: milliseconds below kMicrosThreshold, microseconds at or
/// above it. Nullopt when that instant is after 2262-04-11 (nanosecond times land here).
inline std::optional<Timestamp> binance_epoch_time(std::int64_t v) {
  return v >= kMicrosThreshold ? Timestamp::checked_from_us(v) : Timestamp::checked_from_ms(v);
}

/// Why binance_epoch_time(v) refused `v`, for "<file>:<line>: <field>: <why>".
inline std::string binance_time_range_error(std::int64_t v) {
  return fmt::format(
      "time {} is out of range: read as {} it is after 2262-04-11 ({}); Binance files hold "
      "milliseconds or microseconds since the epoch, not nanoseconds",
      v, v >= kMicrosThreshold ? "microseconds" : "milliseconds", kTimestampRangeText);
}

/// Iterates the lines of a text, counting them from 1, stripping a trailing '\r'.
class LineCursor {
 public:
  /// A UTF-8 byte-order mark at the start of `text` is skipped (spreadsheets write one).
  explicit LineCursor(std::string_view text) : text_(text) {
    if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
  }
  /// Next line (possibly empty) or nullopt at the end.
  std::optional<std::string_view> next() {
    if (pos_ >= text_.size()) return std::nullopt;
    std::size_t nl = text_.find('\n', pos_);
    if (nl == std::string_view::npos) nl = text_.size();
    std::string_view line = text_.substr(pos_, nl - pos_);
    pos_ = nl + 1;
    ++line_no_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  }
  std::size_t line_no() const { return line_no_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_no_ = 0;
};

/// The fields of one CSV line (no quoting: no Binance or OHLCV file quotes numbers), with
/// parsers that throw DataError naming source, line and the field's name.
template <std::size_t MaxFields = 16>
class Row {
 public:
  Row(std::string_view source, const std::string_view* names, std::size_t n_names)
      : source_(source), names_(names), n_names_(n_names) {}

  /// Splits `line` (line number `line_no`) on `sep`. Throws DataError beyond MaxFields.
  void split(std::string_view line, std::size_t line_no, char sep = ',') {
    line_no_ = line_no;
    n_ = 0;
    std::size_t start = 0;
    while (n_ < MaxFields) {
      const std::size_t comma = line.find(sep, start);
      if (comma == std::string_view::npos) {
        f_[n_++] = line.substr(start);
        return;
      }
      f_[n_++] = line.substr(start, comma - start);
      start = comma + 1;
    }
    fail_row(fmt::format("more than {} fields", MaxFields));
  }

  std::size_t size() const { return n_; }
  std::string_view operator[](std::size_t i) const { return f_[i]; }
  std::size_t line_no() const { return line_no_; }

  /// Throws DataError "<source>:<line>: short row: ..." unless the row has `n` fields
  /// (or at least `n` when `at_least`).
  void expect_fields(std::size_t n, bool at_least = false) const {
    if (n_ == n || (at_least && n_ > n)) return;
    fail_row(fmt::format("{} row: expected {}{} fields, found {}", n_ < n ? "short" : "long",
                         at_least ? "at least " : "", n, n_));
  }

  [[noreturn]] void fail_row(std::string_view why) const {
    throw DataError(fmt::format("{}:{}: {}", source_, line_no_, why));
  }
  [[noreturn]] void fail(std::size_t col, std::string_view why) const {
    throw DataError(fmt::format("{}:{}: {}: {}", source_, line_no_, name(col), why));
  }
  std::string_view name(std::size_t col) const {
    return col < n_names_ ? names_[col] : std::string_view("field");
  }

  std::int64_t integer(std::size_t col) const {
    const std::string_view f = f_[col];
    if (f.empty()) fail(col, "empty field, expected an integer");
    std::int64_t v = 0;
    std::size_t i = f[0] == '-' ? 1 : 0;
    if (i == f.size()) fail(col, fmt::format("not an integer: '{}'", f));
    for (; i < f.size(); ++i) {
      const char c = f[i];
      if (c < '0' || c > '9') fail(col, fmt::format("not an integer: '{}'", f));
      if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, c - '0', &v)) {
        fail(col, fmt::format("integer out of range: '{}'", f));
      }
    }
    return f[0] == '-' ? -v : v;
  }

  /// Unix epoch time in ms or µs (by magnitude, see kMicrosThreshold); fails naming the
  /// field when negative or after 2262.
  Timestamp epoch_time(std::size_t col) const {
    const std::int64_t v = integer(col);
    if (v < 0) fail(col, fmt::format("negative time {}", v));
    const auto t = binance_epoch_time(v);
    if (!t) fail(col, binance_time_range_error(v));
    return *t;
  }

  Decimal decimal(std::size_t col) const {
    const auto d = Decimal::try_parse(f_[col]);
    if (!d) {
      if (f_[col].empty()) fail(col, "empty field, expected a number");
      fail(col,
           fmt::format("not a decimal number with at most 8 fractional digits: '{}'", f_[col]));
    }
    return *d;
  }

  Decimal positive(std::size_t col) const {
    const Decimal d = decimal(col);
    if (!d.is_positive()) fail(col, fmt::format("must be positive, got {}", f_[col]));
    return d;
  }

  Decimal non_negative(std::size_t col) const {
    const Decimal d = decimal(col);
    if (d.is_negative()) fail(col, fmt::format("must not be negative, got {}", f_[col]));
    return d;
  }

  /// "true"/"false" in any case (spot files write True/False, futures true/false).
  bool boolean(std::size_t col) const {
    const std::string_view f = f_[col];
    if (f.size() == 4 && (f[0] | 0x20) == 't' && (f[1] | 0x20) == 'r' && (f[2] | 0x20) == 'u' &&
        (f[3] | 0x20) == 'e') {
      return true;
    }
    if (f.size() == 5 && (f[0] | 0x20) == 'f' && (f[1] | 0x20) == 'a' && (f[2] | 0x20) == 'l' &&
        (f[3] | 0x20) == 's' && (f[4] | 0x20) == 'e') {
      return false;
    }
    fail(col, fmt::format("expected true or false, got '{}'", f));
  }

 private:
  std::string_view source_;
  const std::string_view* names_;
  std::size_t n_names_;
  std::array<std::string_view, MaxFields> f_{};
  std::size_t n_ = 0;
  std::size_t line_no_ = 0;
};

/// True when the field cannot start a number: the first line of the file is a header.
inline bool looks_like_header(std::string_view first_field) {
  return first_field.empty() || !((first_field[0] >= '0' && first_field[0] <= '9') ||
                                  first_field[0] == '-' || first_field[0] == '+');
}

}  // namespace talon::detail
