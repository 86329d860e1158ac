// UUIDv7 layout (RFC 9562 §5.7) checked against the RFC's own test vector, and ordering
// and uniqueness of generated ids.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include <talon/core/error.hpp>
#include <talon/core/uuid.hpp>

#include "test_data.hpp"

namespace talon {
namespace {

nlohmann::json rfc_vectors() {
  std::ifstream in(test::test_data("rfc9562-test-vectors.json"));
  return nlohmann::json::parse(in);
}

TEST(UuidV7, RebuildsTheRfc9562AppendixA6Example) {
  const auto v7 = rfc_vectors()["uuidv7"];
  // unix_ts_ms 0x017F22E279B0, rand_a 0xCC3, rand_b 0b01 then 0x8C4DC0C0C07398F (62 bits).
  const std::uint64_t ms = std::stoull(v7["unix_ts_ms_hex"].get<std::string>(), nullptr, 16);
  const std::uint64_t rand_b = (std::uint64_t{0b01} << 60) | 0x8C4DC0C0C07398FULL;
  const Uuid u = Uuid::v7_from_fields(ms, 0xCC3, rand_b);
  EXPECT_EQ(u.to_string(), v7["final_lowercase"].get<std::string>());
  EXPECT_EQ(u.version(), 7u);
  EXPECT_EQ(u.variant(), 0b10u);
  EXPECT_EQ(u.unix_ts_ms(), v7["unix_ts_ms"].get<std::uint64_t>());
}

TEST(UuidV7, ParsesAndPrintsEitherCase) {
  const auto v7 = rfc_vectors()["uuidv7"];
  const Uuid u = Uuid::parse(v7["final"].get<std::string>());
  EXPECT_EQ(u.to_string(), v7["final_lowercase"].get<std::string>());
  EXPECT_EQ(Uuid::parse(u.to_string()), u);
  EXPECT_THROW(Uuid::parse("017f22e2-79b0-7cc3-98c4-dc0c0c07398"), ParseError);
  EXPECT_THROW(Uuid::parse("017f22e2x79b0-7cc3-98c4-dc0c0c07398f"), ParseError);
  EXPECT_THROW(Uuid::parse("017f22e2-79b0-7cc3-98c4-dc0c0c07398g"), ParseError);
}

TEST(UuidV7, GeneratedIdsHaveVersionVariantAndTime) {
  UuidV7Generator gen;
  const Uuid u = gen.next(1700000000000);
  EXPECT_EQ(u.version(), 7u);
  EXPECT_EQ(u.variant(), 0b10u);
  EXPECT_EQ(u.unix_ts_ms(), 1700000000000u);
  EXPECT_EQ(u.to_string().substr(0, 13), "018bcfe5-6800");  // 1700000000000 = 0x018BCFE56800
}

TEST(UuidV7, IdsInTheSameMillisecondStrictlyIncrease) {
  UuidV7Generator gen;
  Uuid prev = gen.next(1700000000000);
  std::set<Uuid> seen{prev};
  for (int i = 0; i < 100'000; ++i) {
    const Uuid u = gen.next(1700000000000);
    ASSERT_LT(prev, u) << i;
    ASSERT_EQ(u.unix_ts_ms(), 1700000000000u);
    seen.insert(u);
    prev = u;
  }
  EXPECT_EQ(seen.size(), 100'001u);
}

TEST(UuidV7, ClockGoingBackwardsNeverBreaksOrdering) {
  UuidV7Generator gen;
  const Uuid a = gen.next(1700000000500);
  const Uuid b = gen.next(1700000000000);  // earlier time: keeps the last time, counts on
  EXPECT_LT(a, b);
  EXPECT_EQ(b.unix_ts_ms(), 1700000000500u);
  const Uuid c = gen.next(1700000000501);
  EXPECT_LT(b, c);
}

TEST(UuidV7, WallClockIdsAreRecentAndDistinct) {
  const Uuid a = new_uuid_v7();
  const Uuid b = new_uuid_v7();
  EXPECT_NE(a, b);
  EXPECT_LT(a, b);
  EXPECT_GT(a.unix_ts_ms(), 1700000000000u);  // after 2023-11-14
  // Random bits differ between two generators started in the same millisecond.
  UuidV7Generator g1, g2;
  EXPECT_NE(g1.next(1700000000000), g2.next(1700000000000));
}

}  // namespace
}  // namespace talon
