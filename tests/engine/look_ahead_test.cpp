// No look-ahead: a strategy over two days of real BTCUSDT 1-minute bars (Binance spot,
// 2025-06-01..02, tests/data) that builds 1h and 5m bars and tries to read the future. The
// expected higher-timeframe bars are aggregated here, independently, from the file's bars
// whose close time has passed on the simulated clock.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <talon/data/kline_reader.hpp>
#include <talon/engine/kernel.hpp>
#include <talon/execution/portfolio.hpp>
#include <talon/venue/simulated_venue.hpp>

#include "test_data.hpp"

namespace talon {
namespace {

// The bar of interval `interval` opening at `start`, from every 1m bar inside it.
Bar aggregate(const std::vector<Bar>& bars, std::int64_t start, std::int64_t interval) {
  Bar out;
  bool first = true;
  for (const Bar& b : bars) {
    if (b.open_time.ns < start || b.open_time.ns >= start + interval) continue;
    if (first) {
      out = b;
      first = false;
      continue;
    }
    out.high = std::max(out.high, b.high);
    out.low = std::min(out.low, b.low);
    out.close = b.close;
    out.volume += b.volume;
  }
  out.open_time = Timestamp::from_ns(start);
  out.close_time = Timestamp::from_ns(start + interval - kNanosPerMilli);
  return out;
}

struct Peeker final : Strategy {
  const std::vector<Bar>* all = nullptr;
  TimeframeRef hour, five;
  std::size_t checked = 0, hours_closed = 0, future_refused = 0;
  std::vector<std::string> mismatches;

  void on_start(StrategyContext& ctx) override {
    hour = ctx.timeframe(kNanosPerHour, 2);
    five = ctx.timeframe(5 * kNanosPerMinute);
  }
  void check(StrategyContext& ctx, TimeframeRef tf, std::int64_t interval) {
    const Timestamp now = ctx.now();
    // The latest interval whose end (close_time + 1 ms) is not after now + 1 ms.
    const std::int64_t end = (now.ns + kNanosPerMilli) / interval * interval;
    const Bar* got = ctx.timeframe_bar(tf);
    if (end - interval < all->front().open_time.ns) {
      if (got != nullptr) mismatches.push_back("bar before the first close at " + to_iso8601(now));
      return;
    }
    const Bar want = aggregate(*all, end - interval, interval);
    if (got == nullptr || got->open_time != want.open_time || got->close_time > now ||
        got->open != want.open || got->high != want.high || got->low != want.low ||
        got->close != want.close || got->volume != want.volume) {
      mismatches.push_back("at " + to_iso8601(now));
    }
    ++checked;
  }
  void on_bar(StrategyContext& ctx, const Bar& bar) override {
    check(ctx, hour, kNanosPerHour);
    check(ctx, five, 5 * kNanosPerMinute);
    // Reading the next bar or the hour being built is refused.
    try {
      ctx.bars_ago(-1);
    } catch (const InvalidArgument&) {
      ++future_refused;
    }
    try {
      ctx.timeframe_bar(hour, -1);
    } catch (const InvalidArgument&) {
      ++future_refused;
    }
    // Half past any hour: the hour bar seen is the previous one, which closed 30 min ago.
    if ((bar.open_time.ns / kNanosPerMinute) % 60 == 29) {
      const Bar* h = ctx.timeframe_bar(hour);
      if (h != nullptr && ctx.now().ns - h->close_time.ns != 30 * kNanosPerMinute) {
        mismatches.push_back("half past at " + to_iso8601(ctx.now()));
      }
    }
  }
  void on_timeframe_bar(StrategyContext& ctx, TimeframeRef tf, const Bar& bar) override {
    if (!(tf == hour)) return;
    ++hours_closed;
    if (bar.close_time != ctx.now()) mismatches.push_back("hour close " + to_iso8601(ctx.now()));
  }
};

TEST(LookAhead, HigherTimeframeBarsAppearOnlyOnceClosedAndTheNextBarIsRefused) {
  const KlineSeries series =
      read_klines(test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"));
  ASSERT_EQ(series.bars.size(), 2880u);
  const Instrument btc = *find_builtin_instrument("BTCUSDT");
  SimulatedClock clock;
  Kernel kernel(clock);
  Portfolio book(Decimal::from_int(10'000));
  SimulatedVenue venue(btc, {});
  Peeker s;
  s.all = &series.bars;
  kernel.add_instrument(btc, venue, book, &s);
  kernel.add_source(std::make_unique<SpanSource<Bar>>(series.bars, btc.id(), "bars"));
  kernel.run();
  EXPECT_TRUE(s.mismatches.empty()) << s.mismatches.size() << " mismatches, first "
                                    << (s.mismatches.empty() ? "" : s.mismatches.front());
  EXPECT_EQ(s.hours_closed, 48u);
  EXPECT_EQ(s.future_refused, 2 * 2880u);
  EXPECT_GT(s.checked, 2 * 2880u - 70);
}

}  // namespace
}  // namespace talon
