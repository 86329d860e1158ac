#pragma once
// Internal: typed reads of simdjson DOM fields for the Binance parsers. Every failure throws
// Malformed naming the field, which the public parse functions turn into a ParseStatus.

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>

namespace talon::binance::detail {

struct Malformed {
  std::string what;
};

using Element = simdjson::dom::element;
using Object = simdjson::dom::object;
using Array = simdjson::dom::array;

inline Object as_object(Element e, std::string_view what) {
  Object o;
  if (e.get(o) != simdjson::SUCCESS) throw Malformed{std::string(what) + " is not an object"};
  return o;
}

inline Array as_array(Element e, std::string_view what) {
  Array a;
  if (e.get(a) != simdjson::SUCCESS) throw Malformed{std::string(what) + " is not an array"};
  return a;
}

inline std::optional<Element> find(Object o, std::string_view key) {
  Element e;
  if (o.at_key(key).get(e) != simdjson::SUCCESS) return std::nullopt;
  return e;
}

inline Element field(Object o, std::string_view key) {
  if (auto e = find(o, key)) return *e;
  throw Malformed{"missing field \"" + std::string(key) + "\""};
}

inline std::string_view str_of(Element e, std::string_view key) {
  std::string_view s;
  if (e.get(s) != simdjson::SUCCESS)
    throw Malformed{"field \"" + std::string(key) + "\" is not a string"};
  return s;
}

inline std::string_view str(Object o, std::string_view key) {
  return str_of(field(o, key), key);
}

/// A string field, or "" when absent or null.
inline std::string_view str_or_empty(Object o, std::string_view key) {
  const auto e = find(o, key);
  if (!e || e->is_null()) return {};
  return str_of(*e, key);
}

inline std::int64_t int_of(Element e, std::string_view key) {
  std::int64_t v = 0;
  if (e.get(v) == simdjson::SUCCESS) return v;
  std::uint64_t u = 0;
  if (e.get(u) == simdjson::SUCCESS && u <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(u);
  throw Malformed{"field \"" + std::string(key) + "\" is not an integer"};
}

inline std::int64_t integer(Object o, std::string_view key) {
  return int_of(field(o, key), key);
}

inline std::uint64_t update_id(Object o, std::string_view key) {
  const std::int64_t v = integer(o, key);
  if (v < 0) throw Malformed{"field \"" + std::string(key) + "\" is negative"};
  return static_cast<std::uint64_t>(v);
}

inline bool boolean(Object o, std::string_view key) {
  bool b = false;
  if (field(o, key).get(b) != simdjson::SUCCESS)
    throw Malformed{"field \"" + std::string(key) + "\" is not a boolean"};
  return b;
}

inline Decimal decimal_text(std::string_view text, std::string_view key) {
  if (const auto d = Decimal::try_parse(text)) return *d;
  throw Malformed{"field \"" + std::string(key) + "\" is not a decimal: \"" +
                  std::string(text.substr(0, 40)) + "\""};
}

/// A decimal sent as a string (Binance sends prices and quantities as strings).
inline Decimal decimal(Object o, std::string_view key) {
  return decimal_text(str(o, key), key);
}

/// A decimal field, or zero when absent or null.
inline Decimal decimal_or_zero(Object o, std::string_view key) {
  const auto s = str_or_empty(o, key);
  return s.empty() ? Decimal{} : decimal_text(s, key);
}

inline Timestamp millis_of(std::int64_t ms, std::string_view key) {
  if (const auto t = Timestamp::checked_from_ms(ms)) return *t;
  throw Malformed{"field \"" + std::string(key) + "\" is out of the time range"};
}

/// A millisecond time field (Binance E, T, ...).
inline Timestamp millis(Object o, std::string_view key) {
  return millis_of(integer(o, key), key);
}

}  // namespace talon::binance::detail
