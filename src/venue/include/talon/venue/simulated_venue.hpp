#pragma once
// The simulated exchange of backtests and paper trading, bar and tick mode.
//
// Timing. An order submitted while a bar closes arrives at the venue at the next bar's
// open (or, in tick mode, with the next trade): there it is acknowledged (NEW) or refused,
// and a marketable order executes at once as taker. An order submitted while the venue is
// processing a bar or trade (an attached stop-loss created by a fill, a reduce-only resize)
// arrives at once, at the current point of the price path.
//
// The intrabar path. A bar is walked as open → nearer extreme → other extreme → close,
// each leg a continuous, monotonic price move; when high and low are equally far from the
// open the low comes first. Every working order acts at the first point of the path where
// its condition holds; orders acting at the same point act in submission order. So stops,
// limits and take-profits inside one bar resolve the same way every run.
//
// Fill prices.
// - MARKET: the arrival price (the bar's open or the trade's price), moved against the
//   order by `slippage_bps` and rounded to the tick away from the order's favour.
// - LIMIT marketable on arrival: taker at the arrival price (with slippage, never beyond
//   the limit). A resting LIMIT fills as maker at its own price when the path touches it
//   (price <= limit for a BUY, >= for a SELL), also when a bar opens beyond it.
// - STOP_MARKET / TAKE_PROFIT / TRAILING_STOP: taker at the trigger price when the path
//   crosses it, at the open when the bar opens beyond it (gap), with slippage.
// - STOP_LIMIT / TAKE_PROFIT_LIMIT: on trigger become a LIMIT; taker at the trigger price
//   when marketable there, otherwise resting.
// Trigger rules (Binance USDⓈ-M "Order types"): STOP* BUY triggers at price >= stop, SELL at
// price <= stop; TAKE_PROFIT* BUY at price <= stop, SELL at price >= stop. TRAILING_STOP SELL
// tracks the highest price since activation and triggers at highest × (1 − rate/100)
// (rounded down to the tick), BUY tracks the lowest and triggers at lowest × (1 + rate/100)
// (rounded up). A conditional order that would trigger at once on arrival is rejected
// (Binance error -2021 "Order would immediately trigger"); so is a TRAILING_STOP whose
// activation price the market has already passed (Binance: a SELL's activationPrice must be
// above the latest price, a BUY's below).
// Reports. Every answer is an ExecutionReport queued in the sink (simulated_client.hpp); the
// venue pauses after each action that produced one, so the kernel delivers it and the order
// manager's reaction (an attached stop-loss, an OCO cancel) reaches the venue at that point
// of the path before the rest of the bar is walked.
//
// Time stamps: what happens at a bar's open is stamped with its open_time, what happens on
// the rest of the path with its close_time (the bar does not say when inside it).
//
// Volume. With `max_volume_fraction` > 0 the fills of one bar together take at most that
// fraction of the bar's volume (rounded down to the lot): the rest of a LIMIT stays working
// (PARTIALLY_FILLED), the rest of a MARKET, IOC or triggered stop expires, and a FOK that
// cannot fill whole expires untouched. In tick mode a resting order fills at most the
// trade's quantity (in total over the orders that trade reaches); takers are not limited.

#include <cstdint>
#include <optional>
#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/core/uuid.hpp>
#include <talon/execution/liquidation.hpp>
#include <talon/model/bar.hpp>
#include <talon/model/instrument.hpp>
#include <talon/model/trade_tick.hpp>
#include <talon/venue/report_emitter.hpp>
#include <talon/venue/simulated_client.hpp>

namespace talon {

struct SimulatedVenueConfig {
  /// Taker fee in basis points of notional (10 = 0.1 %, Binance spot's base rate), charged
  /// in the quote currency, rounded half-up to 8 places.
  Decimal taker_fee_bps = Decimal::from_int(10);
  /// Maker fee in basis points of notional (resting orders filled by the path).
  Decimal maker_fee_bps = Decimal::from_int(10);
  /// Price moved against every taker fill, basis points of the reference price.
  Decimal slippage_bps;
  /// Fraction (0..1) of a bar's volume that fills may take in total; zero = unlimited.
  Decimal max_volume_fraction;
  /// Binance spot charges a BUY's fee in the base asset it receives: fee = quantity × bps,
  /// fee_currency = base. Off: every fee is in the quote currency.
  bool buy_fee_in_base = false;
  /// Perpetuals: the account's leverage L, used to size MARKET orders given by a margin
  /// budget (OrderRequest::quote_quantity): the quantity is the largest multiple of the lot
  /// whose initial margin plus taker fee fits the budget,
  /// floor(budget × L / (price × (1 + L × fee)) / lot) × lot.
  int leverage = 1;
};

class SimulatedVenue final : public SimulatedExecutionClient {
 public:
  /// Throws InvalidArgument for negative fees or slippage, or a volume fraction outside
  /// [0, 1].
  SimulatedVenue(const Instrument& instrument, SimulatedVenueConfig config);

  void set_report_sink(ReportSink* sink) override { out_.set_sink(sink); }
  /// Makes the venue watch the liquidation prices `source` reports along the price path
  /// (futures). Null stops watching.
  void set_liquidation_source(const LiquidationSource* source) { liquidation_ = source; }

  /// Queues the order for arrival (see the file comment); while an event is being processed
  /// it arrives at once, at the current point of the path.
  void submit(const Order& order, Timestamp at) override;
  /// Cancels a working or queued order at once; unknown or finished orders are refused
  /// ("Unknown order sent", Binance -2011).
  void cancel(const Order& order, Timestamp at) override;
  /// Changes a LIMIT order's price and/or quantity (Binance futures modify: LIMIT only; the
  /// new quantity must exceed the executed one). The order loses its time priority and
  /// arrives again as if new, keeping its fills (a GTX that would now take expires there).
  /// Refusals come back as RequestRejected naming the rule.
  void modify(const Order& order, Decimal price, Decimal quantity, Timestamp at) override;
  /// Cancels every working or queued order (one OrderCancelled each).
  void cancel_all(const InstrumentId& instrument, Timestamp at) override;
  /// Reports the venue's copy of the order (OrderStatusReport), or RequestRejected (Query)
  /// when it holds no such open order.
  void query_order(const Order& order, Timestamp at) override;
  /// Every working or queued order.
  std::vector<OrderStatusReport> open_orders(const InstrumentId& instrument) const override;

  /// Bar: arrivals at the open, then the intrabar path. Trade (tick mode): arrivals, then the
  /// jump to the trade's price. Other kinds: nothing.
  void begin(const MarketEvent& event) override;
  bool step() override;

  /// begin() for a bar or a trade without wrapping it in a MarketEvent.
  void begin_bar(const Bar& bar);
  void begin_trade(const TradeTick& trade);

  /// Orders waiting for arrival.
  std::size_t queued() const noexcept { return arrivals_.size(); }
  /// Orders resting at the venue (working conditional or limit orders).
  std::size_t working() const noexcept { return working_.size(); }
  /// The last price of the path (zero before the first bar or trade).
  Decimal last_price() const noexcept { return cur_; }

 private:
  struct Working {
    Order order;
    Decimal remaining;  ///< base quantity still to fill (zero for MARKET BUY by quote)
    std::uint64_t seq = 0;
    bool done = false;
    bool acked = false;
    bool active = false;  ///< trailing stop activated
    Decimal extreme;      ///< trailing stop: best price since activation
  };
  /// Where step() is inside the current event.
  enum class Phase { Idle, Gap, Arrivals, Legs };
  /// One monotonic move of the price path.
  struct Leg {
    Decimal to;
    bool continuous = true;
  };

  void arrive(std::size_t i, Timestamp at);
  /// Walks from the current point towards `to`; returns false when it paused after an action
  /// that produced a report.
  bool walk(Decimal to, bool continuous, Timestamp at);
  std::optional<Decimal> touch(const Working& w, Decimal from, Decimal to, bool continuous) const;
  void act(std::size_t i, Decimal point, Timestamp at);
  void fill_market(std::size_t i, Decimal reference, Timestamp at);
  Decimal execute(std::size_t i, Decimal price, Decimal quantity, Liquidity liquidity,
                  Timestamp at);
  void expire(std::size_t i, const std::string& why, Timestamp at);
  void reject(std::size_t i, const std::string& why, Timestamp at);
  void update_trailing(Decimal point);
  Decimal trailing_trigger(const Working& w) const;
  Decimal slipped(bool buy, Decimal reference) const;
  void finish_event();
  void compact();
  Working* find_open(const Uuid& order_id);

  const Instrument& instrument_;
  InstrumentId instrument_id_;
  SimulatedVenueConfig config_;
  ReportEmitter out_;
  const LiquidationSource* liquidation_ = nullptr;
  std::vector<Working> arrivals_;
  std::vector<Working> working_;
  std::vector<Working> due_;  ///< arrivals being processed (kept for its capacity)
  std::vector<LiquidationLevel> levels_;
  std::vector<PositionSide> liquidated_;
  std::uint64_t next_seq_ = 0;
  Decimal cur_;
  bool in_event_ = false;
  bool capped_ = false;
  bool cap_makers_only_ = false;
  Decimal capacity_;
  // The event being processed.
  Phase phase_ = Phase::Idle;
  std::size_t next_due_ = 0;
  std::size_t leg_ = 0;
  std::size_t legs_ = 0;
  Leg path_[3];
  Timestamp arrive_at_;  ///< stamp of the gap and the arrivals
  Timestamp path_at_;    ///< stamp of the legs
  bool trade_event_ = false;
  Decimal trade_quantity_;
  UuidV7Generator ids_;
};

/// The largest multiple of `lot` whose notional price*q plus its fee (fee_bps of notional,
/// rounded half-up) is at most `budget`; zero when not even one lot fits.
Decimal max_quantity_for_budget(Decimal budget, Decimal price, Decimal fee_bps, Decimal lot);

/// The largest multiple of `lot` whose initial margin (notional / leverage) plus taker fee
/// (fee_bps of notional) fits `budget`: floor(budget × L / (price × (1 + L × fee)) / lot) × lot,
/// exact up to the final rounding down; zero when not even one lot fits.
Decimal max_quantity_for_margin(Decimal budget, Decimal price, Decimal fee_bps, int leverage,
                                Decimal lot);

/// Fee of a fill: fee_bps basis points of `notional`, rounded half-up to 8 places.
Decimal taker_fee(Decimal notional, Decimal fee_bps);

}  // namespace talon
