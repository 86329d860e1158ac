#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include <talon/core/error.hpp>
#include <talon/engine/kernel.hpp>

namespace talon {

struct Kernel::Pending {
  Timestamp at;
  std::uint64_t seq = 0;
  std::uint32_t slot = 0;
  bool bar_close = false;
  Timestamp last;  ///< replay time of the source's previous event, for the order check
};

namespace {
// std::push_heap builds a max-heap: "less" here means later. At equal times the source
// added first goes first, then the order of reading.
bool later(const auto& a, const auto& b) {
  if (a.at != b.at) return a.at > b.at;
  if (a.slot != b.slot) return a.slot > b.slot;
  return a.seq > b.seq;
}
constexpr std::size_t kProgressEvery = 1 << 16;
}  // namespace

struct Kernel::TimerEntry {
  Timestamp at;
  std::uint64_t seq = 0;
  std::size_t lane = 0;
  Timer timer;
};

namespace {
bool timer_later(const auto& a, const auto& b) {
  if (a.at != b.at) return a.at > b.at;
  return a.seq > b.seq;
}
}  // namespace

// The StrategyContext of one lane: the kernel's clock, the lane's account and orders.
class Kernel::Context final : public StrategyContext {
 public:
  explicit Context(Kernel& kernel, Lane& lane) : kernel_(kernel), lane_(lane) {}
  Timestamp now() const override;
  const Instrument& instrument() const override;
  Decimal free_cash() const override;
  Decimal position_quantity() const override;
  bool has_open_orders() const override;
  ClientOrderId submit_order(const OrderRequest& request) override;
  IndicatorSet& indicators() override { return indicators_; }
  const IndicatorSet& indicators() const override { return indicators_; }
  bool cancel_order(const ClientOrderId& id) override;
  bool modify_order(const ClientOrderId& id, Decimal price, Decimal quantity) override;
  std::size_t cancel_all_orders() override;
  std::vector<const Order*> open_orders() const override;
  const Order* find_order(const ClientOrderId& id) const override;
  Decimal cash() const override;
  Decimal position(PositionSide side) const override;
  std::uint64_t set_timer(Timestamp at, std::string name, std::int64_t every_ns) override;
  bool cancel_timer(std::uint64_t id) override;
  void log(LogLevel level, std::string_view message) override;
  BarHistory& history() override { return history_; }
  const BarHistory& history() const override { return history_; }
  std::optional<std::string> state(std::string_view key) const override;
  void set_state(std::string key, std::string value) override;
  void decide(const TradeDecision& decision) override;
  /// The run's recording level (StrategyContext::records reads it on every decision).
  void set_recording(DecisionRecording level) noexcept { recording_ = level; }

  /// After an order update: on_fill for each new fill, on_position_update when it moved.
  void after_update(Strategy& strategy);
  /// Hands the open decision to the sink.
  void flush_decision();
  /// The whole key/value state (Kernel::restore_state, Kernel::state).
  std::map<std::string, std::string>& stored_state() noexcept { return state_; }

 private:
  Kernel& kernel_;
  Lane& lane_;
  IndicatorSet indicators_;
  BarHistory history_;
  std::optional<TradeDecision> decision_;
  std::map<std::string, std::string> state_;  ///< StrategyContext::state
  std::size_t fills_seen_ = 0;
  Decimal positions_[3];  ///< BOTH, LONG, SHORT as last reported
};

struct Kernel::Lane {
  Lane(Kernel& kernel, std::size_t number, const Instrument& rules, SimulatedExecutionClient& venue,
       Account& books, Strategy* trader)
      : index(number),
        instrument(rules),
        id(rules.id()),
        client(venue),
        account(books),
        orders(rules, books, venue),
        strategy(trader),
        context(kernel, *this) {}

  std::size_t index;
  const Instrument& instrument;
  InstrumentId id;
  SimulatedExecutionClient& client;
  Account& account;
  OrderManager orders;
  Strategy* strategy;
  Context context;
  Decimal last_price;
};

Timestamp Kernel::Context::now() const {
  return kernel_.clock_.now();
}
const Instrument& Kernel::Context::instrument() const {
  return lane_.instrument;
}
Decimal Kernel::Context::free_cash() const {
  return lane_.account.available_quote() - lane_.orders.locked_cash();
}
Decimal Kernel::Context::position_quantity() const {
  return lane_.account.position(PositionSide::Both);
}
bool Kernel::Context::has_open_orders() const {
  return lane_.orders.open_order_count() != 0;
}
ClientOrderId Kernel::Context::submit_order(const OrderRequest& request) {
  // Copied only when the risk stage amends requests (attaches stops): most runs send as is.
  std::optional<OrderRequest> amended;
  if (kernel_.risk_->amends()) {
    amended = request;
    kernel_.risk_->amend(lane_.instrument, *amended,
                         {kernel_.clock_.now(), lane_.last_price, &lane_.account, &lane_.orders});
  }
  ClientOrderId id =
      lane_.orders.submit(amended ? *amended : request, kernel_.clock_.now(), lane_.last_price);
  if (decision_) {
    decision_->orders.push_back(id);
    const Order* o = lane_.orders.find_client(id);
    if (decision_->approved && o != nullptr && o->status == OrderStatus::Rejected) {
      decision_->approved = false;
      decision_->risk_reason = o->reject_reason;
    }
  }
  return id;
}
bool Kernel::Context::cancel_order(const ClientOrderId& id) {
  return lane_.orders.cancel(id, kernel_.clock_.now()).accepted;
}
bool Kernel::Context::modify_order(const ClientOrderId& id, Decimal price, Decimal quantity) {
  return lane_.orders.modify(id, price, quantity, kernel_.clock_.now()).accepted;
}
std::size_t Kernel::Context::cancel_all_orders() {
  // Ids first: a refusal could change the open list while it is walked.
  std::vector<ClientOrderId> ids;
  for (const Order* o : lane_.orders.open_orders()) ids.push_back(o->client_order_id);
  std::size_t sent = 0;
  for (const ClientOrderId& id : ids) sent += cancel_order(id) ? 1 : 0;
  return sent;
}
std::vector<const Order*> Kernel::Context::open_orders() const {
  return lane_.orders.open_orders();
}
const Order* Kernel::Context::find_order(const ClientOrderId& id) const {
  return lane_.orders.find_client(id);
}
Decimal Kernel::Context::cash() const {
  return lane_.account.available_quote();
}
Decimal Kernel::Context::position(PositionSide side) const {
  return lane_.account.position(side);
}
std::uint64_t Kernel::Context::set_timer(Timestamp at, std::string name, std::int64_t every_ns) {
  return kernel_.add_timer(lane_.index, at, std::move(name), every_ns);
}
bool Kernel::Context::cancel_timer(std::uint64_t id) {
  return kernel_.cancel_timer(lane_.index, id);
}
void Kernel::Context::log(LogLevel level, std::string_view message) {
  if (kernel_.log_) {
    kernel_.log_(kernel_.clock_.now(), lane_.id, level, message);
    return;
  }
  fmt::print(stderr, "{} {} {}: {}\n", to_iso8601(kernel_.clock_.now()), to_string(level),
             lane_.id.is_empty() ? std::string_view(lane_.instrument.symbol) : lane_.id.symbol(),
             message);
}
std::optional<std::string> Kernel::Context::state(std::string_view key) const {
  const auto it = state_.find(std::string(key));
  if (it == state_.end()) return std::nullopt;
  return it->second;
}
void Kernel::Context::set_state(std::string key, std::string value) {
  if (key.empty() || key.size() > 100) {
    throw InvalidArgument(fmt::format("set_state: key '{}' must be 1 to 100 characters", key));
  }
  state_[std::move(key)] = std::move(value);
}
void Kernel::Context::decide(const TradeDecision& decision) {
  flush_decision();
  if (!keeps(kernel_.decision_level_, decision.action)) return;
  decision_ = decision;
  decision_->id = kernel_.decision_ids_.next();
  decision_->at = kernel_.clock_.now();
  decision_->instrument = lane_.id;
  decision_->orders.clear();
  decision_->approved = true;
  decision_->risk_reason.clear();
  kernel_.decisions_pending_ = true;
}
void Kernel::Context::flush_decision() {
  if (!decision_) return;
  TradeDecision d = std::move(*decision_);
  decision_.reset();
  kernel_.decision_sink_->on_decision(d);
}
void Kernel::Context::after_update(Strategy& strategy) {
  const std::vector<Fill>& fills = lane_.orders.fills();
  if (fills_seen_ == fills.size()) return;
  while (fills_seen_ < fills.size()) {
    const Fill fill = fills[fills_seen_++];  // a copy: the callback may add fills
    strategy.on_fill(*this, fill);
  }
  static constexpr PositionSide kSides[] = {PositionSide::Both, PositionSide::Long,
                                            PositionSide::Short};
  // Spot has one position (every side reads the base held); futures keep three.
  const std::size_t sides = lane_.account.can_short() ? 3 : 1;
  for (std::size_t i = 0; i < sides; ++i) {
    const Decimal q = lane_.account.position(kSides[i]);
    if (q == positions_[i]) continue;
    PositionUpdate u;
    u.instrument = lane_.id;
    u.side = kSides[i];
    u.quantity = q;
    u.previous = positions_[i];
    u.at = fills.empty() ? kernel_.clock_.now() : fills.back().executed_at;
    positions_[i] = q;
    strategy.on_position_update(*this, u);
  }
}

Kernel::Kernel(SimulatedClock& clock) : clock_(clock), risk_(&pass_through_) {}
Kernel::~Kernel() = default;

std::size_t Kernel::add_instrument(const Instrument& instrument, SimulatedExecutionClient& client,
                                   Account& account, Strategy* strategy) {
  lanes_.push_back(
      std::make_unique<Lane>(*this, lanes_.size(), instrument, client, account, strategy));
  Lane& lane = *lanes_.back();
  client.set_report_sink(&reports_);
  lane.orders.set_pre_trade_check([this, &lane](const Order& o) {
    return risk_->review(lane.instrument, o,
                         {clock_.now(), lane.last_price, &lane.account, &lane.orders});
  });
  if (strategy != nullptr) {
    lane.orders.set_update_handler([&lane](const Order& o) {
      lane.strategy->on_order_update(lane.context, o);
      lane.context.after_update(*lane.strategy);
    });
  }
  lane.context.indicators().set_recording(record_indicators_);
  return lanes_.size() - 1;
}

void Kernel::add_source(std::unique_ptr<DataSource> source) {
  sources_.push_back(std::move(source));
}

void Kernel::set_record_indicators(bool on) {
  record_indicators_ = on;
  for (auto& lane : lanes_) lane->context.indicators().set_recording(on);
}

void Kernel::restore_state(std::size_t lane, std::map<std::string, std::string> state) {
  lanes_.at(lane)->context.stored_state() = std::move(state);
}
const std::map<std::string, std::string>& Kernel::state(std::size_t lane) const {
  return lanes_.at(lane)->context.stored_state();
}

OrderManager& Kernel::orders(std::size_t lane) {
  return lanes_.at(lane)->orders;
}
StrategyContext& Kernel::context(std::size_t lane) {
  return lanes_.at(lane)->context;
}
Decimal Kernel::last_price(std::size_t lane) const {
  return lanes_.at(lane)->last_price;
}

std::size_t Kernel::lane_of(const InstrumentId& id) const {
  if (lanes_.size() == 1 && (id.is_empty() || id == lanes_[0]->id)) return 0;
  for (std::size_t i = 0; i < lanes_.size(); ++i) {
    if (lanes_[i]->id == id) return i;
  }
  throw DataError(fmt::format("event for {} but no instrument of the run trades it",
                              id.is_empty() ? std::string("(no instrument)") : id.to_string()));
}

std::uint64_t Kernel::add_timer(std::size_t lane, Timestamp at, std::string name,
                                std::int64_t every) {
  if (every < 0) throw InvalidArgument(fmt::format("set_timer: every_ns {} is negative", every));
  TimerEntry e;
  e.at = std::max(at, clock_.now());
  e.seq = seq_++;
  e.lane = lane;
  e.timer.id = next_timer_++;
  e.timer.name = std::move(name);
  e.timer.at = e.at;
  e.timer.every_ns = every;
  const std::uint64_t id = e.timer.id;
  timers_.push_back(std::move(e));
  std::push_heap(timers_.begin(), timers_.end(),
                 [](const auto& a, const auto& b) { return timer_later(a, b); });
  return id;
}

bool Kernel::cancel_timer(std::size_t lane, std::uint64_t id) {
  const auto it = std::find_if(timers_.begin(), timers_.end(), [&](const TimerEntry& e) {
    return e.timer.id == id && e.lane == lane;
  });
  if (it == timers_.end()) return false;
  timers_.erase(it);
  std::make_heap(timers_.begin(), timers_.end(),
                 [](const auto& a, const auto& b) { return timer_later(a, b); });
  return true;
}

void Kernel::fire_timers(Timestamp before, bool inclusive) {
  const auto cmp = [](const auto& a, const auto& b) { return timer_later(a, b); };
  while (!timers_.empty() &&
         (timers_.front().at < before || (inclusive && timers_.front().at == before))) {
    std::pop_heap(timers_.begin(), timers_.end(), cmp);
    TimerEntry e = std::move(timers_.back());
    timers_.pop_back();
    clock_.advance_to(e.at);
    if (e.timer.every_ns > 0) {
      TimerEntry again = e;
      std::int64_t next = 0;
      if (!__builtin_add_overflow(e.at.ns, e.timer.every_ns, &next)) {
        again.at = again.timer.at = Timestamp::from_ns(next);
        again.seq = seq_++;
        timers_.push_back(std::move(again));
        std::push_heap(timers_.begin(), timers_.end(), cmp);
      }
    }
    Lane& lane = *lanes_[e.lane];
    if (lane.strategy != nullptr) lane.strategy->on_timer(lane.context, e.timer);
    deliver_reports();
  }
}

void Kernel::flush_decisions() {
  decisions_pending_ = false;
  for (auto& lane : lanes_) lane->context.flush_decision();
}

void Kernel::deliver_queued() {
  if (decisions_pending_) flush_decisions();
  if (reports_.empty()) return;
  reports_.drain([this](const ExecutionReport& report) {
    const std::size_t lane = lane_of(header_of(report).instrument);
    if (listener_ != nullptr) listener_->on_report(lane, report);
    lanes_[lane]->orders.apply(report);
  });
}

void Kernel::run_client(Lane& lane, const MarketEvent& event) {
  lane.client.begin(event);
  bool more = true;
  while (more) {
    more = lane.client.step();
    deliver_reports();
  }
}

std::size_t Kernel::reroute(std::size_t slot, const InstrumentId& id) {
  // A source usually carries one instrument: its lane is looked up again only when the
  // instrument changes (routing by id was a sixth of the cost of a bar).
  route_lane_[slot] = lane_of(id);
  route_id_[slot] = id;
  return route_lane_[slot];
}

void Kernel::open_bar(std::size_t index, const MarketEvent& event) {
  Lane& lane = *lanes_[index];
  run_client(lane, event);
  if (listener_ != nullptr) {
    listener_->on_bar_opened(index, std::get<Bar>(event));
    deliver_reports();
  }
}

void Kernel::close_bar(std::size_t index, const Bar& bar) {
  Lane& lane = *lanes_[index];
  lane.last_price = bar.close;
  if (lane.strategy != nullptr) {
    deliver_bar(*lane.strategy, lane.context, bar);
    deliver_reports();
  }
  if (listener_ != nullptr) listener_->on_bar_closed(index, bar);
}

void Kernel::process(std::size_t slot, bool bar_close) {
  const MarketEvent& event = slots_[slot];
  if (const Bar* bar = std::get_if<Bar>(&event)) {
    const std::size_t index = route(slot, bar->instrument);
    return bar_close ? close_bar(index, *bar) : open_bar(index, event);
  }
  // (The id is taken by reference: `instrument_of` returns one, a copy would cost 40 bytes.)
  Lane& lane = *lanes_[route(slot, instrument_of(event))];
  const std::size_t index = lane.index;
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, TradeTick>) {
          run_client(lane, event);
          lane.last_price = e.price;
          if (lane.strategy != nullptr) lane.strategy->on_trade(lane.context, e);
        } else if constexpr (std::is_same_v<T, DepthUpdate> || std::is_same_v<T, DepthSnapshot>) {
          run_client(lane, event);
          if (lane.strategy != nullptr) lane.strategy->on_book(lane.context, e);
        } else if constexpr (std::is_same_v<T, QuoteTick>) {
          if (lane.strategy != nullptr) lane.strategy->on_quote(lane.context, e);
        } else if constexpr (std::is_same_v<T, FundingRate>) {
          if (listener_ != nullptr) listener_->on_funding(index, e);
          if (lane.strategy != nullptr) lane.strategy->on_funding(lane.context, e);
        } else if constexpr (std::is_same_v<T, MarkPrice>) {
          if (listener_ != nullptr) listener_->on_mark_price(index, e);
        }
      },
      event);
  deliver_reports();
}

void Kernel::run(const KernelProgress& progress) {
  if (lanes_.empty()) throw InvalidArgument("kernel: no instrument to trade");
  // Sources that stream may only know their length as they go: asked again at each report.
  auto total_hint = [this] {
    std::size_t total = 0;
    for (const auto& s : sources_) total += s->size_hint();
    return total;
  };
  slots_.assign(sources_.size(), MarketEvent{});
  route_id_.assign(sources_.size(), InstrumentId{});
  route_lane_.assign(sources_.size(), kNoLane);
  heap_.clear();
  const auto cmp = [](const auto& a, const auto& b) { return later(a, b); };
  // The next event is held outside the heap while it is known to come before everything in
  // it: with one source (most runs) or one source ahead of the others, an event and a bar's
  // close then never go through the heap. The order is exactly the heap's: `direct` is
  // compared with the heap's top by the same rule.
  Pending direct;
  bool have_direct = false;
  const auto schedule_slow = [&](const Pending& e) {
    if (have_direct) {
      if (later(e, direct)) {
        heap_.push_back(e);
        std::push_heap(heap_.begin(), heap_.end(), cmp);
        return;
      }
      heap_.push_back(direct);
      std::push_heap(heap_.begin(), heap_.end(), cmp);
    }
    if (heap_.empty() || later(heap_.front(), e)) {
      direct = e;
      have_direct = true;
      return;
    }
    have_direct = false;
    heap_.push_back(e);
    std::push_heap(heap_.begin(), heap_.end(), cmp);
  };
  // Inline for one source (the queue empty, nothing held): a move, not a call.
  const auto schedule = [&](const Pending& e) {
    if (!have_direct && heap_.empty()) {
      direct = e;
      have_direct = true;
      return;
    }
    schedule_slow(e);
  };
  auto refill = [&](std::size_t slot, Timestamp last) {
    if (!sources_[slot]->next(slots_[slot])) return;
    const Timestamp at = replay_time(slots_[slot]);
    if (at < last) {
      throw DataError(fmt::format("{}: {} at {} comes before the previous event at {}",
                                  sources_[slot]->describe(), kind_name(slots_[slot]),
                                  to_iso8601(at), to_iso8601(last)));
    }
    schedule({at, seq_++, static_cast<std::uint32_t>(slot), false, at});
  };
  for (std::size_t i = 0; i < sources_.size(); ++i) {
    refill(i, Timestamp::from_ns(INT64_MIN));
  }
  // The clock starts at the first event, so on_start sees the start of the data.
  if (have_direct) {
    clock_.advance_to(direct.at);
  } else if (!heap_.empty()) {
    clock_.advance_to(heap_.front().at);
  }
  for (auto& lane : lanes_) {
    lane->context.set_recording(decision_level_);
    if (lane->strategy != nullptr) lane->strategy->on_start(lane->context);
  }
  deliver_reports();

  for (;;) {
    Pending p;
    if (have_direct) {
      p = direct;
      have_direct = false;
    } else if (!heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end(), cmp);
      p = heap_.back();
      heap_.pop_back();
    } else {
      break;
    }
    if (!timers_.empty()) fire_timers(p.at, false);
    clock_.advance_to(p.at);
    if (!p.bar_close) {
      if (const Bar* bar = std::get_if<Bar>(&slots_[p.slot])) {
        // The same bar comes back at its close for the strategy. When nothing can come
        // between its open and its close (no event in the queue before the close by the
        // queue's own rule, no timer before it), the close follows at once: the order is
        // exactly the queue's, without the trip through it.
        const Pending close{bar->close_time, seq_++, p.slot, true, p.at};
        const std::size_t index = route(p.slot, bar->instrument);
        open_bar(index, slots_[p.slot]);
        // (Checked after the open: a strategy may set a timer when told of a fill there.)
        if (!(heap_.empty() || later(heap_.front(), close)) ||
            (!timers_.empty() && timers_.front().at < close.at)) {
          schedule(close);
          continue;
        }
        clock_.advance_to(close.at);
        close_bar(index, *bar);
        p = close;
      } else {
        process(p.slot, false);
      }
    } else {
      process(p.slot, true);
    }
    ++events_;
    if (progress && events_ % kProgressEvery == 0) progress(events_, total_hint());
    refill(p.slot, p.bar_close ? p.last : p.at);
  }
  fire_timers(clock_.now(), true);
  for (auto& lane : lanes_) {
    if (lane->strategy != nullptr) lane->strategy->on_stop(lane->context);
  }
  deliver_reports();
  flush_decisions();
  if (progress) progress(events_, events_);
}

}  // namespace talon
