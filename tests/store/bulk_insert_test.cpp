// SqlConnection::bulk_insert, the path of every bulk write: binary COPY on PostgreSQL
// (text COPY when a value has no binary form for its column), multi-row prepared INSERTs on
// SQLite. What comes back is read through the server's own output functions, an
// independent check of talon's NUMERIC and timestamptz encodings.

#include <gtest/gtest.h>

#include <array>

#include "backends.hpp"

namespace talon::test {
namespace {

using BulkInsert = BackendTest;

constexpr std::array<std::string_view, 8> kColumns = {"n", "t", "i", "b", "s", "u", "f", "j"};

void create_scratch_table(SqlConnection& c) {
  if (c.dialect() == Dialect::Postgresql) {
    c.execute_script(
        "CREATE TABLE bulk_types (n NUMERIC(38,8), t TIMESTAMPTZ, i INTEGER, b BIGINT, "
        "s VARCHAR(40), u UUID, f BOOLEAN, j JSONB, k SERIAL PRIMARY KEY)");
  } else {
    c.execute_script(
        "CREATE TABLE bulk_types (n TEXT, t TEXT, i INTEGER, b BIGINT, s VARCHAR(40), u TEXT, "
        "f BOOLEAN, j TEXT, k INTEGER PRIMARY KEY)");
  }
}

std::vector<SqlValue> row(SqlValue n, SqlValue t, std::int64_t i) {
  return {std::move(n),
          std::move(t),
          SqlValue{i},
          SqlValue{std::int64_t{9'000'000'000} + i},
          SqlValue{std::string("tab\there, new\nline, back\\slash")},
          SqlValue{Uuid::parse("01938f6c-5b2a-7cde-8f01-23456789abcd")},
          SqlValue{i % 2 == 0},
          SqlValue{std::string(R"({"k": [1, 2]})")}};
}

TEST_P(BulkInsert, DecimalsAndTimesComeBackExactlyThroughTheServersOwnText) {
  create_scratch_table(sql());
  // Base-10000 group edges: zero, trailing zero groups, leading zero fractional groups,
  // a negative smallest step, 28 significant digits, and a value beyond DECIMAL(20,8).
  const char* const decimals[] = {"0",
                                  "10000",
                                  "100000000",
                                  "0.0001",
                                  "0.00010001",
                                  "-0.00000001",
                                  "12345.678",
                                  "-9999.9999",
                                  "999999999999.99999999",
                                  "123456789012345678901234.56789012"};
  // Before 1970 and before 2000 (negative on both epochs), sub-microsecond (floored).
  const Timestamp times[] = {
      parse_iso8601("1969-12-31T23:59:59.999999Z"), parse_iso8601("1999-12-31T23:59:59.5Z"),
      parse_iso8601("2000-01-01T00:00:00Z"),
      Timestamp::from_ns(parse_iso8601("2025-06-01T12:34:56.123456Z").ns + 789)};
  std::vector<SqlValue> values;
  for (std::size_t k = 0; k < std::size(decimals); ++k) {
    const auto r = row(Decimal::parse(decimals[k]), times[k % std::size(times)],
                       static_cast<std::int64_t>(k) - 3);
    values.insert(values.end(), r.begin(), r.end());
  }
  sql().bulk_insert("bulk_types", kColumns, values);
  const SqlResult back = sql().query("SELECT n, t, i, b, s, u, f, j FROM bulk_types ORDER BY k");
  ASSERT_EQ(back.rows.size(), std::size(decimals));
  for (std::size_t k = 0; k < back.rows.size(); ++k) {
    SCOPED_TRACE(decimals[k]);
    const SqlRow& r = back.rows[k];
    EXPECT_EQ(row_decimal(r, 0), Decimal::parse(decimals[k]));
    const Timestamp t = times[k % std::size(times)];
    EXPECT_EQ(row_time(r, 1).ns, t.ns - t.ns % 1000) << row_text(r, 1);
    EXPECT_EQ(row_int(r, 2), static_cast<std::int64_t>(k) - 3);
    EXPECT_EQ(row_int(r, 3), 9'000'000'000 + static_cast<std::int64_t>(k) - 3);
    EXPECT_EQ(row_text(r, 4), "tab\there, new\nline, back\\slash");
    EXPECT_EQ(row_text(r, 5), "01938f6c-5b2a-7cde-8f01-23456789abcd");
    EXPECT_EQ(row_bool(r, 6), k % 2 == 1);  // i = k - 3
  }
  if (is_pg()) {
    // The server's own text of the NUMERIC(38,8) values, fixed at 8 places.
    EXPECT_EQ(row_text(back.rows[1], 0), "10000.00000000");
    EXPECT_EQ(row_text(back.rows[5], 0), "-0.00000001");
    EXPECT_EQ(row_text(back.rows[0], 7), R"({"k": [1, 2]})");
    EXPECT_EQ(row_text(back.rows[0], 1), "1969-12-31 23:59:59.999999+00");
  }
}

TEST_P(BulkInsert, NullsAndValuesWithoutABinaryFormStillGoIn) {
  create_scratch_table(sql());
  // Text for the NUMERIC column: PostgreSQL falls back to text COPY and parses it.
  std::vector<SqlValue> values = row(std::string("42.5"), nullptr, 1);
  const auto second = row(nullptr, parse_iso8601("2025-06-01T00:00:00Z"), 2);
  values.insert(values.end(), second.begin(), second.end());
  sql().bulk_insert("bulk_types", kColumns, values);
  const SqlResult back = sql().query("SELECT n, t FROM bulk_types ORDER BY k");
  ASSERT_EQ(back.rows.size(), 2U);
  EXPECT_EQ(row_decimal(back.rows[0], 0), Decimal::parse("42.5"));
  EXPECT_FALSE(back.rows[0][1].has_value());
  EXPECT_FALSE(back.rows[1][0].has_value());
}

TEST_P(BulkInsert, ARefusedRowIsNamedAndNothingOfTheCallRemains) {
  create_scratch_table(sql());
  sql().execute_script(is_pg() ? "ALTER TABLE bulk_types ADD CHECK (n >= 0)"
                               : "CREATE TRIGGER no_negative BEFORE INSERT ON bulk_types "
                                 "WHEN CAST(NEW.n AS REAL) < 0 BEGIN "
                                 "SELECT RAISE(ABORT, 'CHECK constraint failed: n >= 0'); END");
  // 150 rows so that SQLite spans several multi-row statements; row 131 is refused.
  std::vector<SqlValue> values;
  for (int k = 1; k <= 150; ++k) {
    const auto r = row(Decimal::from_int(k == 131 ? -1 : k), nullptr, k);
    values.insert(values.end(), r.begin(), r.end());
  }
  {
    SqlTransaction tx(sql());  // bulk_insert opens none: the caller's transaction decides
    try {
      sql().bulk_insert("bulk_types", kColumns, values);
      FAIL() << "a negative n was stored";
    } catch (const SqlError& e) {
      EXPECT_NE(std::string(e.what()).find("row 131 of 150"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(count("bulk_types"), 0);
}

TALON_ON_BOTH_BACKENDS(BulkInsert);

}  // namespace
}  // namespace talon::test
