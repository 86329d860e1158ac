#pragma once
// The kernel: one single-threaded event loop that backtest, paper and live runs share
// (DESIGN.md, "The kernel"). It owns the clock it is given, merges its data sources in time
// order, hands each market event to the simulated venue of its instrument and then to the
// strategy, and delivers every execution report to the order manager only after the venue
// has returned from the call that produced it. A backtest and a live run differ only in the
// clock, the data sources and the execution clients.
//
// Order of processing. Events are taken by (replay time, sequence): a bar enters at its
// open_time, where its venue fills what was queued and walks the intrabar path; the
// strategy sees the bar at its close_time (indicators fed first). Other events enter at their
// ts_event; a funding time inside a bar therefore comes after the fills at that bar's open
// and before the strategy sees the bar. Events at the same time go in the order their sources
// were added, then in the order each source gave them. Reports are delivered, oldest first, after
// every venue step and every strategy callback, before the next event.
//
// Pre-trade risk. Every request passes the RiskStage before the order manager sends it; the
// default lets everything through (the risk engine is its own module).
//
// Strategy callbacks. After an order changes: on_order_update, then on_fill for each new fill,
// then on_position_update when the fill moved the position. Timers fire after every event at
// or before their time and before any later event (the clock reads the timer's time). A
// decision (StrategyContext::decide) collects the orders submitted after it until the next
// decision or the end of the callback, and then goes to the decision sink.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <talon/core/uuid.hpp>
#include <talon/engine/clock.hpp>
#include <talon/engine/data_source.hpp>
#include <talon/execution/account.hpp>
#include <talon/execution/backtest_result.hpp>
#include <talon/execution/order_manager.hpp>
#include <talon/execution/report_queue.hpp>
#include <talon/model/instrument.hpp>
#include <talon/strategy/strategy.hpp>
#include <talon/venue/simulated_client.hpp>

namespace talon {

/// What the pre-trade stage may look at besides the order: the lane's time, price, books and
/// orders as they are when the order is checked. The pointers are valid for the call only.
struct RiskView {
  Timestamp now;                         ///< the run's clock (UTC ns)
  Decimal last_price;                    ///< the lane's last trade price, zero before any
  const Account* account = nullptr;      ///< the lane's books
  const OrderManager* orders = nullptr;  ///< the lane's orders, the one checked among them
};

/// The pre-trade stage between a strategy and the order manager.
class RiskStage {
 public:
  virtual ~RiskStage() = default;
  /// Why `order` on `instrument` must not be sent (the order is then REJECTED with this
  /// reason), or empty to let it through. Runs before the instrument and balance checks.
  virtual std::string check(const Instrument& instrument, const Order& order) {
    (void)instrument;
    (void)order;
    return {};
  }
  /// As check(), with the lane's state; what the kernel calls. The default forwards to
  /// check(), so a stage that needs only the order overrides check() alone.
  virtual std::string review(const Instrument& instrument, const Order& order,
                             const RiskView& view) {
    (void)view;
    return check(instrument, order);
  }
  /// Told the equity a run starts with (quote currency), before any event.
  virtual void on_start(Timestamp at, Decimal equity) {
    (void)at;
    (void)equity;
  }
  /// Told the equity at a bar's close (cash plus positions marked at the close). Returns the
  /// breach when this bar breached a limit that halts the run (the caller then cancels the
  /// open orders), once; nullopt otherwise.
  virtual std::optional<RiskBreach> on_close_equity(Timestamp bar_open, Timestamp at,
                                                    Decimal equity) {
    (void)bar_open;
    (void)at;
    (void)equity;
    return std::nullopt;
  }
  /// After a breach: true when open positions are to be closed at market too.
  virtual bool close_on_breach() const { return false; }
  /// True when amend() may change requests; false (the default) spares the kernel a copy
  /// of every request.
  virtual bool amends() const { return false; }
  /// May change `request` before it becomes an order (e.g. attach a stop-loss the strategy
  /// left out). Called only when amends() is true.
  virtual void amend(const Instrument& instrument, OrderRequest& request, const RiskView& view) {
    (void)instrument;
    (void)request;
    (void)view;
  }
};

/// What a run wants to know as the kernel goes (the backtest's equity and funding, the
/// journal). Every hook runs on the kernel's thread, between events.
class KernelListener {
 public:
  virtual ~KernelListener() = default;
  /// After lane `lane`'s venue processed `bar` from its open (fills at the open and along the
  /// intrabar path; reports delivered), before anything later than the open.
  virtual void on_bar_opened(std::size_t lane, const Bar& bar) {
    (void)lane;
    (void)bar;
  }
  /// After the strategy of lane `lane` saw `bar` at its close (reports delivered).
  virtual void on_bar_closed(std::size_t lane, const Bar& bar) {
    (void)lane;
    (void)bar;
  }
  /// A funding settlement of lane `lane`'s perpetual.
  virtual void on_funding(std::size_t lane, const FundingRate& funding) {
    (void)lane;
    (void)funding;
  }
  /// A mark price of lane `lane`'s instrument.
  virtual void on_mark_price(std::size_t lane, const MarkPrice& mark) {
    (void)lane;
    (void)mark;
  }
  /// Just before `report` reaches lane `lane`'s order manager.
  virtual void on_report(std::size_t lane, const ExecutionReport& report) {
    (void)lane;
    (void)report;
  }
};

/// Where strategy log lines go: time (the run's clock), instrument, level, text.
using StrategyLog = std::function<void(Timestamp, const InstrumentId&, LogLevel, std::string_view)>;

/// Called now and then with events done and events in all (0 = unknown), for a progress bar.
using KernelProgress = std::function<void(std::size_t done, std::size_t total)>;

class Kernel {
 public:
  /// `clock` is advanced by the data (SimulatedClock) or reads the wall; it must outlive
  /// the kernel.
  explicit Kernel(SimulatedClock& clock);
  ~Kernel();
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  /// Adds an instrument: its rules, the simulated venue that trades it, the account that
  /// books its fills, and the strategy that trades it (nullptr: none). Events carrying
  /// instrument.id() (or no id, when this is the only instrument) go to it. All must
  /// outlive the kernel. Returns the lane index.
  std::size_t add_instrument(const Instrument& instrument, SimulatedExecutionClient& client,
                             Account& account, Strategy* strategy);
  /// Adds a source of market events.
  void add_source(std::unique_ptr<DataSource> source);
  void set_listener(KernelListener* listener) noexcept { listener_ = listener; }
  /// The pre-trade stage every order passes (must outlive the kernel); nullptr restores the
  /// pass-through default.
  void set_risk(RiskStage* risk) noexcept { risk_ = risk != nullptr ? risk : &pass_through_; }
  /// The pre-trade stage in use.
  RiskStage& risk() noexcept { return *risk_; }
  /// Declared indicators keep every value (IndicatorSet::set_recording).
  void set_record_indicators(bool on);
  /// Where the strategies' decisions go, and which are kept (decision.hpp). Default: none.
  void set_decisions(DecisionSink* sink, DecisionRecording level) noexcept {
    decision_sink_ = sink;
    decision_level_ = sink == nullptr ? DecisionRecording::None : level;
  }
  /// Restores lane `lane`'s strategy state (StrategyContext::state) before the run, e.g.
  /// from the bot's bot_state rows (store/bot_state.hpp).
  void restore_state(std::size_t lane, std::map<std::string, std::string> state);
  /// Lane `lane`'s strategy state as it is now (what to save to bot_state).
  const std::map<std::string, std::string>& state(std::size_t lane) const;
  /// Where StrategyContext::log lines go; default: standard error as
  /// "<ISO time> <level> <instrument>: <text>".
  void set_log(StrategyLog log) { log_ = std::move(log); }

  /// Runs to the end of every source: on_start of each strategy, the events, on_stop.
  /// Throws DataError for events out of time order or for an instrument no lane trades;
  /// strategy exceptions propagate.
  void run(const KernelProgress& progress = {});

  std::size_t lanes() const noexcept { return lanes_.size(); }
  OrderManager& orders(std::size_t lane);
  StrategyContext& context(std::size_t lane);
  /// The last trade price the lane saw (last bar close or trade), zero before any.
  Decimal last_price(std::size_t lane) const;
  /// Events processed so far.
  std::size_t events() const noexcept { return events_; }

 private:
  struct Lane;
  class Context;
  struct Pending;
  struct TimerEntry;

  std::size_t lane_of(const InstrumentId& id) const;
  /// Hands queued reports to the order managers and open decisions to the sink (inline: a
  /// call per event for what is nearly always nothing to do).
  void deliver_reports() {
    if (decisions_pending_ || !reports_.empty()) deliver_queued();
  }
  void deliver_queued();
  /// Lane of source `slot`'s event about `id` (cached per source).
  std::size_t route(std::size_t slot, const InstrumentId& id) {
    if (id == route_id_[slot] && route_lane_[slot] != kNoLane) return route_lane_[slot];
    return reroute(slot, id);
  }
  std::size_t reroute(std::size_t slot, const InstrumentId& id);
  void process(std::size_t slot, bool bar_close);
  /// A bar at its open (lane `index`'s venue fills and walks it) and at its close (the
  /// strategy sees it).
  void open_bar(std::size_t index, const MarketEvent& event);
  void close_bar(std::size_t index, const Bar& bar);
  void run_client(Lane& lane, const MarketEvent& event);
  std::uint64_t add_timer(std::size_t lane, Timestamp at, std::string name, std::int64_t every);
  bool cancel_timer(std::size_t lane, std::uint64_t id);
  /// Fires the timers due before `before` (or at or before it with `inclusive`).
  void fire_timers(Timestamp before, bool inclusive);
  void flush_decisions();

  SimulatedClock& clock_;
  std::vector<std::unique_ptr<Lane>> lanes_;
  std::vector<std::unique_ptr<DataSource>> sources_;
  std::vector<MarketEvent> slots_;  ///< the pending event of each source
  static constexpr std::size_t kNoLane = static_cast<std::size_t>(-1);
  std::vector<InstrumentId> route_id_;   ///< per source: the instrument last routed
  std::vector<std::size_t> route_lane_;  ///< per source: its lane
  std::vector<Pending> heap_;
  ReportQueue reports_;
  KernelListener* listener_ = nullptr;
  RiskStage* risk_ = nullptr;
  RiskStage pass_through_;
  std::uint64_t seq_ = 0;
  std::size_t events_ = 0;
  bool record_indicators_ = false;
  std::vector<TimerEntry> timers_;  ///< heap: earliest first
  std::uint64_t next_timer_ = 1;
  DecisionSink* decision_sink_ = nullptr;
  DecisionRecording decision_level_ = DecisionRecording::None;
  bool decisions_pending_ = false;
  UuidV7Generator decision_ids_;
  StrategyLog log_;
};

}  // namespace talon
