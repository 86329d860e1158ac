#pragma once
// funding_carry: collect perpetual funding — short a USDⓈ-M perpetual while longs pay shorts.
//
// At each funding settlement (Strategy::on_funding, after it was booked) with rate r:
//  * flat and r ≥ enter_bps / 10,000: OPEN_SHORT — a MARKET SELL given by a margin budget
//    of all free balance (the venue sizes it with the account's leverage, see
//    simulated_venue.hpp), filled at the next bar's open; the short then receives funding
//    while rates stay positive;
//  * short and r ≤ exit_bps / 10,000: CLOSE_POSITION — a reduce-only MARKET BUY of the whole
//    position.
// Only the perpetual leg of the classic cash-and-carry (long spot, short perpetual) is
// traded, so the position carries the price risk of a naked short: keep leverage low.
// Source: Binance USDⓈ-M funding (fundingRate × notional every 8 h); He, Manela, Ross &
// von Wachter, "Fundamentals of Perpetual Futures", 2022.

#include <talon/strategy/params.hpp>
#include <talon/strategy/strategy.hpp>

namespace talon {

class FundingCarry final : public Strategy {
 public:
  /// Reads `enter_bps` (1 = 0.01 % per settlement) and `exit_bps` (0); exit ≤ enter.
  explicit FundingCarry(const StrategyParams& params);
  /// Throws InvalidArgument when the instrument is not a perpetual.
  void on_start(StrategyContext& ctx) override;
  void on_bar(StrategyContext& ctx, const Bar& bar) override;
  void on_funding(StrategyContext& ctx, const FundingRate& funding) override;

 private:
  Decimal enter_, exit_;  ///< rates as fractions
};

}  // namespace talon
