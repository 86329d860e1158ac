// Timestamps: UTC nanoseconds and ISO-8601 / RFC 3339 text, against known epoch values.

#include <gtest/gtest.h>

#include <talon/core/error.hpp>
#include <talon/core/timestamp.hpp>

namespace talon {
namespace {

TEST(Timestamp, ParsesBinanceOpenTimes) {
  // 1747699200000 ms is the first bar of the BTCUSDT sample: 2025-05-20T00:00:00Z.
  EXPECT_EQ(parse_iso8601("2025-05-20T00:00:00Z"), Timestamp::from_ms(1747699200000));
  EXPECT_EQ(parse_iso8601("2025-05-20"), Timestamp::from_ms(1747699200000));
  EXPECT_EQ(parse_iso8601("2025-05-20 00:00:00"), Timestamp::from_ms(1747699200000));
  // The fixtures' clock: 1700000000000 ms = 2023-11-14T22:13:20.000Z.
  EXPECT_EQ(parse_iso8601("2023-11-14T22:13:20.000Z"), Timestamp::from_ms(1700000000000));
}

TEST(Timestamp, FractionalSecondsKeepNanoseconds) {
  EXPECT_EQ(parse_iso8601("1970-01-01T00:00:00.000000001Z").ns, 1);
  EXPECT_EQ(parse_iso8601("1970-01-01T00:00:01.5Z").ns, 1'500'000'000);
  EXPECT_EQ(to_iso8601(Timestamp::from_ns(1'500'000'000)), "1970-01-01T00:00:01.500Z");
  EXPECT_EQ(to_iso8601(Timestamp::from_ns(1'000'001'000)), "1970-01-01T00:00:01.000001Z");
  EXPECT_EQ(to_iso8601(Timestamp::from_ns(1'000'000'001)), "1970-01-01T00:00:01.000000001Z");
}

TEST(Timestamp, OffsetsAreConvertedToUtc) {
  EXPECT_EQ(parse_iso8601("2025-05-20T02:00:00+02:00"), parse_iso8601("2025-05-20T00:00:00Z"));
  EXPECT_EQ(parse_iso8601("2025-05-19T19:00:00-0500"), parse_iso8601("2025-05-20T00:00:00Z"));
}

TEST(Timestamp, FormatsRfc3339InUtc) {
  EXPECT_EQ(to_iso8601(Timestamp::from_ms(1747699200000)), "2025-05-20T00:00:00Z");
  EXPECT_EQ(to_iso8601(Timestamp::from_ms(1755541679999)), "2025-08-18T18:27:59.999Z");
  EXPECT_EQ(to_iso8601(Timestamp{}), "1970-01-01T00:00:00Z");
  EXPECT_EQ(to_iso8601(Timestamp::from_seconds(-1)), "1969-12-31T23:59:59Z");
  EXPECT_EQ(to_iso_date(Timestamp::from_ms(1755541679999)), "2025-08-18");
}

TEST(Timestamp, LeapYearsFollowTheGregorianRules) {
  EXPECT_NO_THROW(parse_iso8601("2024-02-29"));
  EXPECT_NO_THROW(parse_iso8601("2000-02-29"));
  EXPECT_THROW(parse_iso8601("2025-02-29"), ParseError);
  EXPECT_THROW(parse_iso8601("1900-02-29"), ParseError);
  // 2024-03-01 is 19783 days after the epoch.
  EXPECT_EQ(parse_iso8601("2024-03-01").epoch_day(), 19783);
}

TEST(Timestamp, RoundTripsEveryDayOfFourCenturies) {
  for (std::int64_t day = -146097; day < 146097; day += 7) {
    const CivilDate c = civil_from_days(day);
    EXPECT_EQ(days_from_civil(c.year, c.month, c.day), day);
  }
}

TEST(Timestamp, RejectsMalformedText) {
  for (const char* s : {"", "2025", "2025-5-20", "2025-13-01", "2025-00-10", "2025-04-31",
                        "2025-05-20T24:00:00Z", "2025-05-20T12:60Z", "2025-05-20T12:00:00X",
                        "2025-05-20T12:00:00.Z", "2025-05-20T12:00:00.1234567891Z",
                        "2025-05-20T12:00:00Zjunk", "2025-05-20T12:00:00+25:00"}) {
    EXPECT_THROW(parse_iso8601(s), ParseError) << s;
  }
}

TEST(Timestamp, FloorToUtcDay) {
  const Timestamp t = parse_iso8601("2025-06-30T23:59:59.999Z");
  EXPECT_EQ(t.floor_to_day(), parse_iso8601("2025-06-30"));
  EXPECT_EQ(Timestamp::from_ms(-1).floor_to_day(), parse_iso8601("1969-12-31"));
}

// Untrusted dates outside 1677..2262 are refused by name instead of wrapping around.
TEST(Timestamp, RefusesDatesOutsideTheInt64NanosecondRange) {
  for (const char* text :
       {"9999-01-01", "2262-04-12", "2262-04-11T23:47:17Z", "1677-09-21", "1000-01-01T00:00:00Z",
        "2262-04-11T23:47:16.854775808Z", "2262-04-11T23:47:16-01:00"}) {
    try {
      (void)parse_iso8601(text);
      ADD_FAILURE() << text << " was accepted";
    } catch (const ParseError& e) {
      EXPECT_NE(std::string(e.what()).find("outside the range"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(parse_iso8601("2262-04-11T23:47:16.854775807Z").ns, INT64_MAX);
  EXPECT_EQ(parse_iso8601("1677-09-21T00:12:43.145224192Z").ns, INT64_MIN);
}

TEST(Timestamp, CheckedUnitConversionsRefuseOverflow) {
  EXPECT_EQ(Timestamp::checked_from_ms(1'748'736'000'000)->ns, 1'748'736'000'000'000'000);
  EXPECT_EQ(Timestamp::checked_from_us(1'748'736'000'000'000)->ns, 1'748'736'000'000'000'000);
  EXPECT_EQ(Timestamp::checked_from_seconds(-1)->ns, -1'000'000'000);
  EXPECT_FALSE(Timestamp::checked_from_ms(9'300'000'000'000'000));      // year 2264 in ms
  EXPECT_FALSE(Timestamp::checked_from_us(1'748'736'000'000'000'000));  // ns read as µs
  EXPECT_FALSE(Timestamp::checked_from_seconds(10'000'000'000'000));
  EXPECT_FALSE(Timestamp::checked_from_ms(INT64_MIN));
  EXPECT_TRUE(Timestamp::checked_from_us(INT64_MAX / 1000));
  EXPECT_FALSE(Timestamp::checked_from_us(INT64_MAX / 1000 + 1));
}

TEST(Timestamp, FormatsTheExtremesWithoutOverflow) {
  EXPECT_EQ(to_iso8601(Timestamp::from_ns(INT64_MIN)), "1677-09-21T00:12:43.145224192Z");
  EXPECT_EQ(to_iso8601(Timestamp::from_ns(INT64_MAX)), "2262-04-11T23:47:16.854775807Z");
}

}  // namespace
}  // namespace talon
