// The strategy API as a rule book: cancel, modify and cancel-all; open orders; timers on the
// simulated clock; on_fill and on_position_update after on_order_update; the log; bars_ago;
// decisions with their orders, their approval and the three recording levels.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <talon/engine/backtest.hpp>
#include <talon/engine/kernel.hpp>
#include <talon/execution/portfolio.hpp>
#include <talon/venue/simulated_venue.hpp>

#include "minute_bars.hpp"

namespace talon {
namespace {

Decimal D(const char* s) {
  return Decimal::parse(s);
}
const Timestamp kT0 = test::kMinute0;
std::string ms(Timestamp t) {
  return std::to_string((t.ns - kT0.ns) / kNanosPerMilli);
}

std::vector<Bar> flat_bars(int n) {
  std::vector<Bar> bars;
  for (int i = 0; i < n; ++i) {
    bars.push_back(test::minute_bar(i, "100000", "100100", "99900", "100000", "100"));
  }
  return bars;
}

// One BTCUSDT lane over `bars` with 10,000 USDT; runs `strategy`.
struct OneLane {
  Instrument btc = *find_builtin_instrument("BTCUSDT");
  SimulatedClock clock;
  Kernel kernel{clock};
  Portfolio book{D("10000")};
  SimulatedVenue venue{btc, {}};
  std::vector<Bar> bars;
  OneLane(Strategy& strategy, std::vector<Bar> data) : bars(std::move(data)) {
    kernel.add_instrument(btc, venue, book, &strategy);
    kernel.add_source(std::make_unique<SpanSource<Bar>>(bars, btc.id(), "bars"));
  }
  const Order& order(const char* client_id) {
    return *kernel.orders(0).find_client(ClientOrderId(client_id));
  }
};

TEST(StrategyApi, ModifiesThenCancelsEveryOpenOrder) {
  struct S final : Strategy {
    std::vector<std::size_t> open_seen;
    bool cancel_finished = true;
    std::size_t cancelled = 0;
    int bar = 0;
    void on_bar(StrategyContext& ctx, const Bar&) override {
      if (bar == 0) {
        OrderRequest r;
        r.type = OrderType::Limit;
        r.quantity = D("0.001");
        r.price = D("90000");
        r.client_order_id = ClientOrderId("a");
        ctx.submit_order(r);
        r.price = D("89000");
        r.client_order_id = ClientOrderId("b");
        ctx.submit_order(r);
      } else if (bar == 1) {
        EXPECT_TRUE(ctx.modify_order(ClientOrderId("a"), D("91000"), Decimal{}));
      } else if (bar == 2) {
        cancelled = ctx.cancel_all_orders();
      } else if (bar == 3) {
        cancel_finished = ctx.cancel_order(ClientOrderId("a"));
      }
      open_seen.push_back(ctx.open_orders().size());
      ++bar;
    }
  } s;
  OneLane run(s, flat_bars(5));
  run.kernel.run();
  // Two resting bids below the market (low 99,900) never fill; the first is moved to 91,000
  // at bar 1, both cancelled at bar 2; cancelling a finished order is refused at once.
  EXPECT_EQ(s.open_seen, (std::vector<std::size_t>{2, 2, 2, 0, 0}));
  EXPECT_EQ(s.cancelled, 2u);
  EXPECT_FALSE(s.cancel_finished);
  EXPECT_EQ(run.order("a").price, D("91000"));
  EXPECT_EQ(run.order("a").status, OrderStatus::Cancelled);
  EXPECT_EQ(run.order("b").status, OrderStatus::Cancelled);
}

TEST(StrategyApi, ABracketExitsAtItsTakeProfitAndCancelsItsStop) {
  struct S final : Strategy {
    std::vector<std::string> positions;
    bool sent = false;
    void on_bar(StrategyContext& ctx, const Bar&) override {
      if (sent) return;
      sent = true;
      OrderRequest entry;
      entry.quantity = D("0.01");
      ctx.submit_bracket(entry, D("99000"), D("100200"));
    }
    void on_position_update(StrategyContext&, const PositionUpdate& u) override {
      positions.push_back(u.quantity.to_string());
    }
  } s;
  // The entry fills at bar 1's open (100,000) and creates its stop-loss (99,000) and
  // take-profit (100,200) as a one-cancels-other pair; bar 2 reaches 100,300, the take-profit
  // sells, the stop is cancelled.
  OneLane run(s, {test::minute_bar(0, "100000", "100100", "99900", "100000", "100"),
                  test::minute_bar(1, "100000", "100100", "99900", "100000", "100"),
                  test::minute_bar(2, "100000", "100300", "99950", "100100", "100"),
                  test::minute_bar(3, "100100", "100150", "100050", "100100", "100")});
  run.kernel.run();
  EXPECT_EQ(run.order("talon-1").status, OrderStatus::Filled);
  EXPECT_EQ(run.order("talon-1-tp").status, OrderStatus::Filled);
  EXPECT_EQ(run.order("talon-1-sl").status, OrderStatus::Cancelled);
  EXPECT_EQ(s.positions, (std::vector<std::string>{"0.01", "0"}));
}

TEST(StrategyApi, TimersFireOnTheSimulatedClockBetweenEvents) {
  struct S final : Strategy {
    std::vector<std::string> seen;
    std::uint64_t dropped = 0;
    void on_start(StrategyContext& ctx) override {
      ctx.set_timer(Timestamp::from_ns(kT0.ns + 30 * kNanosPerSecond), "tick", kNanosPerMinute);
      ctx.set_timer(Timestamp::from_ns(kT0.ns + 90 * kNanosPerSecond), "once");
      dropped = ctx.set_timer(Timestamp::from_ns(kT0.ns + 100 * kNanosPerSecond), "dropped");
    }
    void on_bar(StrategyContext& ctx, const Bar&) override {
      seen.push_back("bar " + ms(ctx.now()));
      if (dropped != 0) {
        EXPECT_TRUE(ctx.cancel_timer(dropped));
        EXPECT_FALSE(ctx.cancel_timer(dropped));
        dropped = 0;
      }
    }
    void on_timer(StrategyContext& ctx, const Timer& t) override {
      EXPECT_EQ(ctx.now(), t.at);
      seen.push_back(t.name + " " + ms(ctx.now()));
    }
  } s;
  OneLane run(s, flat_bars(3));
  run.kernel.run();
  // Bars close at 59,999, 119,999 and 179,999 ms. "once" was set before "tick" fired for
  // the first time and re-armed, so at 90 s it goes first. The repeat at 210 s is after the
  // last event: it never fires.
  const std::vector<std::string> want = {"tick 30000", "bar 59999",   "once 90000", "tick 90000",
                                         "bar 119999", "tick 150000", "bar 179999"};
  EXPECT_EQ(s.seen, want);
}

TEST(StrategyApi, FillAndPositionCallbacksFollowTheOrderUpdate) {
  struct S final : Strategy {
    std::vector<std::string> seen;
    int bar = 0;
    void on_bar(StrategyContext& ctx, const Bar&) override {
      OrderRequest r;
      r.quantity = D("0.01");
      if (bar == 0) ctx.submit_order(r);
      if (bar == 2) {
        r.side = OrderSide::Sell;
        ctx.submit_order(r);
      }
      ++bar;
    }
    void on_order_update(StrategyContext&, const Order& o) override {
      seen.push_back(std::string("order ") + std::string(to_string(o.status)));
    }
    void on_fill(StrategyContext&, const Fill& f) override {
      seen.push_back("fill " + f.quantity.to_string() + " @ " + f.price.to_string());
    }
    void on_position_update(StrategyContext& ctx, const PositionUpdate& u) override {
      EXPECT_EQ(u.side, PositionSide::Both);
      EXPECT_EQ(ctx.position(PositionSide::Both), u.quantity);
      seen.push_back("position " + u.previous.to_string() + " -> " + u.quantity.to_string() +
                     " at " + ms(u.at));
    }
  } s;
  OneLane run(s, flat_bars(4));
  run.kernel.run();
  // A market order placed at a close fills at the next open (100,000): bar 1 opens at 60 s.
  const std::vector<std::string> want = {"order SUBMITTED",
                                         "order NEW",
                                         "order FILLED",
                                         "fill 0.01 @ 100000",
                                         "position 0 -> 0.01 at 60000",
                                         "order SUBMITTED",
                                         "order NEW",
                                         "order FILLED",
                                         "fill 0.01 @ 100000",
                                         "position 0.01 -> 0 at 180000"};
  EXPECT_EQ(s.seen, want);
}

TEST(StrategyApi, LogLinesCarryTheSimulatedTimeAndInstrument) {
  struct S final : Strategy {
    void on_bar(StrategyContext& ctx, const Bar& bar) override {
      ctx.log(LogLevel::Info, "close " + bar.close.to_string());
    }
  } s;
  OneLane run(s, flat_bars(2));
  std::vector<std::string> lines;
  run.kernel.set_log([&](Timestamp t, const InstrumentId& id, LogLevel level, std::string_view m) {
    lines.push_back(ms(t) + " " + std::string(id.symbol()) + " " + std::string(to_string(level)) +
                    " " + std::string(m));
  });
  run.kernel.run();
  EXPECT_EQ(lines, (std::vector<std::string>{"59999 BTCUSDT info close 100000",
                                             "119999 BTCUSDT info close 100000"}));
}

TEST(StrategyApi, BarsAgoReadsKeptBarsAndRefusesTheFuture) {
  struct S final : Strategy {
    std::vector<std::string> seen;
    IndicatorRef sma;
    void on_start(StrategyContext& ctx) override {
      ctx.keep_bars(3);
      ctx.indicators().keep(2);
      sma = ctx.indicator("SMA", {{"period", 2}});
    }
    void on_bar(StrategyContext& ctx, const Bar& bar) override {
      EXPECT_EQ(ctx.bars_ago(0)->close, bar.close);
      const Bar* two = ctx.bars_ago(2);
      seen.push_back(two == nullptr ? "-" : two->close.to_string());
      EXPECT_EQ(ctx.bars_ago(3), nullptr);  // only 3 kept
      EXPECT_THROW(ctx.bars_ago(-1), InvalidArgument);
      EXPECT_THROW(ctx.value_ago(sma, 0, -1), InvalidArgument);
      const auto before = ctx.value_ago(sma, 0, 1);
      seen.push_back(before ? std::to_string(static_cast<int>(*before)) : "-");
    }
  } s;
  const std::vector<Bar> bars = {
      test::minute_bar(0, "10", "12", "9", "10"), test::minute_bar(1, "10", "12", "9", "11"),
      test::minute_bar(2, "11", "12", "9", "12"), test::minute_bar(3, "12", "14", "9", "13")};
  OneLane run(s, bars);
  run.kernel.run();
  // bars_ago(2) at bars 2 and 3: closes 10 and 11. SMA(2) one bar back: ready from bar 2
  // (the SMA after bar 1 = (10 + 11) / 2 = 10.5 → 10 as int), bar 3: (11 + 12) / 2 = 11.5.
  EXPECT_EQ(s.seen, (std::vector<std::string>{"-", "-", "-", "-", "10", "10", "11", "11"}));
}

// Decides BUY (and buys) at bar 0, HOLD at bar 1, SELL of a quantity below the lot size
// (refused by LOT_SIZE) at bar 2.
struct Decider final : Strategy {
  bool records_hold = false;
  int bar = 0;
  void on_bar(StrategyContext& ctx, const Bar&) override {
    TradeDecision d;
    OrderRequest r;
    if (bar == 0) {
      d.action = DecisionAction::Buy;
      d.size = D("0.01");
      d.confidence = D("0.8");
      d.reasoning = "first bar";
      ctx.decide(d);
      r.quantity = D("0.01");
      ctx.submit_order(r);
    } else if (bar == 1) {
      records_hold = ctx.records(DecisionAction::Hold);
      d.reasoning = "nothing new";
      ctx.decide(d);
    } else if (bar == 2) {
      d.action = DecisionAction::Sell;
      d.size = D("0.000001");
      ctx.decide(d);
      r.side = OrderSide::Sell;
      r.quantity = D("0.000001");
      ctx.submit_order(r);
    }
    ++bar;
  }
};

TEST(StrategyApi, DecisionsAreLinkedToTheirOrdersAndKeptByLevel) {
  for (const DecisionRecording level :
       {DecisionRecording::None, DecisionRecording::Actions, DecisionRecording::All}) {
    Decider s;
    OneLane run(s, flat_bars(4));
    DecisionLog log;
    run.kernel.set_decisions(&log, level);
    run.kernel.run();
    const std::vector<TradeDecision>& got = log.decisions();
    EXPECT_EQ(s.records_hold, level == DecisionRecording::All);
    if (level == DecisionRecording::None) {
      EXPECT_TRUE(got.empty());
      continue;
    }
    ASSERT_EQ(got.size(), level == DecisionRecording::All ? 3u : 2u);
    const TradeDecision& buy = got.front();
    EXPECT_EQ(buy.action, DecisionAction::Buy);
    EXPECT_EQ(ms(buy.at), "59999");
    EXPECT_EQ(buy.instrument, run.btc.id());
    EXPECT_EQ(buy.orders, std::vector<ClientOrderId>{ClientOrderId("talon-1")});
    EXPECT_TRUE(buy.approved);
    EXPECT_EQ(buy.confidence, D("0.8"));
    EXPECT_FALSE(buy.id.is_nil());
    if (level == DecisionRecording::All) {
      EXPECT_EQ(got[1].action, DecisionAction::Hold);
      EXPECT_TRUE(got[1].orders.empty());
      EXPECT_TRUE(got[1].approved);
    }
    const TradeDecision& sell = got.back();
    EXPECT_EQ(sell.action, DecisionAction::Sell);
    EXPECT_EQ(sell.orders, std::vector<ClientOrderId>{ClientOrderId("talon-2")});
    EXPECT_FALSE(sell.approved);
    EXPECT_NE(sell.risk_reason.find("LOT_SIZE"), std::string::npos) << sell.risk_reason;
  }
}

TEST(StrategyApi, StateIsRestoredBeforeOnStartAndHandedBackAfterTheRun) {
  struct Counter final : Strategy {
    void on_start(StrategyContext& ctx) override {
      const auto runs = ctx.state("runs");
      ctx.set_state("runs", std::to_string(runs ? std::stoi(*runs) + 1 : 1));
      EXPECT_THROW(ctx.set_state("", "x"), InvalidArgument);
    }
    void on_bar(StrategyContext& ctx, const Bar& bar) override {
      ctx.set_state("last_close", bar.close.to_string());
    }
  };
  const std::vector<Bar> bars = {test::minute_bar(0, "10", "12", "9", "11"),
                                 test::minute_bar(1, "11", "12", "9", "10.5")};
  BacktestConfig config;
  config.instrument = *find_builtin_instrument("BTCUSDT");
  std::map<std::string, std::string> state;
  config.state = &state;
  Counter first;
  run_backtest(config, bars, first);
  EXPECT_EQ(state, (std::map<std::string, std::string>{{"last_close", "10.5"}, {"runs", "1"}}));
  // A restart: the state saved by the first run is there at on_start.
  Counter second;
  run_backtest(config, bars, second);
  EXPECT_EQ(state.at("runs"), "2");
}

TEST(StrategyApi, DecisionRecordingLevelsParseByName) {
  EXPECT_EQ(parse_decision_recording("none"), DecisionRecording::None);
  EXPECT_EQ(parse_decision_recording("actions"), DecisionRecording::Actions);
  EXPECT_EQ(parse_decision_recording("all"), DecisionRecording::All);
  EXPECT_THROW(parse_decision_recording("hold"), InvalidArgument);
  EXPECT_EQ(parse_decision_action("CLOSE_POSITION"), DecisionAction::ClosePosition);
  EXPECT_EQ(to_string(DecisionAction::OpenShort), "OPEN_SHORT");
}

}  // namespace
}  // namespace talon
