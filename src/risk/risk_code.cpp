#include <talon/risk/risk_code.hpp>

namespace talon {

std::string_view to_string(RiskCode code) noexcept {
  switch (code) {
    case RiskCode::Approved: return "APPROVED";
    case RiskCode::MaxPositionSize: return "MAX_POSITION_SIZE";
    case RiskCode::MaxLeverage: return "MAX_LEVERAGE";
    case RiskCode::MaxOrderSize: return "MAX_ORDER_SIZE";
    case RiskCode::MaxOpenPositions: return "MAX_OPEN_POSITIONS";
    case RiskCode::MaxDailyLoss: return "MAX_DAILY_LOSS";
    case RiskCode::MaxDrawdown: return "MAX_DRAWDOWN";
    case RiskCode::QuoteAmount: return "QUOTE_AMOUNT";
    case RiskCode::MaxTradesPerHour: return "MAX_TRADES_PER_HOUR";
    case RiskCode::MaxDailySpend: return "MAX_DAILY_SPEND";
    case RiskCode::RecvWindow: return "RECV_WINDOW";
    case RiskCode::PriceBand: return "PRICE_BAND";
    case RiskCode::DuplicateOrder: return "DUPLICATE_ORDER";
    case RiskCode::OrderRate: return "ORDER_RATE";
    case RiskCode::SelfTrade: return "SELF_TRADE";
    case RiskCode::KillSwitch: return "KILL_SWITCH";
    case RiskCode::TradingHours: return "TRADING_HOURS";
    case RiskCode::SymbolCap: return "SYMBOL_CAP";
    case RiskCode::MaxNotionalPerSide: return "MAX_NOTIONAL_PER_SIDE";
  }
  return "?";
}

}  // namespace talon
