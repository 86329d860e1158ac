#pragma once
// A USDⓈ-margined perpetual futures account for one symbol: wallet balance, LONG/SHORT
// positions in one-way or hedge mode, leverage 1–125, ISOLATED or CROSS margin, tiered
// maintenance margin, liquidation price and liquidation, funding payments.
//
// Formulas (Binance support FAQ):
// - Initial margin = notional / leverage ("Leverage and Margin of USDⓈ-M Futures").
// - Maintenance margin = notional × MMR − cum, bracket by notional (same page).
// - Liquidation price ("How to Calculate Liquidation Price of USDⓈ-M Futures Contracts"):
//     LP = (WB − TMM1 + UPNL1 + cumB + cumL + cumS − Side1BOTH×Position1BOTH×EP1BOTH
//           − Position1LONG×EP1LONG + Position1SHORT×EP1SHORT)
//        / (Position1BOTH×MMR_B + Position1LONG×MMR_L + Position1SHORT×MMR_S
//           − Side1BOTH×Position1BOTH − Position1LONG + Position1SHORT)
//   WB is the isolated wallet of the position (isolated) or the cross wallet balance
//   (cross). TMM1 and UPNL1 (other symbols) are zero: the account holds one symbol. The
//   formula holds for one bracket per position; the FAQ's note asks for the bracket of
//   the notional at LP, so liquidation_point() (margin.hpp) searches the brackets until
//   the LP it computes lies in the brackets it was computed with.
// - Funding fee = position notional at the mark price × funding rate; longs pay shorts when
//   the rate is positive ("Introduction to Binance Futures Funding Rates"). For an
//   isolated position it is booked to the position's isolated margin as well.
// - Liquidation: the position is closed at the liquidation price and what is left of its
//   margin (isolated wallet, or the whole cross wallet) goes to the insurance fund as the
//   clearance fee, so an isolated liquidation costs exactly the isolated margin.
// Money is in USDT, rounded half-even to 8 places unless a comment says otherwise.

#include <array>
#include <string>
#include <vector>

#include <talon/core/uuid.hpp>
#include <talon/execution/account.hpp>
#include <talon/execution/liquidation.hpp>
#include <talon/execution/margin.hpp>
#include <talon/model/position.hpp>

namespace talon {

struct FuturesConfig {
  PositionMode position_mode = PositionMode::OneWay;
  MarginMode margin_mode = MarginMode::Cross;
  int leverage = 20;  ///< 1..125 (Binance USDⓈ-M default is 20)
  std::vector<MarginTier> tiers = binance_btcusdt_usdm_brackets();
};

class FuturesAccount final : public Account, public LiquidationSource {
 public:
  /// `wallet` USDT deposited. Throws InvalidArgument for a non-positive wallet, a leverage
  /// outside 1..125 or a bad tier table.
  FuturesAccount(std::string symbol, Decimal wallet, FuturesConfig config = {});

  /// Changes the leverage (Binance POST /fapi/v1/leverage). Throws InvalidArgument outside
  /// 1..125 or above the bracket maximum of an open position's notional.
  void set_leverage(int leverage);
  /// Changes margin or position mode; only while flat (Binance -4048 / -4068), else throws.
  void set_margin_mode(MarginMode mode);
  void set_position_mode(PositionMode mode);
  int leverage() const noexcept { return config_.leverage; }

  void apply_fill(const Fill& fill, const Order& order) override;
  Decimal position(PositionSide side) const override;
  bool can_short() const override { return true; }
  /// Margin balance − initial margin of open positions (Binance "available balance").
  Decimal available_quote() const override;
  /// Refuses orders that would open or add beyond the bracket's maximum leverage or the
  /// available balance ("insufficient margin"). Reduce-only orders always pass.
  std::string check_order(const Order& order, Decimal reference_price) const override;
  void liquidate(PositionSide side, Decimal price, Timestamp at) override;
  void liquidation_levels(std::vector<LiquidationLevel>& out) const override;

  /// Marks every open position at `price`: unrealized PnL, pnl, pnl_percent.
  void mark(Decimal price, Timestamp at);
  /// Settles one funding interval at `rate` (fraction) with the mark `price`. Returns the
  /// total received (+) or paid (−).
  Decimal apply_funding(Decimal rate, Decimal price, Timestamp at);

  /// Liquidation price of the open position on `side` (quote per base): the price at which
  /// its margin balance (isolated) or the account's (cross) equals maintenance margin under
  /// the bracket that applies at that price (liquidation_point in margin.hpp), rounded
  /// half-even to 8 places; zero when flat or when no positive price liquidates it.
  Decimal liquidation_price(PositionSide side) const;
  /// Maintenance margin of the open position on `side` at `price` (notional × MMR − cum).
  Decimal maintenance_margin_at(PositionSide side, Decimal price) const;
  /// Deposits + realized PnL − fees + funding (isolated margins included).
  Decimal wallet_balance() const noexcept { return wallet_; }
  /// Isolated margin held by the position on `side` (zero in cross mode).
  Decimal isolated_margin(PositionSide side) const;
  /// The open position on `side`, or nullptr.
  const Position* open_position(PositionSide side) const;
  /// Every position of the account, open and finished, in opening order.
  const std::vector<Position>& positions() const noexcept { return positions_; }

 private:
  struct Slot {
    long index = -1;  ///< into positions_, -1 when flat
    Decimal iso_margin;
  };
  Slot& slot(PositionSide side);
  const Slot& slot(PositionSide side) const;
  PositionSide side_of(const Order& order) const;
  void open(PositionSide side, int dir, Decimal qty, Decimal price, Timestamp at);
  LiquidationPoint compute_lp(PositionSide side) const;
  void refresh(Position& p, const Slot& s) const;
  void finish(PositionSide side, PositionStatus status, Timestamp at);

  std::string symbol_;
  FuturesConfig config_;
  Decimal wallet_;
  std::array<Slot, 3> slots_{};
  std::vector<Position> positions_;
  UuidV7Generator ids_;
};

}  // namespace talon
