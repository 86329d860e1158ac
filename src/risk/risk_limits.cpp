#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include <talon/core/error.hpp>
#include <talon/risk/risk_limits.hpp>

namespace talon {
namespace {

[[noreturn]] void bad(std::string_view key, std::string_view value, std::string_view allowed) {
  throw InvalidArgument(
      fmt::format("risk limit {}: '{}' is not allowed ({})", key, value, allowed));
}

Decimal decimal_in(std::string_view key, std::string_view value, Decimal lo, bool lo_open,
                   std::optional<Decimal> hi, bool hi_open, std::string_view allowed) {
  const std::optional<Decimal> d = Decimal::try_parse(value);
  if (!d) bad(key, value, allowed);
  if (lo_open ? *d <= lo : *d < lo) bad(key, value, allowed);
  if (hi && (hi_open ? *d >= *hi : *d > *hi)) bad(key, value, allowed);
  return *d;
}

std::int64_t integer_in(std::string_view key, std::string_view value, std::int64_t lo,
                        std::int64_t hi, std::string_view allowed) {
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc{} || end != value.data() + value.size() || n < lo || n > hi) {
    bad(key, value, allowed);
  }
  return n;
}

bool boolean(std::string_view key, std::string_view value) {
  if (value == "true" || value == "1") return true;
  if (value == "false" || value == "0") return false;
  bad(key, value, "true or false");
}

template <class T>
std::optional<T> smaller(const std::optional<T>& a, const std::optional<T>& b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

const Decimal kZero;
const Decimal kOne = Decimal::from_int(1);

}  // namespace

bool RiskLimits::any() const {
  return max_position_size || max_position_pct || max_leverage || max_daily_loss || max_drawdown ||
         max_open_positions || max_order_size || !risk_rules.empty() || quoteAmount ||
         maxTradesPerHour || maxDailySpend || recvWindow || stop_loss_pct || take_profit_pct ||
         price_band_pct || duplicate_window_ms || self_trade_prevention || !trading_hours.empty() ||
         close_on_breach;
}

const std::vector<std::string_view>& risk_limit_keys() {
  static const std::vector<std::string_view> keys = {
      "max_position_size",     "max_position_pct", "max_leverage",
      "max_daily_loss",        "max_drawdown",     "max_open_positions",
      "max_order_size",        "risk_rules",       "quoteAmount",
      "maxTradesPerHour",      "maxDailySpend",    "recvWindow",
      "safetyEnabled",         "enabled",          "stop_loss_pct",
      "take_profit_pct",       "price_band_pct",   "duplicate_window_ms",
      "self_trade_prevention", "trading_hours",    "close_on_breach"};
  return keys;
}

void set_limit(RiskLimits& l, std::string_view key, std::string_view v) {
  const std::string_view positive = "a positive decimal";
  if (key == "max_position_size") {
    l.max_position_size = decimal_in(key, v, kZero, true, {}, false, positive);
  } else if (key == "max_position_pct") {
    l.max_position_pct =
        decimal_in(key, v, kZero, true, kOne, false, "a fraction in (0, 1]: 0.20 = 20 % of equity");
  } else if (key == "max_leverage") {
    l.max_leverage = static_cast<int>(integer_in(key, v, 1, 50, "an integer 1..50"));
  } else if (key == "max_daily_loss") {
    l.max_daily_loss = decimal_in(key, v, kZero, true, {}, false, "a positive quote amount");
  } else if (key == "max_drawdown") {
    l.max_drawdown =
        decimal_in(key, v, kZero, true, kOne, true, "a fraction in (0, 1): 0.10 = 10 %");
  } else if (key == "max_open_positions") {
    l.max_open_positions = static_cast<int>(integer_in(key, v, 0, 10000, "an integer 0..10000"));
  } else if (key == "max_order_size") {
    l.max_order_size = decimal_in(key, v, kZero, true, {}, false, "a positive base quantity");
  } else if (key == "risk_rules") {
    l.risk_rules = parse_risk_rules(v);
  } else if (key == "quoteAmount") {
    l.quoteAmount = decimal_in(key, v, kZero, true, {}, false, "a positive quote amount");
  } else if (key == "maxTradesPerHour") {
    l.maxTradesPerHour = static_cast<int>(integer_in(key, v, 1, 100, "an integer 1..100"));
  } else if (key == "maxDailySpend") {
    l.maxDailySpend = decimal_in(key, v, kZero, true, {}, false, "a positive quote amount");
  } else if (key == "recvWindow") {
    l.recvWindow = integer_in(key, v, 1, 1000, "milliseconds 1..1000");
  } else if (key == "safetyEnabled" || key == "enabled") {
    l.safetyEnabled = boolean(key, v);
  } else if (key == "stop_loss_pct") {
    l.stop_loss_pct =
        decimal_in(key, v, kZero, true, kOne, true, "a fraction in (0, 1): 0.02 = 2 %");
  } else if (key == "take_profit_pct") {
    l.take_profit_pct = decimal_in(key, v, kZero, true, Decimal::from_int(10), false,
                                   "a fraction in (0, 10]: 0.05 = 5 %");
  } else if (key == "price_band_pct") {
    l.price_band_pct =
        decimal_in(key, v, kZero, true, kOne, false, "a fraction in (0, 1]: 0.05 = 5 %");
  } else if (key == "duplicate_window_ms") {
    l.duplicate_window_ms = integer_in(key, v, 1, 86'400'000, "milliseconds 1..86400000");
  } else if (key == "self_trade_prevention") {
    l.self_trade_prevention = boolean(key, v);
  } else if (key == "trading_hours") {
    if (v != "NYSE" && !v.empty()) bad(key, v, "NYSE, or empty for always");
    l.trading_hours = std::string(v);
  } else if (key == "close_on_breach") {
    l.close_on_breach = boolean(key, v);
  } else {
    std::string names;
    for (std::string_view k : risk_limit_keys())
      names += fmt::format("{}{}", names.empty() ? "" : ", ", k);
    throw InvalidArgument(fmt::format("unknown risk limit '{}' (known: {})", key, names));
  }
}

void set_limit(RiskLimits& limits, std::string_view kv) {
  const std::size_t eq = kv.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    throw InvalidArgument(
        fmt::format("--risk '{}': expected key=value, e.g. max_drawdown=0.10", kv));
  }
  set_limit(limits, kv.substr(0, eq), kv.substr(eq + 1));
}

RiskLimits stricter(const RiskLimits& a, const RiskLimits& b) {
  RiskLimits r;
  r.max_position_size = smaller(a.max_position_size, b.max_position_size);
  r.max_position_pct = smaller(a.max_position_pct, b.max_position_pct);
  r.max_leverage = smaller(a.max_leverage, b.max_leverage);
  r.max_daily_loss = smaller(a.max_daily_loss, b.max_daily_loss);
  r.max_drawdown = smaller(a.max_drawdown, b.max_drawdown);
  r.max_open_positions = smaller(a.max_open_positions, b.max_open_positions);
  r.max_order_size = smaller(a.max_order_size, b.max_order_size);
  r.risk_rules = stricter(a.risk_rules, b.risk_rules);
  r.quoteAmount = smaller(a.quoteAmount, b.quoteAmount);
  r.maxTradesPerHour = smaller(a.maxTradesPerHour, b.maxTradesPerHour);
  r.maxDailySpend = smaller(a.maxDailySpend, b.maxDailySpend);
  r.recvWindow = smaller(a.recvWindow, b.recvWindow);
  r.safetyEnabled = a.safetyEnabled || b.safetyEnabled;
  r.stop_loss_pct = smaller(a.stop_loss_pct, b.stop_loss_pct);
  r.take_profit_pct = smaller(a.take_profit_pct, b.take_profit_pct);
  r.price_band_pct = smaller(a.price_band_pct, b.price_band_pct);
  // A longer duplicate window refuses more.
  if (a.duplicate_window_ms && b.duplicate_window_ms) {
    r.duplicate_window_ms = std::max(*a.duplicate_window_ms, *b.duplicate_window_ms);
  } else {
    r.duplicate_window_ms = a.duplicate_window_ms ? a.duplicate_window_ms : b.duplicate_window_ms;
  }
  r.self_trade_prevention = a.self_trade_prevention || b.self_trade_prevention;
  r.trading_hours = a.trading_hours.empty() ? b.trading_hours : a.trading_hours;
  r.close_on_breach = a.close_on_breach || b.close_on_breach;
  return r;
}

}  // namespace talon
