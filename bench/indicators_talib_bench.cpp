// <NAME>/talib: TA-Lib's C function over the same 1,000,000 bars and caller buffers as
// <NAME>/talon_batch. Built only in talon_bench_talib (bench/talib.cmake); empty otherwise.
#ifdef TALON_WITH_TALIB

#include <benchmark/benchmark.h>

extern "C" {
#include <ta_libc.h>
}

#include "indicators_bench.hpp"

namespace talon::indicators {
namespace {

#define TALIB_BENCH(NAME, CALL)                                                            \
  void BM_talib_##NAME(benchmark::State& state) {                                          \
    static const bool initialised = TA_Initialize() == TA_SUCCESS;                         \
    const BarColumns& c = bench::indicator_bars();                                         \
    const double *h = c.high.data(), *l = c.low.data(), *cl = c.close.data(),              \
                 *v = c.volume.data();                                                     \
    const int last = static_cast<int>(c.size()) - 1;                                       \
    std::vector<double> o1(c.size()), o2(c.size()), o3(c.size());                          \
    int beg = 0, nb = 0;                                                                   \
    for (auto _ : state) {                                                                 \
      if (!initialised || (CALL) != TA_SUCCESS) state.SkipWithError("TA-Lib call failed"); \
      benchmark::DoNotOptimize(o1.data());                                                 \
      benchmark::ClobberMemory();                                                          \
    }                                                                                      \
    (void)h, (void)l, (void)cl, (void)v;                                                   \
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * c.size()));     \
  }                                                                                        \
  BENCHMARK(BM_talib_##NAME)->Name(#NAME "/talib")->Unit(benchmark::kMillisecond);

TALIB_BENCH(SMA, TA_SMA(0, last, cl, 30, &beg, &nb, o1.data()))
TALIB_BENCH(EMA, TA_EMA(0, last, cl, 30, &beg, &nb, o1.data()))
TALIB_BENCH(WMA, TA_WMA(0, last, cl, 30, &beg, &nb, o1.data()))
TALIB_BENCH(DEMA, TA_DEMA(0, last, cl, 30, &beg, &nb, o1.data()))
TALIB_BENCH(TEMA, TA_TEMA(0, last, cl, 30, &beg, &nb, o1.data()))
TALIB_BENCH(KAMA, TA_KAMA(0, last, cl, 30, &beg, &nb, o1.data()))
TALIB_BENCH(RSI, TA_RSI(0, last, cl, 14, &beg, &nb, o1.data()))
TALIB_BENCH(MOM, TA_MOM(0, last, cl, 10, &beg, &nb, o1.data()))
TALIB_BENCH(ROC, TA_ROC(0, last, cl, 10, &beg, &nb, o1.data()))
TALIB_BENCH(LINEARREG_SLOPE, TA_LINEARREG_SLOPE(0, last, cl, 14, &beg, &nb, o1.data()))
TALIB_BENCH(STDDEV, TA_STDDEV(0, last, cl, 20, 2.0, &beg, &nb, o1.data()))
TALIB_BENCH(MACD, TA_MACD(0, last, cl, 12, 26, 9, &beg, &nb, o1.data(), o2.data(), o3.data()))
TALIB_BENCH(BBANDS, TA_BBANDS(0, last, cl, 20, 2.0, 2.0, TA_MAType_SMA, &beg, &nb, o1.data(),
                              o2.data(), o3.data()))
TALIB_BENCH(STOCHRSI,
            TA_STOCHRSI(0, last, cl, 14, 5, 3, TA_MAType_SMA, &beg, &nb, o1.data(), o2.data()))
TALIB_BENCH(TRANGE, TA_TRANGE(0, last, h, l, cl, &beg, &nb, o1.data()))
TALIB_BENCH(ATR, TA_ATR(0, last, h, l, cl, 14, &beg, &nb, o1.data()))
TALIB_BENCH(NATR, TA_NATR(0, last, h, l, cl, 14, &beg, &nb, o1.data()))
TALIB_BENCH(WILLR, TA_WILLR(0, last, h, l, cl, 14, &beg, &nb, o1.data()))
TALIB_BENCH(CCI, TA_CCI(0, last, h, l, cl, 14, &beg, &nb, o1.data()))
TALIB_BENCH(STOCH, TA_STOCH(0, last, h, l, cl, 5, 3, TA_MAType_SMA, 3, TA_MAType_SMA, &beg, &nb,
                            o1.data(), o2.data()))
TALIB_BENCH(STOCHF,
            TA_STOCHF(0, last, h, l, cl, 5, 3, TA_MAType_SMA, &beg, &nb, o1.data(), o2.data()))
TALIB_BENCH(ADX, TA_ADX(0, last, h, l, cl, 14, &beg, &nb, o1.data()))
TALIB_BENCH(PLUS_DI, TA_PLUS_DI(0, last, h, l, cl, 14, &beg, &nb, o1.data()))
TALIB_BENCH(MINUS_DI, TA_MINUS_DI(0, last, h, l, cl, 14, &beg, &nb, o1.data()))
TALIB_BENCH(MFI, TA_MFI(0, last, h, l, cl, v, 14, &beg, &nb, o1.data()))
TALIB_BENCH(OBV, TA_OBV(0, last, cl, v, &beg, &nb, o1.data()))
TALIB_BENCH(AROON, TA_AROON(0, last, h, l, 14, &beg, &nb, o1.data(), o2.data()))
TALIB_BENCH(SAR, TA_SAR(0, last, h, l, 0.02, 0.2, &beg, &nb, o1.data()))

}  // namespace
}  // namespace talon::indicators

#endif  // TALON_WITH_TALIB
