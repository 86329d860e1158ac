// L2 book maintenance on real Binance BTCUSDT depth data: level changes applied per second
// (snapshot of 1,000 levels a side, then every depthUpdate of the 11-minute capture when
// ../shared/data is present, otherwise the 60-second slice in tests/data), and the book
// venue replaying depth and trades with a resting order in the queue.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include <talon/data/binance_depth_csv.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/engine/kernel.hpp>
#include <talon/execution/order_manager.hpp>
#include <talon/execution/portfolio.hpp>
#include <talon/venue/book_venue.hpp>

namespace talon {
namespace {

std::string pick(const std::string& shared, const std::string& slice) {
  const std::string s = std::string(TALON_SHARED_DATA_DIR) + "/" + shared;
  const std::string path =
      std::filesystem::exists(s) ? s : std::string(TALON_REPO_DATA_DIR) + "/../tests/data/" + slice;
  std::fprintf(stderr, "bench data: %s\n", path.c_str());
  return path;
}

struct DepthData {
  DepthSnapshot snapshot;
  std::vector<DepthUpdate> updates;
  std::vector<TradeTick> trades;
  std::size_t changes = 0;
};

const DepthData& depth_data() {
  static const DepthData d = [] {
    DepthData out;
    const std::string snap =
        pick("binance_spot_BTCUSDT_depth_snapshot_2024-08-08T2354_2024-08-09T0005.csv.gz",
             "binance_spot_BTCUSDT_depth_snapshot_2024-08-08T235414.csv.gz");
    const std::string upd =
        pick("binance_spot_BTCUSDT_depth_updates_2024-08-08T2354_2024-08-09T0005.csv.gz",
             "binance_spot_BTCUSDT_depth_updates_2024-08-08T235415_60s.csv.gz");
    const std::string trd =
        pick("binance_spot_BTCUSDT_trades_2024-08-08T2354_2024-08-09T0005.csv.gz",
             "binance_spot_BTCUSDT_trades_2024-08-08T235415_60s.csv.gz");
    out.snapshot = parse_depth_snapshot_csv(read_maybe_gzip(snap), snap);
    out.updates = parse_depth_updates_csv(read_maybe_gzip(upd), upd);
    out.trades = parse_trades_csv(read_maybe_gzip(trd), trd);
    for (const DepthUpdate& u : out.updates) {
      if (u.final_update_id > out.snapshot.last_update_id) out.changes += u.changes.size();
    }
    return out;
  }();
  return d;
}

void BM_L2BookApplyUpdates(benchmark::State& state) {
  const DepthData& d = depth_data();
  L2Book book;
  for (auto _ : state) {
    state.PauseTiming();
    book.load(d.snapshot);
    state.ResumeTiming();
    for (const DepthUpdate& u : d.updates) book.apply(u);
    benchmark::DoNotOptimize(book.best_bid());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * d.changes));
  state.counters["level_changes"] = static_cast<double>(d.changes);
}
BENCHMARK(BM_L2BookApplyUpdates)->Unit(benchmark::kMillisecond);

void BM_BookVenueReplayWithRestingOrder(benchmark::State& state) {
  const DepthData& d = depth_data();
  const Instrument instrument = *find_builtin_instrument("BTCUSDT");
  std::size_t events = 0;
  for (auto _ : state) {
    state.PauseTiming();
    Portfolio portfolio(Decimal::from_int(1'000'000));
    BookVenue venue(instrument, BookVenueConfig{});
    OrderManager om(instrument, portfolio, venue);
    ReportQueue reports;
    venue.set_report_sink(&reports);
    auto deliver = [&] { reports.drain([&](const ExecutionReport& r) { om.apply(r); }); };
    venue.load_snapshot(d.snapshot);
    std::size_t ui = 0;
    while (ui < d.updates.size() && !venue.on_depth(d.updates[ui])) ++ui;
    OrderRequest bid;
    bid.type = OrderType::Limit;
    bid.quantity = Decimal::parse("0.01");
    bid.price = venue.book().best_bid()->price;
    om.submit(bid, d.updates[ui].at);
    std::size_t ti = 0;
    state.ResumeTiming();
    events = 0;
    while (ui < d.updates.size() || ti < d.trades.size()) {
      if (ti >= d.trades.size() || (ui < d.updates.size() && d.updates[ui].at <= d.trades[ti].at)) {
        venue.on_depth(d.updates[ui++]);
      } else {
        venue.on_trade(d.trades[ti++]);
      }
      deliver();
      ++events;
    }
    benchmark::DoNotOptimize(portfolio.cash());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * events));
  state.counters["events"] = static_cast<double>(events);
}
BENCHMARK(BM_BookVenueReplayWithRestingOrder)->Unit(benchmark::kMillisecond);

// The same replay through the kernel: depth updates and trades merged in time order by the
// event queue, each handed to the book venue and its reports delivered, a resting order in
// the queue. Items are depth messages plus trades; `level_changes_per_s` counts the book
// level changes those messages carry (the unit of BM_L2BookApplyUpdates).
void BM_BookReplayThroughKernel(benchmark::State& state) {
  const DepthData& d = depth_data();
  const Instrument instrument = *find_builtin_instrument("BTCUSDT");
  std::size_t first = 0;
  {
    L2Book probe;
    probe.load(d.snapshot);
    while (first < d.updates.size() && !probe.apply(d.updates[first])) ++first;
  }
  const std::span<const DepthUpdate> updates(d.updates.data() + first, d.updates.size() - first);
  std::size_t t0 = 0;
  while (t0 < d.trades.size() && d.trades[t0].at < updates.front().at) ++t0;
  const std::span<const TradeTick> trades(d.trades.data() + t0, d.trades.size() - t0);
  struct RestingBid final : Strategy {
    bool sent = false;
    void on_bar(StrategyContext&, const Bar&) override {}
    void on_book(StrategyContext& ctx, const DepthUpdate&) override {
      if (sent) return;
      sent = true;
      OrderRequest bid;
      bid.type = OrderType::Limit;
      bid.quantity = Decimal::parse("0.01");
      bid.price = Decimal::parse("61000");
      ctx.submit_order(bid);
    }
  };
  for (auto _ : state) {
    state.PauseTiming();
    Portfolio portfolio(Decimal::from_int(1'000'000));
    BookVenue venue(instrument, BookVenueConfig{});
    venue.load_snapshot(d.snapshot);
    SimulatedClock clock;
    Kernel kernel(clock);
    RestingBid strategy;
    kernel.add_instrument(instrument, venue, portfolio, &strategy);
    kernel.add_source(std::make_unique<SpanSource<DepthUpdate>>(updates, instrument.id(), "depth"));
    kernel.add_source(std::make_unique<SpanSource<TradeTick>>(trades, instrument.id(), "trades"));
    state.ResumeTiming();
    kernel.run();
    benchmark::DoNotOptimize(portfolio.cash());
  }
  state.SetItemsProcessed(
      static_cast<std::int64_t>(state.iterations() * (updates.size() + trades.size())));
  std::size_t changes = 0;
  for (const DepthUpdate& u : updates) changes += u.changes.size();
  state.counters["depth_messages"] = static_cast<double>(updates.size());
  state.counters["level_changes_per_s"] = benchmark::Counter(
      static_cast<double>(changes), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_BookReplayThroughKernel)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace talon
