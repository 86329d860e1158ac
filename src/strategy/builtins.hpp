#pragma once
// The StrategyInfo of each built-in strategy, defined next to the strategy (private to the
// strategy module; registry.cpp lists them).

#include <vector>

#include <talon/strategy/registry.hpp>

namespace talon::builtin {

StrategyInfo sma_cross_info();
StrategyInfo ema_cross_info();
StrategyInfo rsi_reversion_info();
StrategyInfo macd_trend_info();
StrategyInfo bollinger_breakout_info();
StrategyInfo bollinger_reversion_info();
StrategyInfo donchian_breakout_info();
StrategyInfo supertrend_info();
StrategyInfo grid_info();
StrategyInfo dca_info();
StrategyInfo funding_carry_info();
StrategyInfo avellaneda_stoikov_info();

/// Every built-in, in listing order.
inline std::vector<StrategyInfo> all_infos() {
  return {sma_cross_info(),
          ema_cross_info(),
          rsi_reversion_info(),
          macd_trend_info(),
          bollinger_breakout_info(),
          bollinger_reversion_info(),
          donchian_breakout_info(),
          supertrend_info(),
          grid_info(),
          dca_info(),
          funding_carry_info(),
          avellaneda_stoikov_info()};
}

}  // namespace talon::builtin
