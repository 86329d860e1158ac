#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include <talon/analytics/report.hpp>

namespace talon {
namespace {

std::string ratio_text(const std::optional<double>& v) {
  return v ? fmt::format("{:.4f}", *v) : std::string("n/a");
}

std::string ratio_json(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return "null";
  return fmt::format("{}", *v);
}

std::string money(Decimal d) {
  return d.to_string(2, Rounding::HalfEven);
}

// One block character per day (at most kWidth, evenly picked) scaled between the lowest
// and highest day-end equity: the shape of the run at a glance in a terminal.
std::string sparkline(const std::vector<DailyEquity>& days) {
  static constexpr const char* kBlocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  constexpr std::size_t kWidth = 60;
  if (days.size() < 2) return {};
  std::vector<double> v;
  const std::size_t n = std::min(days.size(), kWidth);
  for (std::size_t i = 0; i < n; ++i) {
    v.push_back(days[i * (days.size() - 1) / (n - 1)].equity.to_double());
  }
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  std::string out;
  for (double x : v) {
    const double f = *hi > *lo ? (x - *lo) / (*hi - *lo) : 0.5;
    out += kBlocks[std::lround(f * 7.0)];
  }
  return out;
}

}  // namespace

std::string format_equity_curve_json(const BacktestMetrics& m) {
  std::string out = "[";
  for (std::size_t i = 0; i < m.daily_equity.size(); ++i) {
    if (i != 0) out += ',';
    out += fmt::format(R"({{"time":"{}","equity":{}}})", to_iso8601(m.daily_equity[i].day),
                       m.daily_equity[i].equity.to_string());
  }
  out += ']';
  return out;
}

std::string format_round_trips_json(std::span<const RoundTrip> trips) {
  std::string out = "[";
  for (const RoundTrip& t : trips) {
    if (out.size() > 1) out += ',';
    out +=
        fmt::format(R"({{"entry_time":"{}","exit_time":"{}","quantity":"{}","entry_notional":"{}",)"
                    R"("exit_notional":"{}","fees":"{}","pnl":"{}"}})",
                    to_iso8601(t.entry_time), to_iso8601(t.exit_time), t.quantity.to_string(),
                    t.entry_notional.to_string(), t.exit_notional.to_string(), t.fees.to_string(),
                    t.pnl.to_string());
  }
  return out + ']';
}

std::string format_monthly_returns_json(const BacktestMetrics& m) {
  std::string out = "[";
  for (const MonthlyReturn& r : m.monthly_returns) {
    if (out.size() > 1) out += ',';
    out += fmt::format(R"({{"month":"{:04}-{:02}","return":{},"end_equity":{}}})", r.year, r.month,
                       ratio_json(r.ret), r.end_equity.to_string());
  }
  return out + ']';
}

// A JSON string literal of `text` (quotes, backslashes and control characters escaped).
static std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out += c;
    }
  }
  return out + '"';
}

std::string format_json_report(const BacktestMetrics& m, const RunDescription* run) {
  std::string out = "{";
  auto add = [&out](std::string_view key, const std::string& value) {
    if (out.size() > 1) out += ',';
    out += fmt::format(R"("{}":{})", key, value);
  };
  if (run != nullptr) {
    add("backtest_id", run->backtest_id.empty() ? "null" : json_string(run->backtest_id));
    add("symbol", json_string(run->symbol));
    add("strategy", json_string(run->strategy_name));
    add("parameters", run->parameters_json.empty() ? "{}" : run->parameters_json);
    add("bars", std::to_string(run->bars));
    add("net_profit", (m.final_equity - m.initial_capital).to_string());
    add("orders", std::to_string(run->orders));
    std::size_t refused = 0;
    std::string reasons = "{";
    for (const auto& [why, n] : run->refusals) {
      refused += n;
      if (reasons.size() > 1) reasons += ',';
      reasons += json_string(why) + ":" + std::to_string(n);
    }
    add("orders_refused", std::to_string(refused));
    add("refusals", reasons + "}");
  }
  add("initial_capital", m.initial_capital.to_string());
  add("final_equity", m.final_equity.to_string());
  add("total_trades", std::to_string(m.total_trades));
  add("winning_trades", std::to_string(m.winning_trades));
  add("losing_trades", std::to_string(m.losing_trades));
  add("win_rate", div(m.win_rate, Decimal::from_int(100), Rounding::HalfEven).to_string());
  add("sharpe_ratio", ratio_json(m.sharpe_ratio));
  add("sortino_ratio", ratio_json(m.sortino_ratio));
  add("max_drawdown", m.max_drawdown.to_string());
  add("max_drawdown_duration_hours", m.max_drawdown_duration_hours.to_string());
  add("profit_factor", m.profit_factor ? m.profit_factor->to_string() : "null");
  add("avg_win", m.avg_win.to_string());
  add("avg_loss", m.avg_loss.to_string());
  add("largest_win", m.largest_win.to_string());
  add("largest_loss", m.largest_loss.to_string());
  add("cagr", ratio_json(m.cagr));
  add("calmar_ratio", ratio_json(m.calmar_ratio));
  add("exposure_time", m.exposure_time.to_string());
  add("expectancy", m.expectancy.to_string());
  add("avg_trade_duration_hours", m.avg_trade_duration_hours.to_string());
  add("longest_win_streak", std::to_string(m.longest_win_streak));
  add("longest_loss_streak", std::to_string(m.longest_loss_streak));
  add("total_fees", m.total_fees.to_string());
  add("total_funding", m.total_funding.to_string());
  if (m.futures) {
    add("liquidations", std::to_string(m.liquidations));
    add("max_leverage_used", m.max_leverage_used.to_string());
  }
  add("monthly_returns", format_monthly_returns_json(m));
  add("equity_curve", format_equity_curve_json(m));
  out += '}';
  return out;
}

std::string format_text_report(const RunDescription& run, const BacktestMetrics& m) {
  const Decimal pnl = m.final_equity - m.initial_capital;
  const Decimal ret = m.initial_capital.is_zero()
                          ? Decimal{}
                          : div(pnl * 100, m.initial_capital, Rounding::HalfEven);
  const std::string& q = run.quote_currency;
  std::string o;
  o += fmt::format("Backtest {} {} — {}\n", run.symbol, run.interval, run.strategy);
  o += fmt::format("  period            {} → {}  ({} bars{})\n", to_iso8601(run.start),
                   to_iso8601(run.end), run.bars,
                   run.gaps == 0 ? std::string() : fmt::format(", {} gaps", run.gaps));
  o += fmt::format("  taker fee         {} bps\n\n", run.fee_bps.to_string());
  o += fmt::format("  initial capital   {:>16} {}\n", money(m.initial_capital), q);
  o += fmt::format("  final equity      {:>16} {}\n", money(m.final_equity), q);
  o += fmt::format("  net profit        {:>16} {}  ({}%)\n\n", money(pnl), q,
                   ret.to_string(2, Rounding::HalfEven));
  o += fmt::format("  trades            {:>16}  ({} won, {} lost, win rate {}%)\n", m.total_trades,
                   m.winning_trades, m.losing_trades, m.win_rate.to_string(2));
  o += fmt::format("  profit factor     {:>16}\n",
                   m.profit_factor ? m.profit_factor->to_string(4) : std::string("n/a"));
  o += fmt::format("  average win       {:>16} {}\n", money(m.avg_win), q);
  o += fmt::format("  average loss      {:>16} {}\n", money(m.avg_loss), q);
  o += fmt::format("  largest win       {:>16} {}\n", money(m.largest_win), q);
  o += fmt::format("  largest loss      {:>16} {}\n\n", money(m.largest_loss), q);
  if (m.futures) {
    o += fmt::format("  funding           {:>16} {}  (received + / paid −)\n",
                     money(m.total_funding), q);
    o += fmt::format("  liquidations      {:>16}\n", m.liquidations);
    o += fmt::format("  max leverage used {:>15}x  (open notional / equity at a close)\n\n",
                     m.max_leverage_used.to_string(2, Rounding::HalfEven));
  }
  o += fmt::format("  expectancy        {:>16} {}  per trade\n", money(m.expectancy), q);
  o += fmt::format("  avg duration      {:>16} h\n", m.avg_trade_duration_hours.to_string(2));
  o += fmt::format("  streaks           {:>16}  (longest winning), {} (losing)\n",
                   m.longest_win_streak, m.longest_loss_streak);
  o += fmt::format("  exposure          {:>15}%  (time in a position)\n",
                   mul(m.exposure_time, Decimal::from_int(100), Rounding::HalfEven).to_string(2));
  o += fmt::format("  fees              {:>16} {}\n\n", money(m.total_fees), q);
  o += fmt::format("  CAGR              {:>15}%\n",
                   m.cagr ? fmt::format("{:.2f}", *m.cagr * 100) : std::string("n/a"));
  o += fmt::format("  calmar ratio      {:>16}\n", ratio_text(m.calmar_ratio));
  o += fmt::format("  sharpe ratio      {:>16}  (daily, annualised √365)\n",
                   ratio_text(m.sharpe_ratio));
  o += fmt::format("  sortino ratio     {:>16}\n", ratio_text(m.sortino_ratio));
  o += fmt::format("  max drawdown      {:>15}%  (lasting {} h)\n",
                   mul(m.max_drawdown, Decimal::from_int(100), Rounding::HalfEven).to_string(2),
                   m.max_drawdown_duration_hours.to_string(1));
  if (const std::string line = sparkline(m.daily_equity); !line.empty()) {
    o += fmt::format("\n  daily equity      {}\n", line);
    o += fmt::format("                    {} … {}\n", to_iso_date(m.daily_equity.front().day),
                     to_iso_date(m.daily_equity.back().day));
  }
  return o;
}

}  // namespace talon
