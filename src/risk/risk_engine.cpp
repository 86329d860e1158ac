#include <fmt/format.h>

#include <climits>

#include <talon/core/error.hpp>
#include <talon/risk/risk_engine.hpp>
#include <talon/risk/trading_calendar.hpp>

namespace talon {
namespace {

constexpr std::int64_t kHourNs = 3'600 * kNanosPerSecond;
constexpr std::int64_t kMinuteNs = 60 * kNanosPerSecond;

RiskVerdict refuse(RiskCode code, std::string sentence) {
  return {code, fmt::format("{}: {}", to_string(code), sentence)};
}

// The price that values the order: its limit price, its trigger, else the last trade.
Decimal order_price(const Order& o, Decimal last) {
  if (has_limit_price(o.type) && o.price.is_positive()) return o.price;
  if (is_conditional(o.type) && o.stop_price.is_positive()) return o.stop_price;
  return last;
}

// Base quantity of the order; a quote budget is converted at `price` (zero when unknown).
Decimal base_quantity(const Order& o, Decimal price) {
  if (o.quantity.is_positive()) return o.quantity;
  if (o.quote_quantity.is_positive() && price.is_positive()) {
    return div(o.quote_quantity, price, Rounding::HalfUp);
  }
  return {};
}

Decimal remaining(const Order& o) {
  return o.quantity - o.filled_quantity;
}

}  // namespace

RiskEngine::RiskEngine(RiskLimits limits, KillSwitch* kill_switch, std::string bot_id, Log log)
    : limits_(std::move(limits)),
      kill_switch_(kill_switch),
      bot_id_(std::move(bot_id)),
      log_(std::move(log)) {
  if (!log_) log_ = [](std::string_view line) { fmt::print(stderr, "{}\n", line); };
  active_ = limits_.safetyEnabled && limits_.any();
  if (!limits_.safetyEnabled) {
    log_(
        fmt::format("WARNING: RISK CHECKS DISABLED for bot '{}' (safetyEnabled = false): only "
                    "the instrument's rules apply{}",
                    bot_id_, kill_switch_ != nullptr ? "; the kill switch still does" : ""));
  }
}

void RiskEngine::on_start(Timestamp at, Decimal equity) {
  equity_ = peak_ = day_start_ = equity;
  equity_day_ = at.ns == 0 ? INT64_MIN : at.epoch_day();
}

std::optional<RiskBreach> RiskEngine::on_close_equity(Timestamp bar_open, Timestamp at,
                                                      Decimal equity) {
  // The day's loss counts from the equity when the UTC day began: the last mark before it.
  const std::int64_t day = at.epoch_day();
  if (day != equity_day_) {
    if (equity_day_ != INT64_MIN || day_start_.is_zero()) day_start_ = equity_;
    if (day_start_.is_zero()) day_start_ = equity;
    equity_day_ = day;
  }
  equity_ = equity;
  if (equity > peak_) peak_ = equity;
  if (breach_ || !active_) return std::nullopt;
  if (limits_.max_drawdown && peak_.is_positive()) {
    // Exact test: (peak − equity) ≥ limit × peak, in raw units (no rounding of the ratio).
    const Decimal drop = peak_ - equity;
    const __int128 lhs = static_cast<__int128>(drop.raw()) * Decimal::kOne;
    const __int128 rhs = static_cast<__int128>(limits_.max_drawdown->raw()) * peak_.raw();
    if (drop.is_positive() && lhs >= rhs) {
      breach_ = RiskBreach{"max_drawdown", bar_open, div(drop, peak_, Rounding::HalfEven)};
    }
  }
  if (!breach_ && limits_.max_daily_loss) {
    const Decimal loss = day_start_ - equity;
    if (loss >= *limits_.max_daily_loss) {
      breach_ = RiskBreach{"max_daily_loss", bar_open, loss};
    }
  }
  if (breach_) {
    log_(fmt::format("RISK: bot '{}' halted at bar {}: {} reached {} (limit {})", bot_id_,
                     to_iso8601(bar_open), breach_->limit, breach_->value.to_string(),
                     breach_->limit == "max_drawdown" ? limits_.max_drawdown->to_string()
                                                      : limits_.max_daily_loss->to_string()));
  }
  return breach_;
}

RiskVerdict RiskEngine::check_recv_window(Timestamp signed_at, Timestamp now) const {
  if (!limits_.safetyEnabled || !limits_.recvWindow) return {};
  const std::int64_t age_ns = now.ns - signed_at.ns;
  if (age_ns > *limits_.recvWindow * kNanosPerMilli) {
    return refuse(RiskCode::RecvWindow,
                  fmt::format("request is {} ms old, beyond recvWindow {} ms",
                              Decimal::from_scaled(age_ns, 6).to_string(), *limits_.recvWindow));
  }
  return {};
}

std::string RiskEngine::review(const Instrument& instrument, const Order& order,
                               const RiskView& view) {
  RiskVerdict v = evaluate(instrument, order, view);
  return std::move(v.reason);
}

RiskVerdict RiskEngine::evaluate(const Instrument& instrument, const Order& order,
                                 const RiskView& view) {
  RiskVerdict v;
  if (kill_switch_ != nullptr && kill_switch_->version() != kill_version_) {
    // The switch's answer for this bot changes only when the switch does.
    kill_version_ = kill_switch_->version();
    kill_engaged_ = kill_switch_->engaged(bot_id_);
  }
  if (kill_switch_ != nullptr && kill_engaged_) {
    v = refuse(RiskCode::KillSwitch,
               fmt::format("kill switch engaged for {}", kill_switch_->engaged({})
                                                             ? std::string("every bot (global)")
                                                             : fmt::format("bot '{}'", bot_id_)));
  } else if (active_) {
    v = evaluate_limits(instrument, order, view);
  }
  if (!v.approved()) note_refusal(order, v, view.now);
  return v;
}

void RiskEngine::note_refusal(const Order& order, const RiskVerdict& verdict, Timestamp now) {
  ++rejected_;
  if (refusals_.size() < kMaxKeptRefusals) {
    refusals_.push_back({now, order.client_order_id, verdict.code, verdict.reason});
  }
}

Decimal RiskEngine::limit_value(std::string_view name) const {
  if (name == "max_drawdown" && limits_.max_drawdown) return *limits_.max_drawdown;
  if (name == "max_daily_loss" && limits_.max_daily_loss) return *limits_.max_daily_loss;
  return {};
}

RiskVerdict RiskEngine::evaluate_limits(const Instrument& instrument, const Order& o,
                                        const RiskView& view) {
  const RiskLimits& l = limits_;
  const Timestamp now = view.now;
  if (breach_) {
    return refuse(
        breach_->limit == "max_drawdown" ? RiskCode::MaxDrawdown : RiskCode::MaxDailyLoss,
        fmt::format("bot halted since the bar of {}: {} reached {} (limit {})",
                    to_iso8601(breach_->bar_open_time), breach_->limit, breach_->value.to_string(),
                    breach_->limit == "max_drawdown" ? l.max_drawdown->to_string()
                                                     : l.max_daily_loss->to_string()));
  }
  if (!l.trading_hours.empty() && !in_session(now)) {
    return refuse(RiskCode::TradingHours,
                  fmt::format("{} is outside NYSE regular hours (09:30-16:00 New York, "
                              "holidays and early closes excluded)",
                              to_iso8601(now)));
  }
  const Decimal price = order_price(o, view.last_price);
  const Decimal qty = base_quantity(o, price);
  const Decimal notional = o.quote_quantity.is_positive() ? o.quote_quantity
                           : price.is_positive()          ? mul(price, qty, Rounding::HalfUp)
                                                          : Decimal{};
  const bool buy = o.side == OrderSide::Buy;

  if (l.max_order_size && qty > *l.max_order_size) {
    return refuse(RiskCode::MaxOrderSize,
                  fmt::format("order quantity {} exceeds max_order_size {}", qty.to_string(),
                              l.max_order_size->to_string()));
  }
  if (l.quoteAmount && notional > *l.quoteAmount) {
    return refuse(RiskCode::QuoteAmount,
                  fmt::format("order notional {} exceeds quoteAmount {}", notional.to_string(),
                              l.quoteAmount->to_string()));
  }
  if (l.price_band_pct && has_limit_price(o.type) && view.last_price.is_positive()) {
    const Decimal distance = (o.price - view.last_price).abs();
    // The band moves only with the last price: most checks reuse it.
    if (view.last_price != band_last_) {
      band_last_ = view.last_price;
      band_ = mul(*l.price_band_pct, view.last_price, Rounding::HalfUp);
    }
    const Decimal band = band_;
    if (distance > band) {
      return refuse(
          RiskCode::PriceBand,
          fmt::format("limit price {} is {} from the last trade {}, beyond "
                      "price_band_pct {} ({})",
                      o.price.to_string(), distance.to_string(), view.last_price.to_string(),
                      l.price_band_pct->to_string(), band.to_string()));
    }
  }

  // The position if this order and every open order on its side filled: the worst case.
  const Decimal position =
      view.account != nullptr ? view.account->position(PositionSide::Both) : Decimal{};
  Decimal pending;
  Decimal side_notional = notional;
  const std::optional<Decimal>& side_cap =
      buy ? l.risk_rules.max_notional_buy : l.risk_rules.max_notional_sell;
  const bool side_capped = side_cap.has_value();
  const Order* crossed = nullptr;
  if (view.orders != nullptr && view.orders->open_order_count() != 0) {
    view.orders->for_each_open([&](const Order& other) {
      if (other.id == o.id) return;
      if (other.side == o.side) {
        if (!other.reduce_only) pending += remaining(other);
        if (side_capped) {
          side_notional +=
              mul(order_price(other, view.last_price), remaining(other), Rounding::HalfUp);
        }
      } else if (l.self_trade_prevention && crossed == nullptr && has_limit_price(other.type) &&
                 !is_conditional(other.type)) {
        const bool crosses =
            !has_limit_price(o.type) || (buy ? o.price >= other.price : o.price <= other.price);
        if (crosses) crossed = &other;
      }
    });
  }
  const Decimal after = buy ? position + pending + qty : position - pending - qty;
  const bool grows = !o.reduce_only && after.abs() > position.abs();
  if (grows) {
    if (l.max_position_size && after.abs() > *l.max_position_size) {
      return refuse(RiskCode::MaxPositionSize,
                    fmt::format("position would be {} (now {}, open orders {}, order {}), beyond "
                                "max_position_size {}",
                                after.abs().to_string(), position.to_string(), pending.to_string(),
                                qty.to_string(), l.max_position_size->to_string()));
    }
    if (const auto cap = l.risk_rules.symbol_caps.find(instrument.symbol);
        cap != l.risk_rules.symbol_caps.end() && after.abs() > cap->second) {
      return refuse(
          RiskCode::SymbolCap,
          fmt::format("position in {} would be {}, beyond risk_rules symbol_caps {}",
                      instrument.symbol, after.abs().to_string(), cap->second.to_string()));
    }
    const Decimal equity = equity_.is_positive()     ? equity_
                           : view.account != nullptr ? view.account->available_quote()
                                                     : Decimal{};
    if ((l.max_position_pct || l.max_leverage) && price.is_positive()) {
      const Decimal value = mul(after.abs(), price, Rounding::HalfUp);
      if (l.max_position_pct) {
        if (equity != pct_equity_) {  // changes once a bar at most
          pct_equity_ = equity;
          pct_cap_ = mul(*l.max_position_pct, equity, Rounding::Down);
        }
        const Decimal cap = pct_cap_;
        if (value > cap) {
          return refuse(RiskCode::MaxPositionSize,
                        fmt::format("position value would be {} ({} of equity {}), beyond "
                                    "max_position_pct {} ({})",
                                    value.to_string(), after.abs().to_string(), equity.to_string(),
                                    l.max_position_pct->to_string(), cap.to_string()));
        }
      }
      if (l.max_leverage) {
        const Decimal cap = equity * *l.max_leverage;
        if (value > cap) {
          return refuse(
              RiskCode::MaxLeverage,
              fmt::format("exposure would be {} on equity {}: leverage {} beyond "
                          "max_leverage {}",
                          value.to_string(), equity.to_string(),
                          equity.is_positive() ? div(value, equity, Rounding::HalfUp).to_string()
                                               : std::string("infinite"),
                          *l.max_leverage));
        }
      }
    }
  }
  if (l.max_open_positions) {
    // Positions of other instruments as last seen; this one's from its account now.
    if (const auto it = open_.find(instrument.symbol); it != open_.end()) {
      it->second = !position.is_zero();
    } else {
      open_.emplace(instrument.symbol, !position.is_zero());
    }
    if (position.is_zero() && grows) {
      int open = 0;
      for (const auto& [symbol, is_open] : open_) open += is_open ? 1 : 0;
      if (open >= *l.max_open_positions) {
        return refuse(
            RiskCode::MaxOpenPositions,
            fmt::format("order would open position {} with {} open, max_open_positions {}",
                        open + 1, open, *l.max_open_positions));
      }
    }
  }
  if (l.maxDailySpend && buy) {
    const std::int64_t day = now.epoch_day();
    const Decimal spent = day == spend_day_ ? spent_ : Decimal{};
    if (spent + notional > *l.maxDailySpend) {
      return refuse(RiskCode::MaxDailySpend,
                    fmt::format("today's spend would be {} ({} spent, order {}), beyond "
                                "maxDailySpend {}",
                                (spent + notional).to_string(), spent.to_string(),
                                notional.to_string(), l.maxDailySpend->to_string()));
    }
  }
  if (const auto& cap = side_cap; cap && side_notional > *cap) {
    return refuse(RiskCode::MaxNotionalPerSide,
                  fmt::format("{} notional would be {} with the open orders, beyond risk_rules "
                              "max_notional_per_side {}",
                              to_string(o.side), side_notional.to_string(), cap->to_string()));
  }
  if (l.maxTradesPerHour) {
    // Rolling window (now − 1 h, now]: an order exactly one hour after another does not see it.
    while (!hour_.empty() && hour_.front().ns <= now.ns - kHourNs) hour_.pop_front();
    if (hour_.size() >= static_cast<std::size_t>(*l.maxTradesPerHour)) {
      return refuse(RiskCode::MaxTradesPerHour,
                    fmt::format("{} orders in the hour before this one, maxTradesPerHour {}; the "
                                "next is allowed at {}",
                                hour_.size(), *l.maxTradesPerHour,
                                to_iso8601(Timestamp::from_ns(hour_.front().ns + kHourNs))));
    }
  }
  if (l.risk_rules.max_orders_per_minute) {
    while (!minute_.empty() && minute_.front().ns <= now.ns - kMinuteNs) minute_.pop_front();
    if (minute_.size() >= static_cast<std::size_t>(*l.risk_rules.max_orders_per_minute)) {
      return refuse(RiskCode::OrderRate,
                    fmt::format("{} orders in the minute before this one, risk_rules "
                                "max_orders_per_minute {}",
                                minute_.size(), *l.risk_rules.max_orders_per_minute));
    }
  }
  if (l.duplicate_window_ms) {
    const std::int64_t window = *l.duplicate_window_ms * kNanosPerMilli;
    while (!recent_.empty() && recent_.front().at.ns <= now.ns - window) recent_.pop_front();
    for (const Sent& s : recent_) {
      if (s.side == o.side && s.type == o.type && s.price == o.price && s.quantity == o.quantity &&
          s.quote_quantity == o.quote_quantity) {
        return refuse(
            RiskCode::DuplicateOrder,
            fmt::format("the same {} {} {} @ {} was sent {} ms ago, within "
                        "duplicate_window_ms {}",
                        to_string(o.side), to_string(o.type),
                        (o.quantity.is_positive() ? o.quantity : o.quote_quantity).to_string(),
                        o.price.to_string(), Decimal::from_scaled(now.ns - s.at.ns, 6).to_string(),
                        *l.duplicate_window_ms));
      }
    }
  }
  if (crossed != nullptr) {
    return refuse(RiskCode::SelfTrade,
                  fmt::format("{} {} at {} would trade against the bot's own open {} {} at {}",
                              to_string(o.side), to_string(o.type),
                              has_limit_price(o.type) ? o.price.to_string() : "market",
                              to_string(crossed->side), crossed->client_order_id.value(),
                              crossed->price.to_string()));
  }
  count(o, notional, now);
  return {};
}

bool RiskEngine::in_session(Timestamp now) {
  // The last session found open answers every instant inside it without the calendar.
  if (now >= session_open_ && now < session_close_) return true;
  if (!nyse_is_open(now)) return false;
  const std::int64_t local = now.ns + new_york_offset_ns(now);
  const CivilDate d = civil_from_days(Timestamp::from_ns(local).epoch_day());
  const std::optional<TradingSession> s = nyse_session(static_cast<int>(d.year), d.month, d.day);
  session_open_ = s->open;
  session_close_ = s->close;
  return true;
}

void RiskEngine::count(const Order& o, Decimal notional, Timestamp now) {
  if (limits_.maxTradesPerHour) hour_.push_back(now);
  if (limits_.risk_rules.max_orders_per_minute) minute_.push_back(now);
  if (limits_.duplicate_window_ms) {
    recent_.push_back({now, o.side, o.type, o.price, o.quantity, o.quote_quantity});
  }
  if (limits_.maxDailySpend && o.side == OrderSide::Buy) {
    const std::int64_t day = now.epoch_day();
    if (day != spend_day_) {
      spend_day_ = day;
      spent_ = {};
    }
    spent_ += notional;
  }
}

void RiskEngine::amend(const Instrument& instrument, OrderRequest& r, const RiskView& view) {
  if (r.reduce_only || !r.stop_loss.is_zero() || !r.take_profit.is_zero()) return;
  if (is_conditional(r.type)) return;
  const Decimal position =
      view.account != nullptr ? view.account->position(PositionSide::Both) : Decimal{};
  const bool buy = r.side == OrderSide::Buy;
  // Only an order that opens or adds to a position needs protection; a spot SELL reduces.
  const bool opens =
      buy ? !position.is_negative()
          : (view.account != nullptr && view.account->can_short() && !position.is_positive());
  if (!opens) return;
  const Decimal entry =
      has_limit_price(r.type) && r.price.is_positive() ? r.price : view.last_price;
  if (!entry.is_positive()) return;
  const Decimal tick =
      instrument.tick_size.is_positive() ? instrument.tick_size : Decimal::from_raw(1);
  const Decimal one = Decimal::from_int(1);
  if (limits_.stop_loss_pct) {
    // The stop is rounded away from the entry: never tighter than asked.
    const Decimal f = buy ? one - *limits_.stop_loss_pct : one + *limits_.stop_loss_pct;
    r.stop_loss =
        round_to_step(mul(entry, f, Rounding::HalfEven), tick, buy ? Rounding::Down : Rounding::Up);
  }
  if (limits_.take_profit_pct) {
    const Decimal f = buy ? one + *limits_.take_profit_pct : one - *limits_.take_profit_pct;
    const Decimal tp =
        round_to_step(mul(entry, f, Rounding::HalfEven), tick, buy ? Rounding::Up : Rounding::Down);
    if (tp.is_positive()) r.take_profit = tp;
  }
}

}  // namespace talon
