// The multi-asset spot account: balances by asset, free and locked, shared by instruments.

#include <gtest/gtest.h>

#include <talon/core/error.hpp>
#include <talon/execution/spot_account.hpp>

namespace talon {
namespace {

Decimal D(const char* s) {
  return Decimal::parse(s);
}

Fill fill(OrderSide side, const char* price, const char* qty, const char* fee,
          const char* fee_currency = "USDT") {
  Fill f;
  f.side = side;
  f.price = D(price);
  f.quantity = D(qty);
  f.fee = D(fee);
  f.fee_currency = fee_currency;
  return f;
}

// 1000 USDT. BTCUSDT buys 0.005 at 100000 (500 + fee 0.5): USDT 499.5, BTC 0.005. ETHUSDT
// buys 0.1 at 2500 (250 + 0.25): USDT 249.25. BTC sells 0.002 at 110000 (220 − 0.22):
// USDT 469.03, BTC 0.003; its realized PnL 220 − 200 = 20 (cost released pro rata).
TEST(SpotAccount, InstrumentsMoveOneBalancePerAsset) {
  SpotAccount account({{"USDT", D("1000")}});
  SpotHolding& btc = account.add_instrument(*find_builtin_instrument("BTCUSDT"));
  SpotHolding& eth = account.add_instrument(*find_builtin_instrument("ETHUSDT"));
  const Order order;
  btc.apply_fill(fill(OrderSide::Buy, "100000", "0.005", "0.5"), order);
  EXPECT_EQ(account.balance("USDT").total(), D("499.5"));
  EXPECT_EQ(eth.available_quote(), D("499.5"));
  eth.apply_fill(fill(OrderSide::Buy, "2500", "0.1", "0.25"), order);
  btc.apply_fill(fill(OrderSide::Sell, "110000", "0.002", "0.22"), order);
  EXPECT_EQ(account.balance("USDT").total(), D("469.03"));
  EXPECT_EQ(account.balance("BTC").total(), D("0.003"));
  EXPECT_EQ(account.balance("ETH").total(), D("0.1"));
  EXPECT_EQ(btc.position(PositionSide::Both), D("0.003"));
  EXPECT_EQ(btc.book().realized_pnl(), D("20"));
  EXPECT_EQ(btc.book().cost_basis(), D("300"));
  EXPECT_EQ(eth.book().total_fees(), D("0.25"));
  // Selling more than this instrument bought is refused, whatever else is held.
  EXPECT_THROW(eth.apply_fill(fill(OrderSide::Sell, "2500", "0.2", "0"), order), InvalidArgument);
}

// What one instrument's orders lock is taken from the others' available quote, and shows
// as locked in the balance; a holding does not count its own (its order manager does).
TEST(SpotAccount, LockedByOneInstrumentIsNotAvailableToTheOther) {
  SpotAccount account({{"USDT", D("1000")}});
  SpotHolding& btc = account.add_instrument(*find_builtin_instrument("BTCUSDT"));
  SpotHolding& eth = account.add_instrument(*find_builtin_instrument("ETHUSDT"));
  btc.set_reservations([] { return D("600"); }, [] { return D("0"); });
  eth.set_reservations([] { return D("100"); }, [] { return D("0.05"); });
  EXPECT_EQ(eth.available_quote(), D("400"));
  EXPECT_EQ(btc.available_quote(), D("900"));
  EXPECT_EQ(account.balance("USDT").locked, D("700"));
  EXPECT_EQ(account.balance("USDT").free, D("300"));
  EXPECT_EQ(account.balance("ETH").locked, D("0.05"));
  EXPECT_THROW(account.add_instrument(*find_builtin_instrument("BTCUSDT")), InvalidArgument);
  EXPECT_THROW(account.add_instrument(*find_builtin_instrument("BTCUSDT", "BINANCE_USDM")),
               InvalidArgument);
}

}  // namespace
}  // namespace talon
