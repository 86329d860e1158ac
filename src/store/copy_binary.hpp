#pragma once
// PostgreSQL's binary COPY format (PostgreSQL 15 docs, "COPY", section "Binary Format"):
// a fixed header, then per row a 16-bit field count and per field a 32-bit length (-1 for
// NULL) and the value in the type's binary "send" form, then a -1 trailer. All integers are
// big-endian. Binary COPY spares the server the text parsing of NUMERIC and timestamptz,
// which dominates bulk inserts of market data, and spares the client the formatting.

#include <cstdint>
#include <string>

#include <talon/store/sql.hpp>

namespace talon::store_detail {

/// Type OIDs of the column types binary COPY writes (src/include/catalog/pg_type.dat).
namespace pg_oid {
inline constexpr std::uint32_t kBool = 16;
inline constexpr std::uint32_t kInt8 = 20;
inline constexpr std::uint32_t kInt2 = 21;
inline constexpr std::uint32_t kInt4 = 23;
inline constexpr std::uint32_t kText = 25;
inline constexpr std::uint32_t kJson = 114;
inline constexpr std::uint32_t kBpchar = 1042;
inline constexpr std::uint32_t kVarchar = 1043;
inline constexpr std::uint32_t kTimestamp = 1114;
inline constexpr std::uint32_t kTimestamptz = 1184;
inline constexpr std::uint32_t kNumeric = 1700;
inline constexpr std::uint32_t kUuid = 2950;
inline constexpr std::uint32_t kJsonb = 3802;
}  // namespace pg_oid

/// Whether `v` can be written in binary for a column of type `oid` (NULL always can).
/// False for other pairs, e.g. text for a NUMERIC column or an int64 beyond int4's range
/// for an INTEGER column: the caller then uses text COPY and lets the server judge.
bool binary_copy_accepts(std::uint32_t oid, const SqlValue& v) noexcept;

/// Appends the 19-byte header (signature, flags 0, no extension).
void append_copy_header(std::string& out);
/// Appends the start of a row of `fields` values.
void append_copy_row(std::string& out, std::uint16_t fields);
/// Appends one field: its length and its value for a column of type `oid`. Precondition:
/// binary_copy_accepts(oid, v).
void append_copy_field(std::string& out, std::uint32_t oid, const SqlValue& v);
/// Appends the end-of-data marker.
void append_copy_trailer(std::string& out);

/// The NUMERIC send form of `d`: 16-bit digit count, weight, sign and display scale, then
/// base-10000 digits, most significant first (src/backend/utils/adt/numeric.c,
/// numeric_send). Appended without the length word.
void append_numeric(std::string& out, Decimal d);

}  // namespace talon::store_detail
