#pragma once
// The risk engine: the kernel's pre-trade stage (engine/kernel.hpp RiskStage) that checks
// every order against the configured RiskLimits before the order manager's instrument and
// balance checks, in backtest, paper and live alike (the kernel is the same). A refusal
// rejects the order with a sentence that starts with the reason code ("MAX_ORDER_SIZE: ...")
// and names the limit, its value and the order's value; the strategy sees it as an order
// update with status REJECTED, and the decision that sent it as approved = false.
//
// Halting limits (max_drawdown, max_daily_loss) are tested on each bar's close equity
// (on_close_equity): from the breaching bar on every order is refused. The kill switch is
// checked first and applies even with safetyEnabled off; everything else is skipped when
// safetyEnabled is off (said loudly through the log at construction).
//
// Not thread-safe: one engine per kernel, called on the kernel's thread.

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <talon/engine/kernel.hpp>
#include <talon/risk/kill_switch.hpp>
#include <talon/risk/risk_code.hpp>
#include <talon/risk/risk_limits.hpp>

namespace talon {

/// One refused order, as the audit log keeps it.
struct RiskRefusal {
  Timestamp at;  ///< when it was checked (the run's clock)
  ClientOrderId client_order_id;
  RiskCode code = RiskCode::Approved;
  std::string reason;
};

class RiskEngine final : public RiskStage {
 public:
  /// Refusals kept for the audit log; later ones are only counted (rejected()), so that a
  /// strategy refused on every bar cannot grow memory without bound.
  static constexpr std::size_t kMaxKeptRefusals = 100'000;

  /// Where the engine's warnings go (safetyEnabled off, breaches); default: standard error.
  using Log = std::function<void(std::string_view)>;

  /// `limits` as configured (already the stricter of bot and global). `kill_switch` may be
  /// nullptr (none) and must outlive the engine; `bot_id` names this bot for it.
  explicit RiskEngine(RiskLimits limits, KillSwitch* kill_switch = nullptr, std::string bot_id = {},
                      Log log = {});

  /// The verdict on `order` given the lane's state in `view` (view.account and view.orders
  /// may be null: no position, no open orders). On approval the order is counted in the
  /// rate, spend and duplicate windows.
  RiskVerdict evaluate(const Instrument& instrument, const Order& order, const RiskView& view);

  /// RiskStage: evaluate() as the reject sentence (empty when approved).
  std::string review(const Instrument& instrument, const Order& order,
                     const RiskView& view) override;
  /// RiskStage: attaches stop_loss / take_profit at stop_loss_pct / take_profit_pct from the
  /// entry price (limit price, else the last price; rounded to the tick away from the entry
  /// for the stop, towards it never) to an order that opens or adds to a position and
  /// carries none.
  void amend(const Instrument& instrument, OrderRequest& request, const RiskView& view) override;
  bool amends() const override {
    return limits_.safetyEnabled && (limits_.stop_loss_pct || limits_.take_profit_pct);
  }
  void on_start(Timestamp at, Decimal equity) override;
  std::optional<RiskBreach> on_close_equity(Timestamp bar_open, Timestamp at,
                                            Decimal equity) override;
  bool close_on_breach() const override { return limits_.close_on_breach; }

  /// A live request signed at `signed_at` and checked at `now`: RecvWindow when it is older
  /// than recvWindow ms (the exchange would refuse it), else Approved.
  RiskVerdict check_recv_window(Timestamp signed_at, Timestamp now) const;

  const RiskLimits& limits() const noexcept { return limits_; }
  /// The breach that halted the bot, if any.
  const std::optional<RiskBreach>& breach() const noexcept { return breach_; }
  /// Orders refused so far.
  std::size_t rejected() const noexcept { return rejected_; }
  /// The first kMaxKeptRefusals refusals, oldest first.
  const std::vector<RiskRefusal>& refusals() const noexcept { return refusals_; }
  /// The configured value of a halting limit by name ("max_drawdown", "max_daily_loss"),
  /// zero when it is not set.
  Decimal limit_value(std::string_view name) const;

 private:
  RiskVerdict evaluate_limits(const Instrument& instrument, const Order& order,
                              const RiskView& view);
  void count(const Order& order, Decimal notional, Timestamp now);
  /// NYSE regular session at `now` (trading_hours), the last open session cached.
  bool in_session(Timestamp now);
  void note_refusal(const Order& order, const RiskVerdict& verdict, Timestamp now);

  struct Sent {
    Timestamp at;
    OrderSide side = OrderSide::Buy;
    OrderType type = OrderType::Market;
    Decimal price;
    Decimal quantity;
    Decimal quote_quantity;
  };

  RiskLimits limits_;
  KillSwitch* kill_switch_ = nullptr;
  std::string bot_id_;
  Log log_;
  bool active_ = false;  ///< any limit set and safetyEnabled
  Decimal equity_;       ///< last marked equity (start, then each close)
  Decimal peak_;         ///< highest marked equity
  Decimal day_start_;    ///< equity when the current UTC day began
  std::int64_t equity_day_ = INT64_MIN;
  std::optional<RiskBreach> breach_;
  std::deque<Timestamp> hour_;    ///< approvals in the last hour (maxTradesPerHour)
  std::deque<Timestamp> minute_;  ///< approvals in the last minute (max_orders_per_minute)
  std::deque<Sent> recent_;       ///< approvals within duplicate_window_ms
  std::int64_t spend_day_ = INT64_MIN;
  Decimal spent_;                                  ///< BUY notional of spend_day_
  std::map<std::string, bool, std::less<>> open_;  ///< instrument → position open, as last seen
  std::size_t rejected_ = 0;
  std::vector<RiskRefusal> refusals_;
  std::uint64_t kill_version_ = UINT64_MAX;  ///< kill_switch_->version() of kill_engaged_
  bool kill_engaged_ = false;
  Decimal band_last_, band_;      ///< price_band_pct × the last price it was computed for
  Decimal pct_equity_, pct_cap_;  ///< max_position_pct × the equity it was computed for
  Timestamp session_open_;        ///< the cached open session (in_session); empty at first
  Timestamp session_close_;
};

}  // namespace talon
