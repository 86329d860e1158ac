// The dedicated batch kernels (kernels.cpp) give the streaming step's doubles exactly, also on
// inputs shorter than the warm-up, at the smallest periods, and they reject bad inputs with
// the index like every batch function.

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <utility>

#include <talon/indicators/adx.hpp>
#include <talon/indicators/aroon.hpp>
#include <talon/indicators/atr.hpp>
#include <talon/indicators/ema.hpp>
#include <talon/indicators/kama.hpp>
#include <talon/indicators/linearreg.hpp>
#include <talon/indicators/mfi.hpp>
#include <talon/indicators/momentum.hpp>
#include <talon/indicators/obv.hpp>
#include <talon/indicators/rsi.hpp>
#include <talon/indicators/sar.hpp>
#include <talon/indicators/sma.hpp>
#include <talon/indicators/stddev.hpp>
#include <talon/indicators/stoch.hpp>
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
      expect_kernel_equals_stream<Kama>(
          p, [p](auto x, auto o) { kama_into(x, p, o); }, "KAMA");
      expect_kernel_equals_stream<LinRegSlope>(
          p, [p](auto x, auto o) { linearreg_slope_into(x, p, o); }, "LINEARREG_SLOPE");
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

// Columns that stress the kernels' branches: real bars, then a plateau (ties everywhere, a
// zero high-low range), a falling stretch (the window's extreme leaves it on every bar, so the
// window is rescanned each time) and a rising one.
BarColumns stress_bars() {
  BarColumns b = test::reference_bars();
  b.open.resize(400);
  b.high.resize(400);
  b.low.resize(400);
  b.close.resize(400);
  b.volume.resize(400);
  for (int k = 0; k < 60; ++k) {  // plateau
    b.high.push_back(100.0);
    b.low.push_back(100.0);
    b.close.push_back(100.0);
    b.volume.push_back(k % 3 == 0 ? 0.0 : 2.0);
  }
  for (int k = 0; k < 80; ++k) {  // falling, then rising
    const double mid = k < 40 ? 100.0 - k : 60.0 + (k - 40) * 1.5;
    b.high.push_back(mid + 0.5);
    b.low.push_back(mid - 0.5);
    b.close.push_back(mid + (k % 2 == 0 ? 0.25 : -0.25));
    b.volume.push_back(1.0 + k);
  }
  return b;
}

using Cols = std::span<const double>;

// Runs `kernel` on the first n bars of `b` for several n and compares every output with the
// streaming step fed the same bars (`step(i)` returns the streaming values of bar i).
template <std::size_t K, typename Kernel, typename Make>
void expect_bar_kernel(const BarColumns& b, Kernel kernel, Make make, const std::string& what) {
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{7},
                        std::size_t{30}, b.high.size()}) {
    const Cols h(b.high.data(), n), l(b.low.data(), n), c(b.close.data(), n), v(b.volume.data(), n);
    std::array<std::vector<double>, K> out;
    for (auto& o : out) o.assign(n, -1.0);
    kernel(h, l, c, v, out);
    auto step = make();
    for (std::size_t i = 0; i < n; ++i) {
      const std::array<double, K> want = step(h[i], l[i], c[i], v[i]);
      for (std::size_t k = 0; k < K; ++k)
        ASSERT_TRUE(same(out[k][i], want[k]))
            << what << " n " << n << " bar " << i << " output " << k << ": " << out[k][i]
            << " vs streaming " << want[k];
    }
  }
}

TEST(Kernels, WindowAndDirectionalKernelsEqualTheStreamingStepOnTiesPlateausAndTrends) {
  const BarColumns b = stress_bars();
  using A1 = std::array<double, 1>;
  using A2 = std::array<double, 2>;
  using A3 = std::array<double, 3>;
  for (int p : {2, 3, 14}) {
    const std::string ps = std::to_string(p);
    expect_bar_kernel<1>(
        b, [p](Cols h, Cols l, Cols c, Cols, auto& o) { willr_into(h, l, c, p, o[0]); },
        [p] {
          return [ind = WillR(p)](double h, double l, double c, double) mutable {
            return A1{ind.step(h, l, c)};
          };
        },
        "WILLR " + ps);
    expect_bar_kernel<2>(
        b, [p](Cols h, Cols l, Cols, Cols, auto& o) { aroon_into(h, l, p, o[0], o[1]); },
        [p] {
          return [ind = Aroon(p)](double h, double l, double, double) mutable {
            const AroonValue a = ind.step(h, l);
            return A2{a.down, a.up};
          };
        },
        "AROON " + ps);
    expect_bar_kernel<3>(
        b, [p](Cols h, Cols l, Cols c, Cols, auto& o) { adx_into(h, l, c, p, o[0], o[1], o[2]); },
        [p] {
          return [ind = Adx(p)](double h, double l, double c, double) mutable {
            const AdxValue a = ind.step(h, l, c);
            return A3{a.adx, a.plus_di, a.minus_di};
          };
        },
        "ADX " + ps);
    expect_bar_kernel<1>(
        b, [p](Cols h, Cols l, Cols c, Cols, auto& o) { plus_di_into(h, l, c, p, o[0]); },
        [p] {
          return [ind = PlusDi(p)](double h, double l, double c, double) mutable {
            return A1{ind.step(h, l, c)};
          };
        },
        "PLUS_DI " + ps);
    expect_bar_kernel<1>(
        b, [p](Cols h, Cols l, Cols c, Cols, auto& o) { minus_di_into(h, l, c, p, o[0]); },
        [p] {
          return [ind = MinusDi(p)](double h, double l, double c, double) mutable {
            return A1{ind.step(h, l, c)};
          };
        },
        "MINUS_DI " + ps);
    expect_bar_kernel<1>(
        b, [p](Cols h, Cols l, Cols c, Cols v, auto& o) { mfi_into(h, l, c, v, p, o[0]); },
        [p] {
          return [ind = Mfi(p)](double h, double l, double c, double v) mutable {
            return A1{ind.step(h, l, c, v)};
          };
        },
        "MFI " + ps);
  }
  struct Periods {
    int a, b, c;
  };
  for (const Periods q : {Periods{1, 1, 1}, Periods{2, 1, 2}, Periods{5, 3, 3}, Periods{14, 3, 3},
                          Periods{3, 4, 5}}) {
    const std::string ps = fmt::format("{}/{}/{}", q.a, q.b, q.c);
    expect_bar_kernel<2>(
        b,
        [q](Cols h, Cols l, Cols c, Cols, auto& o) {
          stoch_into(h, l, c, q.a, q.b, q.c, o[0], o[1]);
        },
        [q] {
          return [ind = Stoch(q.a, q.b, q.c)](double h, double l, double c, double) mutable {
            const StochValue s = ind.step(h, l, c);
            return A2{s.k, s.d};
          };
        },
        "STOCH " + ps);
    expect_bar_kernel<2>(
        b,
        [q](Cols h, Cols l, Cols c, Cols, auto& o) { stochf_into(h, l, c, q.a, q.b, o[0], o[1]); },
        [q] {
          return [ind = StochF(q.a, q.b)](double h, double l, double c, double) mutable {
            const StochValue s = ind.step(h, l, c);
            return A2{s.k, s.d};
          };
        },
        "STOCHF " + ps);
    const int rsi_period = q.a < 2 ? 2 : q.a;
    expect_bar_kernel<2>(
        b,
        [q, rsi_period](Cols, Cols, Cols c, Cols, auto& o) {
          stochrsi_into(c, rsi_period, q.b, q.c, o[0], o[1]);
        },
        [q, rsi_period] {
          return [ind = StochRsi(rsi_period, q.b, q.c)](double, double, double c, double) mutable {
            const StochValue s = ind.step(c);
            return A2{s.k, s.d};
          };
        },
        "STOCHRSI " + ps);
  }
  expect_bar_kernel<1>(
      b, [](Cols, Cols, Cols c, Cols v, auto& o) { obv_into(c, v, o[0]); },
      [] {
        return [ind = Obv()](double, double, double c, double v) mutable {
          return A1{ind.step(c, v)};
        };
      },
      "OBV");
  for (const auto& [accel, max] : {std::pair{0.02, 0.2}, std::pair{0.3, 0.1}}) {
    expect_bar_kernel<1>(
        b, [=](Cols h, Cols l, Cols, Cols, auto& o) { sar_into(h, l, accel, max, o[0]); },
        [=] {
          return [ind = Sar(accel, max)](double h, double l, double, double) mutable {
            return A1{ind.step(h, l)};
          };
        },
        fmt::format("SAR {}/{}", accel, max));
  }
}

// Every dedicated kernel rejects a bad input wherever it is (first bar, inside the warm-up,
// in the vectorised body, the odd last bar), naming the column and index.
TEST(Kernels, EveryKernelNamesTheFirstBadInputWhereverItIs) {
  const std::size_t n = 101;
  const std::vector<double> good_h(n, 2.0), good_l(n, 1.0), good_c(n, 1.5), good_v(n, 3.0);
  std::vector<double> o1(n), o2(n), o3(n);
  using Run = std::function<void(Cols, Cols, Cols, Cols)>;
  const std::vector<std::pair<std::string, Run>> kernels = {
      {"SMA", [&](Cols, Cols, Cols c, Cols) { sma_into(c, 3, o1); }},
      {"WMA", [&](Cols, Cols, Cols c, Cols) { wma_into(c, 3, o1); }},
      {"KAMA", [&](Cols, Cols, Cols c, Cols) { kama_into(c, 3, o1); }},
      {"LINEARREG_SLOPE", [&](Cols, Cols, Cols c, Cols) { linearreg_slope_into(c, 3, o1); }},
      {"RSI", [&](Cols, Cols, Cols c, Cols) { rsi_into(c, 3, o1); }},
      {"MOM", [&](Cols, Cols, Cols c, Cols) { mom_into(c, 3, o1); }},
      {"STOCHRSI", [&](Cols, Cols, Cols c, Cols) { stochrsi_into(c, 3, 3, 2, o1, o2); }},
      {"TRANGE", [&](Cols h, Cols l, Cols c, Cols) { trange_into(h, l, c, o1); }},
      {"WILLR", [&](Cols h, Cols l, Cols c, Cols) { willr_into(h, l, c, 3, o1); }},
      {"STOCH", [&](Cols h, Cols l, Cols c, Cols) { stoch_into(h, l, c, 3, 2, 2, o1, o2); }},
      {"STOCHF", [&](Cols h, Cols l, Cols c, Cols) { stochf_into(h, l, c, 3, 2, o1, o2); }},
      {"ADX", [&](Cols h, Cols l, Cols c, Cols) { adx_into(h, l, c, 3, o1, o2, o3); }},
      {"PLUS_DI", [&](Cols h, Cols l, Cols c, Cols) { plus_di_into(h, l, c, 3, o1); }},
      {"MINUS_DI", [&](Cols h, Cols l, Cols c, Cols) { minus_di_into(h, l, c, 3, o1); }},
      {"MFI", [&](Cols h, Cols l, Cols c, Cols v) { mfi_into(h, l, c, v, 3, o1); }},
      {"OBV", [&](Cols, Cols, Cols c, Cols v) { obv_into(c, v, o1); }},
      {"AROON", [&](Cols h, Cols l, Cols, Cols) { aroon_into(h, l, 3, o1, o2); }},
      {"SAR", [&](Cols h, Cols l, Cols, Cols) { sar_into(h, l, 0.02, 0.2, o1); }},
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const auto& [name, run] : kernels) {
    run(good_h, good_l, good_c, good_v);  // valid input: no throw
    const bool uses_high = name != "SMA" && name != "WMA" && name != "KAMA" &&
                           name != "LINEARREG_SLOPE" && name != "RSI" && name != "MOM" &&
                           name != "STOCHRSI" && name != "OBV";
    const bool uses_close = name != "AROON" && name != "SAR";
    const std::string close_field = uses_high ? "close" : "price";
    for (std::size_t bad : {std::size_t{0}, std::size_t{2}, std::size_t{50}, n - 1}) {
      auto expect_error = [&](Cols h, Cols l, Cols c, Cols v, const std::string& field) {
        try {
          run(h, l, c, v);
          ADD_FAILURE() << name << ": no error for bad " << field << " at " << bad;
        } catch (const InvalidArgument& e) {
          EXPECT_NE(std::string(e.what()).find(fmt::format("{}[{}]", field, bad)),
                    std::string::npos)
              << name << ": " << e.what();
        }
      };
      if (uses_close) {
        std::vector<double> c = good_c;
        c[bad] = nan;
        expect_error(good_h, good_l, c, good_v, name == "OBV" ? "close" : close_field);
        c[bad] = -1.0;
        expect_error(good_h, good_l, c, good_v, name == "OBV" ? "close" : close_field);
      }
      if (uses_high) {
        std::vector<double> h = good_h;
        h[bad] = std::numeric_limits<double>::infinity();
        expect_error(h, good_l, good_c, good_v, "high");
        std::vector<double> l = good_l;
        l[bad] = 0.0;
        expect_error(good_h, l, good_c, good_v, "low");
        l[bad] = 2.5;  // above high
        expect_error(good_h, l, good_c, good_v, "low");
      }
      if (name == "MFI" || name == "OBV") {
        std::vector<double> v = good_v;
        v[bad] = -0.5;
        expect_error(good_h, good_l, good_c, v, "volume");
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
