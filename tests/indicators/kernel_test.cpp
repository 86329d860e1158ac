// The dedicated batch kernels (kernels.cpp) give the streaming step's doubles exactly, also on
// inputs shorter than the warm-up, at the smallest periods, and they reject bad inputs with
// the index like every batch function.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <talon/indicators/atr.hpp>
#include <talon/indicators/ema.hpp>
#include <talon/indicators/momentum.hpp>
#include <talon/indicators/rsi.hpp>
#include <talon/indicators/sma.hpp>
#include <talon/indicators/stddev.hpp>
#include <talon/indicators/wma.hpp>

#include "indicators/reference.hpp"

namespace talon::indicators {
namespace {

bool same(double a, double b) {
  return std::isnan(a) ? std::isnan(b) : a == b;
}

template <typename Ind, typename Kernel>
void expect_kernel_equals_stream(int period, Kernel kernel, const char* what) {
  const BarColumns& bars = test::reference_bars();
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, static_cast<std::size_t>(period),
                        static_cast<std::size_t>(period) + 1, std::size_t{500}}) {
    const std::span<const double> x(bars.close.data(), n);
    std::vector<double> out(n);
    kernel(x, std::span<double>(out));
    Ind ind(period);
    for (std::size_t i = 0; i < n; ++i) {
      const double want = ind.step(x[i]);
      ASSERT_TRUE(same(out[i], want)) << what << " period " << period << " n " << n << " bar " << i
                                      << ": " << out[i] << " vs " << want;
    }
  }
}

TEST(Kernels, PriceKernelsEqualTheStreamingStepForEveryLengthAndSmallPeriods) {
  for (int p : {1, 2, 3, 14}) {
    expect_kernel_equals_stream<Sma>(
        p, [p](auto x, auto o) { sma_into(x, p, o); }, "SMA");
    expect_kernel_equals_stream<Ema>(
        p, [p](auto x, auto o) { ema_into(x, p, o); }, "EMA");
    expect_kernel_equals_stream<Wma>(
        p, [p](auto x, auto o) { wma_into(x, p, o); }, "WMA");
    expect_kernel_equals_stream<Mom>(
        p, [p](auto x, auto o) { mom_into(x, p, o); }, "MOM");
    expect_kernel_equals_stream<Roc>(
        p, [p](auto x, auto o) { roc_into(x, p, o); }, "ROC");
    if (p >= 2) {
      expect_kernel_equals_stream<Rsi>(
          p, [p](auto x, auto o) { rsi_into(x, p, o); }, "RSI");
    }
  }
}

TEST(Kernels, BarKernelsEqualTheStreamingStepForEveryLengthAndSmallPeriods) {
  const BarColumns& b = test::reference_bars();
  for (int p : {1, 2, 14}) {
    for (std::size_t n :
         {std::size_t{0}, std::size_t{1}, static_cast<std::size_t>(p) + 1, std::size_t{300}}) {
      const std::span<const double> h(b.high.data(), n), l(b.low.data(), n), c(b.close.data(), n);
      std::vector<double> a(n), na(n), tr(n), sd(n);
      atr_into(h, l, c, p, a);
      natr_into(h, l, c, p, na);
      trange_into(h, l, c, tr);
      Atr atr(p);
      Natr natr(p);
      TrueRange trange;
      for (std::size_t i = 0; i < n; ++i) {
        ASSERT_TRUE(same(a[i], atr.step(h[i], l[i], c[i]))) << "ATR " << p << " " << n << " " << i;
        ASSERT_TRUE(same(na[i], natr.step(h[i], l[i], c[i])))
            << "NATR " << p << " " << n << " " << i;
        ASSERT_TRUE(same(tr[i], trange.step(h[i], l[i], c[i]))) << "TRANGE " << n << " " << i;
      }
      if (p >= 2) {
        stddev_into(c, p, 1.5, sd);
        StdDev s(p, 1.5);
        for (std::size_t i = 0; i < n; ++i)
          ASSERT_TRUE(same(sd[i], s.step(c[i]))) << "STDDEV " << i;
      }
    }
  }
}

TEST(Kernels, ABadInputAnywhereIsReportedWithItsIndex) {
  std::vector<double> x(100, 100.0), o(100);
  for (std::size_t bad : {std::size_t{0}, std::size_t{5}, std::size_t{99}}) {
    x[bad] = std::numeric_limits<double>::infinity();
    try {
      ema_into(x, 10, o);
      FAIL() << bad;
    } catch (const InvalidArgument& e) {
      EXPECT_NE(std::string(e.what()).find(fmt::format("price[{}]", bad)), std::string::npos)
          << e.what();
    }
    x[bad] = 100.0;
  }
  std::vector<double> h(50, 2.0), l(50, 1.0), c(50, 1.5);
  l[30] = 3.0;  // low above high
  EXPECT_THROW(atr_into(h, l, c, 14, o), InvalidArgument);
}

}  // namespace
}  // namespace talon::indicators
