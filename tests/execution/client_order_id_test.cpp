// Client order ids: idempotent submission and the reserved prefix, through the order
// manager and the simulated venue.

#include <gtest/gtest.h>

#include <talon/execution/order_manager.hpp>
#include <talon/venue/simulated_venue.hpp>

namespace talon {
namespace {

class ClientOrderIds : public ::testing::Test {
 protected:
  Instrument btc = *find_builtin_instrument("BTCUSDT");
  Portfolio portfolio{Decimal::from_int(1000)};
  SimulatedVenue venue{btc, SimulatedVenueConfig{}};
  OrderManager orders{btc, portfolio, venue};
  Timestamp now = parse_iso8601("2025-06-01T00:00:59.999Z");
};

TEST_F(ClientOrderIds, SameIdTwiceCreatesOneOrder) {
  OrderRequest buy;
  buy.client_order_id = ClientOrderId("my-entry-1");
  buy.quote_quantity = Decimal::from_int(100);
  EXPECT_EQ(orders.submit(buy, now), "my-entry-1");
  EXPECT_EQ(orders.submit(buy, now), "my-entry-1");
  EXPECT_EQ(orders.orders().size(), 1u);
  EXPECT_EQ(orders.locked_cash(), Decimal::from_int(100));  // locked once, not twice
}

TEST_F(ClientOrderIds, AssignedIdsAreSequentialAndTheirPrefixIsReserved) {
  OrderRequest buy;
  buy.quote_quantity = Decimal::from_int(10);
  EXPECT_EQ(orders.submit(buy, now), "talon-1");
  EXPECT_EQ(orders.submit(buy, now), "talon-2");
  buy.client_order_id = ClientOrderId("talon-3");
  EXPECT_EQ(orders.submit(buy, now), "talon-3");
  EXPECT_EQ(orders.orders().back().status, OrderStatus::Rejected);
  EXPECT_NE(orders.orders().back().reject_reason.find("reserved"), std::string::npos);
  buy.client_order_id = {};  // the next assigned id skips nothing
  EXPECT_EQ(orders.submit(buy, now), "talon-3");
}

TEST_F(ClientOrderIds, RequestBreakingTheLotSizeIsRejectedWithTheRuleNamed) {
  OrderRequest sell;
  sell.side = OrderSide::Sell;
  sell.quantity = Decimal::parse("0.000001");  // finer than BTCUSDT's lot 0.00001
  orders.submit(sell, now);
  ASSERT_EQ(orders.orders().size(), 1u);
  EXPECT_EQ(orders.orders()[0].status, OrderStatus::Rejected);
  EXPECT_EQ(orders.orders()[0].reject_reason.rfind("LOT_SIZE:", 0), 0u)
      << orders.orders()[0].reject_reason;
  EXPECT_EQ(orders.open_order_count(), 0u);
}

TEST_F(ClientOrderIds, QuoteQuantityAboveFreeCashIsRejected) {
  OrderRequest buy;
  buy.quote_quantity = Decimal::parse("1000.00000001");
  orders.submit(buy, now);
  EXPECT_EQ(orders.orders()[0].status, OrderStatus::Rejected);
  EXPECT_EQ(orders.orders()[0].reject_reason.rfind("insufficient balance", 0), 0u);
  EXPECT_TRUE(orders.locked_cash().is_zero());
}

}  // namespace
}  // namespace talon
