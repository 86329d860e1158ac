// Binance's documented local order book procedure (spot and USDⓈ-M), including gaps.
#include <gtest/gtest.h>

#include <talon/binance/depth_sync.hpp>

namespace talon::binance {
namespace {

DepthUpdate upd(std::uint64_t U, std::uint64_t u, const char* bid_price, const char* qty) {
  DepthUpdate d;
  d.first_update_id = U;
  d.final_update_id = u;
  d.changes.push_back({true, Decimal::parse(bid_price), Decimal::parse(qty)});
  return d;
}

DepthSnapshot snap(std::uint64_t id) {
  DepthSnapshot s;
  s.last_update_id = id;
  s.levels.push_back({true, Decimal::parse("100"), Decimal::parse("1")});
  s.levels.push_back({false, Decimal::parse("101"), Decimal::parse("1")});
  return s;
}

using R = DepthSync::Result;

TEST(DepthSync, SpotBuffersThenReplaysFromTheSnapshot) {
  DepthSync s(Market::Spot);
  EXPECT_EQ(s.on_update(upd(10, 12, "99", "1")), R::Buffered);
  EXPECT_EQ(s.on_update(upd(13, 15, "98", "2")), R::Buffered);
  EXPECT_EQ(s.on_update(upd(16, 16, "99", "0")), R::Buffered);
  EXPECT_EQ(s.on_snapshot(snap(13)), R::Applied);  // drops 10..12, 13..15 contains 14
  EXPECT_FALSE(s.needs_snapshot());
  EXPECT_EQ(s.buffered(), 0U);
  EXPECT_EQ(s.book().quantity_at(true, Decimal::parse("98")), Decimal::parse("2"));
  EXPECT_TRUE(s.book().quantity_at(true, Decimal::parse("99")).is_zero());
  EXPECT_EQ(s.on_update(upd(17, 18, "97", "3")), R::Applied);
  EXPECT_EQ(s.on_update(upd(17, 18, "97", "3")), R::Dropped);  // duplicate
}

TEST(DepthSync, SpotSnapshotOlderThanTheStreamIsStale) {
  DepthSync s(Market::Spot);
  s.on_update(upd(20, 25, "99", "1"));
  EXPECT_EQ(s.on_snapshot(snap(10)), R::StaleSnapshot);
  EXPECT_TRUE(s.needs_snapshot());
  EXPECT_EQ(s.on_snapshot(snap(21)), R::Applied);
}

TEST(DepthSync, SpotGapClearsTheBookAndAsksForASnapshot) {
  DepthSync s(Market::Spot);
  ASSERT_EQ(s.on_snapshot(snap(5)), R::Applied);
  EXPECT_EQ(s.on_update(upd(6, 8, "99", "1")), R::Applied);
  EXPECT_EQ(s.on_update(upd(10, 12, "98", "1")), R::Gap);  // 9 missing
  EXPECT_TRUE(s.needs_snapshot());
  EXPECT_EQ(s.gaps(), 1U);
  EXPECT_FALSE(s.book().best_bid().has_value());
  EXPECT_EQ(s.buffered(), 1U);  // the newer event starts the next buffer
  EXPECT_EQ(s.on_update(upd(13, 14, "97", "1")), R::Buffered);
  EXPECT_EQ(s.on_snapshot(snap(12)), R::Applied);
  EXPECT_EQ(s.book().quantity_at(true, Decimal::parse("97")), Decimal::parse("1"));
}

TEST(DepthSync, UsdmUsesPreviousFinalId) {
  DepthSync s(Market::UsdM);
  s.on_update(upd(100, 110, "99", "1"), 95);
  s.on_update(upd(111, 120, "98", "1"), 110);
  // USDⓈ-M: the first event must satisfy U <= lastUpdateId <= u.
  EXPECT_EQ(s.on_snapshot(snap(105)), R::Applied);
  EXPECT_EQ(s.on_update(upd(121, 125, "97", "1"), 120), R::Applied);
  // pu must equal the previous u, whatever U says.
  EXPECT_EQ(s.on_update(upd(126, 130, "96", "1"), 124), R::Gap);
  EXPECT_TRUE(s.needs_snapshot());
}

TEST(DepthSync, BufferIsBounded) {
  DepthSync s(Market::Spot, 2);
  s.on_update(upd(1, 1, "1", "1"));
  s.on_update(upd(2, 2, "1", "1"));
  s.on_update(upd(3, 3, "1", "1"));
  EXPECT_EQ(s.buffered(), 2U);
  EXPECT_EQ(s.on_snapshot(snap(0)), R::StaleSnapshot);  // event 1 was dropped
}

}  // namespace
}  // namespace talon::binance
