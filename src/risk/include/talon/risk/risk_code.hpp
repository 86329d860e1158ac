#pragma once
// Why the risk engine refused an order: one code per limit, so that callers (tests, the
// audit log, a dashboard) can tell refusals apart without reading the sentence.

#include <string>
#include <string_view>

namespace talon {

enum class RiskCode {
  Approved,            ///< every configured limit passed
  MaxPositionSize,     ///< the resulting position would exceed max_position_size / _pct
  MaxLeverage,         ///< the resulting exposure over equity would exceed max_leverage
  MaxOrderSize,        ///< the order's base quantity exceeds max_order_size
  MaxOpenPositions,    ///< the order would open a position beyond max_open_positions
  MaxDailyLoss,        ///< the day's loss reached max_daily_loss: the bot is halted
  MaxDrawdown,         ///< the drawdown from the peak reached max_drawdown: the bot is halted
  QuoteAmount,         ///< the order's notional exceeds quoteAmount
  MaxTradesPerHour,    ///< maxTradesPerHour orders already went out in the last hour
  MaxDailySpend,       ///< the day's BUY notional would exceed maxDailySpend
  RecvWindow,          ///< a live request older than recvWindow
  PriceBand,           ///< the limit price is too far from the last trade
  DuplicateOrder,      ///< the same order was sent within the duplicate window
  OrderRate,           ///< max_orders_per_minute (risk_rules) already reached
  SelfTrade,           ///< the order would trade against one of the bot's own open orders
  KillSwitch,          ///< the bot's or the global kill switch is engaged
  TradingHours,        ///< outside the exchange's regular trading hours
  SymbolCap,           ///< risk_rules symbol_caps: the position in this symbol would exceed it
  MaxNotionalPerSide,  ///< risk_rules max_notional_per_side: the side's open notional too big
};

/// The code's upper-case name, e.g. "MAX_ORDER_SIZE" (the prefix of every refusal sentence).
std::string_view to_string(RiskCode code) noexcept;

/// The engine's answer for one order: Approved with an empty reason, or a code and a sentence
/// naming the limit, its value and the order's value.
struct RiskVerdict {
  RiskCode code = RiskCode::Approved;
  std::string reason;
  bool approved() const noexcept { return code == RiskCode::Approved; }
};

}  // namespace talon
