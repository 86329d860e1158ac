// The order state machine: the union of seeds 000, 001 and 002, checked path by path.

#include <gtest/gtest.h>

#include <talon/core/error.hpp>
#include <talon/model/order.hpp>

namespace talon {
namespace {

using S = OrderStatus;
constexpr S kAll[] = {S::Pending,   S::Submitted, S::New,     S::PartiallyFilled, S::Filled,
                      S::Cancelled, S::Rejected,  S::Expired, S::Failed};

void walk(std::initializer_list<S> path) {
  Order o;
  o.client_order_id = ClientOrderId("t");
  auto it = path.begin();
  o.status = *it++;
  for (; it != path.end(); ++it) o.transition(*it, Timestamp::from_seconds(1));
}

TEST(OrderFsm, Seed000PathsAreLegal) {
  EXPECT_NO_THROW(walk({S::New, S::PartiallyFilled, S::Filled}));
  EXPECT_NO_THROW(walk({S::New, S::Filled}));
  EXPECT_NO_THROW(walk({S::New, S::Cancelled}));
  EXPECT_NO_THROW(walk({S::New, S::PartiallyFilled, S::Cancelled}));
}

TEST(OrderFsm, Seed001PathsAreLegal) {
  EXPECT_NO_THROW(walk({S::Pending, S::Submitted, S::Filled}));
  EXPECT_NO_THROW(walk({S::Pending, S::Submitted, S::Rejected}));
  EXPECT_NO_THROW(walk({S::Pending, S::Failed}));
}

TEST(OrderFsm, Seed002ExpiryAndPartialFillsAreLegal) {
  EXPECT_NO_THROW(
      walk({S::Pending, S::Submitted, S::New, S::PartiallyFilled, S::PartiallyFilled, S::Expired}));
  EXPECT_NO_THROW(walk({S::Pending, S::Rejected}));
}

TEST(OrderFsm, TerminalStatesAdmitNoTransition) {
  for (S from : kAll) {
    if (!is_terminal(from)) continue;
    for (S to : kAll) EXPECT_FALSE(is_legal_transition(from, to)) << to_string(from);
  }
}

TEST(OrderFsm, FailedIsOnlyReachableBeforeSubmission) {
  for (S from : kAll) {
    EXPECT_EQ(is_legal_transition(from, S::Failed), from == S::Pending) << to_string(from);
  }
}

TEST(OrderFsm, IllegalTransitionIsRefusedNamingBothStates) {
  Order o;
  o.client_order_id = ClientOrderId("abc");
  o.status = S::Filled;
  try {
    o.transition(S::New, Timestamp::from_seconds(1));
    FAIL() << "expected InvalidArgument";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("FILLED -> NEW"), std::string::npos) << e.what();
  }
  EXPECT_EQ(o.status, S::Filled);
}

TEST(OrderFsm, TransitionStampsFillAndCancelTimes) {
  Order o;
  o.status = S::New;
  o.transition(S::Filled, Timestamp::from_seconds(7));
  EXPECT_EQ(o.filled_at, Timestamp::from_seconds(7));
  Order c;
  c.status = S::New;
  c.transition(S::Expired, Timestamp::from_seconds(9));
  EXPECT_EQ(c.cancelled_at, Timestamp::from_seconds(9));
}

TEST(OrderTypes, WireNamesAreBinances) {
  EXPECT_EQ(to_string(OrderType::TrailingStop), "TRAILING_STOP");
  EXPECT_EQ(to_string(OrderType::TakeProfitLimit), "TAKE_PROFIT_LIMIT");
  EXPECT_EQ(to_string(TimeInForce::Gtx), "GTX");
  EXPECT_EQ(to_string(PositionSide::Short), "SHORT");
  EXPECT_TRUE(is_conditional(OrderType::StopLimit));
  EXPECT_FALSE(is_conditional(OrderType::Limit));
  EXPECT_TRUE(has_limit_price(OrderType::TakeProfitLimit));
  EXPECT_FALSE(has_limit_price(OrderType::StopMarket));
}

}  // namespace
}  // namespace talon
