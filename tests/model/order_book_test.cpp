// The L2 book's level arithmetic and Binance's sync rules on hand-made messages (the real
// feed is replayed in tests/venue/book_test.cpp).

#include <gtest/gtest.h>

#include <talon/core/error.hpp>
#include <talon/model/order_book.hpp>

namespace talon {
namespace {

Decimal D(const char* s) {
  return Decimal::parse(s);
}

DepthSnapshot snapshot() {
  DepthSnapshot s;
  s.last_update_id = 10;
  s.levels = {{true, D("99"), D("1")},
              {true, D("100"), D("2")},
              {false, D("101"), D("3")},
              {false, D("102"), D("4")}};
  return s;
}

DepthUpdate update(std::uint64_t first, std::uint64_t last, std::vector<DepthChange> c) {
  DepthUpdate u;
  u.first_update_id = first;
  u.final_update_id = last;
  u.changes = std::move(c);
  return u;
}

TEST(L2Book, BestLevelsAndQuantitiesFollowTheChanges) {
  L2Book b;
  b.load(snapshot());
  EXPECT_EQ(b.best_bid()->price, D("100"));
  EXPECT_EQ(b.best_ask()->price, D("101"));
  EXPECT_TRUE(b.apply(update(9, 11, {{true, D("100.5"), D("0.5")}, {false, D("101"), D("0")}})));
  EXPECT_EQ(b.best_bid()->price, D("100.5"));
  EXPECT_EQ(b.best_ask()->price, D("102"));
  EXPECT_EQ(b.quantity_at(true, D("100")), D("2"));
  EXPECT_TRUE(b.quantity_at(false, D("101")).is_zero());
  EXPECT_FALSE(b.crossed());
  EXPECT_EQ(b.last_update_id(), 11u);
}

TEST(L2Book, UpdatesOlderThanTheSnapshotAreDropped) {
  L2Book b;
  b.load(snapshot());
  EXPECT_FALSE(b.apply(update(5, 10, {{true, D("100"), D("9")}})));
  EXPECT_EQ(b.quantity_at(true, D("100")), D("2"));
}

TEST(L2Book, FirstUpdateMustCoverTheSnapshotId) {
  L2Book b;
  b.load(snapshot());
  EXPECT_THROW(b.apply(update(12, 13, {})), DataError);  // 11 was lost
}

TEST(L2Book, LaterUpdatesMustContinueTheLastId) {
  L2Book b;
  b.load(snapshot());
  b.apply(update(11, 12, {}));
  EXPECT_THROW(b.apply(update(14, 15, {})), DataError);
  EXPECT_TRUE(b.apply(update(13, 15, {})));
}

TEST(L2Book, UpdateBeforeAnySnapshotIsAnError) {
  L2Book b;
  EXPECT_THROW(b.apply(update(1, 2, {})), DataError);
}

}  // namespace
}  // namespace talon
