#pragma once
// The limits one bot trades under, by the data model's field names: the risk_limits row
// (max_position_size, max_leverage, max_daily_loss, max_drawdown, max_open_positions,
// max_order_size, risk_rules), the bot configuration (quoteAmount, maxTradesPerHour,
// maxDailySpend, recvWindow, safetyEnabled), the trading agent (stop_loss_pct,
// take_profit_pct, max_position_size as a share of the account: max_position_pct) and the
// engine's own (price band, duplicate window, self-trade prevention, trading hours,
// close_on_breach). A limit left unset does not apply: RiskLimits{} lets every order through.
//
// Units: quantities are base asset, amounts quote currency, percentages fractions
// (0.10 = 10 %), times milliseconds.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/risk/risk_rules.hpp>

namespace talon {

struct RiskLimits {
  std::optional<Decimal> max_position_size;  ///< largest |position| after the order, base
  std::optional<Decimal> max_position_pct;   ///< largest position value / equity, (0, 1]
  std::optional<int> max_leverage;           ///< position value / equity after the order, 1..50
  std::optional<Decimal> max_daily_loss;     ///< quote lost since 00:00 UTC that halts the bot
  std::optional<Decimal> max_drawdown;       ///< drawdown from the peak that halts, (0, 1)
  std::optional<int> max_open_positions;     ///< positions open at once, 0..10000
  std::optional<Decimal> max_order_size;     ///< base quantity of one order
  RiskRules risk_rules;                      ///< risk_rules.hpp
  std::optional<Decimal> quoteAmount;        ///< notional of one order, quote
  std::optional<int> maxTradesPerHour;       ///< orders in any rolling hour, 1..100
  std::optional<Decimal> maxDailySpend;      ///< BUY notional per UTC day, quote
  std::optional<std::int64_t> recvWindow;    ///< live request validity, ms, 1..1000
  bool safetyEnabled = true;                 ///< false: only the instrument's rules apply
  std::optional<Decimal> stop_loss_pct;      ///< attached stop distance from the entry, (0, 1)
  std::optional<Decimal> take_profit_pct;    ///< attached target distance, (0, 10]
  std::optional<Decimal> price_band_pct;     ///< limit price distance from last trade, (0, 1]
  std::optional<std::int64_t> duplicate_window_ms;  ///< same order again within it, 1..86400000
  bool self_trade_prevention = false;               ///< refuse orders crossing the bot's own
  std::string trading_hours;                        ///< "" (always) or "NYSE"
  bool close_on_breach = false;                     ///< close positions at market on a halt

  /// True when at least one limit is set (safetyEnabled alone configures nothing).
  bool any() const;
};

/// Sets one limit from text, as `--risk key=value` and the [risk] table give it: `key` is a
/// field name above (also `enabled`, the risk_limits row's name for safetyEnabled;
/// `risk_rules` takes JSON). Throws InvalidArgument naming the key and its allowed range for
/// an unknown key or a value out of range.
void set_limit(RiskLimits& limits, std::string_view key, std::string_view value);

/// Parses "key=value" (one --risk argument) into `limits`; errors as set_limit.
void set_limit(RiskLimits& limits, std::string_view key_equals_value);

/// The names set_limit accepts, for help texts and error messages.
const std::vector<std::string_view>& risk_limit_keys();

/// Per-bot and global limits together: for each limit set in either, the stricter value
/// (smaller cap; safetyEnabled off only when both are off; booleans that add a check on when
/// either is). A global row has bot_id null; both apply.
RiskLimits stricter(const RiskLimits& a, const RiskLimits& b);

}  // namespace talon
