// Indicator throughput over 1,000,000 real bars, in input bars per second ("values/s"):
//  <NAME>/talon_batch   the *_into batch function (inputs checked once, caller buffers)
//  <NAME>/talon_stream  a fresh streaming object fed bar by bar through update(), which
//                       checks every input, as live trading does
// talon_bench_talib adds <NAME>/talib (TA-Lib's C function on the same buffers) to the same
// run; see bench/talib.cmake and docs/bench/indicators.md.

#include "indicators_bench.hpp"

#include <benchmark/benchmark.h>

#include <talon/indicators/adx.hpp>
#include <talon/indicators/aroon.hpp>
#include <talon/indicators/atr.hpp>
#include <talon/indicators/cci.hpp>
#include <talon/indicators/dema.hpp>
#include <talon/indicators/donchian.hpp>
#include <talon/indicators/ema.hpp>
#include <talon/indicators/ichimoku.hpp>
#include <talon/indicators/kama.hpp>
#include <talon/indicators/keltner.hpp>
#include <talon/indicators/linearreg.hpp>
#include <talon/indicators/macd.hpp>
#include <talon/indicators/mfi.hpp>
#include <talon/indicators/momentum.hpp>
#include <talon/indicators/obv.hpp>
#include <talon/indicators/rsi.hpp>
#include <talon/indicators/sar.hpp>
#include <talon/indicators/sma.hpp>
#include <talon/indicators/stddev.hpp>
#include <talon/indicators/stoch.hpp>
#include <talon/indicators/supertrend.hpp>
#include <talon/indicators/vwap.hpp>
#include <talon/indicators/wma.hpp>

namespace talon::indicators {
namespace {

double first(double v) {
  return v;
}
double first(const MacdValue& v) {
  return v.macd;
}
double first(const BbandsValue& v) {
  return v.middle;
}
double first(const StochValue& v) {
  return v.k;
}
double first(const AdxValue& v) {
  return v.adx;
}
double first(const AroonValue& v) {
  return v.up;
}
double first(const ChannelValue& v) {
  return v.middle;
}
double first(const SupertrendValue& v) {
  return v.supertrend;
}
double first(const IchimokuValue& v) {
  return v.kijun;
}

void finish(benchmark::State& state) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * bench::kIndicatorBars));
}

// Batch: BODY uses c (columns), o1..o3 (output buffers).
#define TALON_BATCH(NAME, BODY)                                   \
  void BM_batch_##NAME(benchmark::State& state) {                 \
    const BarColumns& c = bench::indicator_bars();                \
    std::vector<double> o1(c.size()), o2(c.size()), o3(c.size()); \
    for (auto _ : state) {                                        \
      BODY;                                                       \
      benchmark::DoNotOptimize(o1.data());                        \
      benchmark::ClobberMemory();                                 \
    }                                                             \
    finish(state);                                                \
  }                                                               \
  BENCHMARK(BM_batch_##NAME)->Name(#NAME "/talon_batch")->Unit(benchmark::kMillisecond);

// Streaming: MAKE constructs the object, FEED is its update() call for bar i of c.
#define TALON_STREAM(NAME, MAKE, FEED)             \
  void BM_stream_##NAME(benchmark::State& state) { \
    const BarColumns& c = bench::indicator_bars(); \
    for (auto _ : state) {                         \
      auto ind = MAKE;                             \
      double sink = 0;                             \
      for (std::size_t i = 0; i < c.size(); ++i) { \
        const auto v = FEED;                       \
        if (v) sink += first(*v);                  \
      }                                            \
      benchmark::DoNotOptimize(sink);              \
    }                                              \
    finish(state);                                 \
  }                                                \
  BENCHMARK(BM_stream_##NAME)->Name(#NAME "/talon_stream")->Unit(benchmark::kMillisecond);

#define TALON_PRICE(NAME, CLASS, ARGS, FN) \
  TALON_BATCH(NAME, FN(c.close, ARGS, o1)) \
  TALON_STREAM(NAME, CLASS(ARGS), ind.update(c.close[i]))
#define TALON_BAR_STREAM(NAME, MAKE) TALON_STREAM(NAME, MAKE, ind.update(bench::bar_at(c, i)))

TALON_PRICE(SMA, Sma, 30, sma_into)
TALON_PRICE(EMA, Ema, 30, ema_into)
TALON_PRICE(WMA, Wma, 30, wma_into)
TALON_PRICE(DEMA, Dema, 30, dema_into)
TALON_PRICE(TEMA, Tema, 30, tema_into)
TALON_PRICE(KAMA, Kama, 30, kama_into)
TALON_PRICE(RSI, Rsi, 14, rsi_into)
TALON_PRICE(MOM, Mom, 10, mom_into)
TALON_PRICE(ROC, Roc, 10, roc_into)
TALON_PRICE(LINEARREG_SLOPE, LinRegSlope, 14, linearreg_slope_into)

TALON_BATCH(STDDEV, stddev_into(c.close, 20, 2.0, o1))
TALON_STREAM(STDDEV, StdDev(20, 2.0), ind.update(c.close[i]))
TALON_BATCH(MACD, macd_into(c.close, 12, 26, 9, o1, o2, o3))
TALON_STREAM(MACD, Macd(12, 26, 9), ind.update(c.close[i]))
TALON_BATCH(BBANDS, bbands_into(c.close, 20, 2.0, 2.0, o1, o2, o3))
TALON_STREAM(BBANDS, Bbands(20, 2.0, 2.0), ind.update(c.close[i]))
TALON_BATCH(STOCHRSI, stochrsi_into(c.close, 14, 5, 3, o1, o2))
TALON_STREAM(STOCHRSI, StochRsi(14, 5, 3), ind.update(c.close[i]))

TALON_BATCH(TRANGE, trange_into(c.high, c.low, c.close, o1))
TALON_BAR_STREAM(TRANGE, TrueRange())
TALON_BATCH(ATR, atr_into(c.high, c.low, c.close, 14, o1))
TALON_BAR_STREAM(ATR, Atr(14))
TALON_BATCH(NATR, natr_into(c.high, c.low, c.close, 14, o1))
TALON_BAR_STREAM(NATR, Natr(14))
TALON_BATCH(WILLR, willr_into(c.high, c.low, c.close, 14, o1))
TALON_BAR_STREAM(WILLR, WillR(14))
TALON_BATCH(CCI, cci_into(c.high, c.low, c.close, 14, o1))
TALON_BAR_STREAM(CCI, Cci(14))
TALON_BATCH(STOCH, stoch_into(c.high, c.low, c.close, 5, 3, 3, o1, o2))
TALON_BAR_STREAM(STOCH, Stoch(5, 3, 3))
TALON_BATCH(STOCHF, stochf_into(c.high, c.low, c.close, 5, 3, o1, o2))
TALON_BAR_STREAM(STOCHF, StochF(5, 3))
TALON_BATCH(ADX, adx_into(c.high, c.low, c.close, 14, o1, o2, o3))
TALON_BAR_STREAM(ADX, Adx(14))
TALON_BATCH(PLUS_DI, plus_di_into(c.high, c.low, c.close, 14, o1))
TALON_BAR_STREAM(PLUS_DI, PlusDi(14))
TALON_BATCH(MINUS_DI, minus_di_into(c.high, c.low, c.close, 14, o1))
TALON_BAR_STREAM(MINUS_DI, MinusDi(14))
TALON_BATCH(MFI, mfi_into(c.high, c.low, c.close, c.volume, 14, o1))
TALON_BAR_STREAM(MFI, Mfi(14))
TALON_BATCH(OBV, obv_into(c.close, c.volume, o1))
TALON_BAR_STREAM(OBV, Obv())
TALON_BATCH(AROON, aroon_into(c.high, c.low, 14, o1, o2))
TALON_BAR_STREAM(AROON, Aroon(14))
TALON_BATCH(SAR, sar_into(c.high, c.low, 0.02, 0.2, o1))
TALON_BAR_STREAM(SAR, Sar(0.02, 0.2))

// No TA-Lib twin: streaming only (their batch form is the catalogue's compute_batch).
TALON_BAR_STREAM(DONCHIAN, Donchian(20))
TALON_BAR_STREAM(KELTNER, Keltner(20, 10, 2.0))
TALON_BAR_STREAM(SUPERTREND, Supertrend(10, 3.0))
TALON_BAR_STREAM(ICHIMOKU, Ichimoku(9, 26, 52, 26))
TALON_BAR_STREAM(VWAP, Vwap(1440))

}  // namespace
}  // namespace talon::indicators
