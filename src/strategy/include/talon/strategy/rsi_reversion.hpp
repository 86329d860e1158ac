#pragma once
// rsi_reversion: long-only RSI mean reversion, reading a declared indicator.
//
// It declares RSI(`period`) of the close (TA-Lib TA_RSI, Wilder 1978) in on_start and, at
// each bar's close once two consecutive RSI values exist:
//  * buys with all free cash (MARKET BUY by quote quantity, filled at the next bar's open,
//    quantity rounded down to the lot so that cost plus taker fee fits) when flat and the RSI
//    crosses up through `lower`: previous RSI < lower <= current RSI (leaving oversold);
//  * sells the whole position (MARKET SELL at the next open) when holding and the RSI crosses
//    down through `upper`: previous RSI > upper >= current RSI (leaving overbought).
// No signal is acted on while an order is still open. During RSI's warm-up (`period` bars)
// nothing happens; the first possible signal is on bar period + 2 (two RSI values).
// The comparison is in double: RSI is a statistic in [0, 100], never money.

#include <cstdint>
#include <optional>

#include <talon/strategy/params.hpp>
#include <talon/strategy/strategy.hpp>

namespace talon {

class RsiReversion final : public Strategy {
 public:
  /// `period` in bars (>= 2); `lower` and `upper` RSI levels with 0 < lower < upper < 100.
  /// Throws InvalidArgument naming the bad value.
  RsiReversion(std::int64_t period, std::int64_t lower, std::int64_t upper);
  /// The same with decimal levels (e.g. lower 27.5).
  RsiReversion(std::int64_t period, Decimal lower, Decimal upper);
  /// Reads `period` (default 14), `lower` (30) and `upper` (70; decimals allowed, e.g.
  /// lower=27.5) from `params`; refuses unknown parameters.
  explicit RsiReversion(const StrategyParams& params);

  void on_start(StrategyContext& ctx) override;
  void on_bar(StrategyContext& ctx, const Bar& bar) override;

 private:
  std::int64_t period_;
  double lower_, upper_;
  IndicatorRef rsi_;
  std::optional<double> previous_;  // RSI at the previous bar, once ready
};

}  // namespace talon
