// Dedicated batch kernels for the indicators where the streaming step's ring buffer costs
// most: they read the trailing values from the input arrays, as TA-Lib does, with exactly
// the floating-point operations of the streaming step (the tests require identical doubles).

#include <cmath>
#include <limits>

#include <talon/indicators/ema.hpp>
#include <talon/indicators/kama.hpp>
#include <talon/indicators/linearreg.hpp>
#include <talon/indicators/momentum.hpp>
#include <talon/indicators/rsi.hpp>
#include <talon/indicators/sma.hpp>
#include <talon/indicators/stddev.hpp>
#include <talon/indicators/wma.hpp>

#include "avx2_kernels.hpp"
#include "kernel_support.hpp"
#include "rsi_kernel.hpp"

namespace talon::indicators {

using namespace kernel;

void sma_into(In price, int period, Out out) {
  const Sma checked(period);  // parameter check
  check_out(price.size(), {out.size()}, "SMA");
  const std::size_t n = price.size(), p = static_cast<std::size_t>(period);
  const double* __restrict x = price.data();
  double* __restrict o = out.data();
  double partial = 0;
  bool ok = true;
  const std::size_t m = warm(o, p - 1, n);
  for (std::size_t i = 0; i < m; ++i) {
    ok &= good(x[i]);
    partial += x[i];
  }
  fused_price_loop(x, p - 1, n, ok, [&](std::size_t i) {
    const double total = partial + x[i];
    partial = total - x[i + 1 - p];
    o[i] = total / period;
  });
  recheck(ok, price, "SMA");
}

void ema_into(In price, int period, Out out) {
  const Ema checked(period);
  check_out(price.size(), {out.size()}, "EMA");
  const std::size_t n = price.size(), p = static_cast<std::size_t>(period);
  const double* __restrict x = price.data();
  double* __restrict o = out.data();
  bool ok = true;
  const std::size_t m = warm(o, p - 1, n);
  if (m == n) {
    for (std::size_t i = 0; i < n; ++i) ok &= good(x[i]);
    return recheck(ok, price, "EMA");
  }
  double sum = 0;
  for (std::size_t i = 0; i < p; ++i) {
    ok &= good(x[i]);
    sum += x[i];
  }
  double v = sum / period;
  o[p - 1] = v;
  const double k = per_to_k(period);
  for (std::size_t i = p; i < n; ++i) {
    ok &= good(x[i]);
    v = ((x[i] - v) * k) + v;
    o[i] = v;
  }
  recheck(ok, price, "EMA");
}

void wma_into(In price, int period, Out out) {
  const Wma checked(period);
  check_out(price.size(), {out.size()}, "WMA");
  const std::size_t n = price.size(), p = static_cast<std::size_t>(period);
  const double* __restrict x = price.data();
  double* __restrict o = out.data();
  bool ok = true;
  if (p == 1) {
    for (std::size_t i = 0; i < n; ++i) {
      ok &= good(x[i]);
      o[i] = x[i];
    }
    return recheck(ok, price, "WMA");
  }
  const double divider = static_cast<double>((period * (period + 1)) >> 1);
  double sub = 0, sum = 0, trailing = 0;
  const std::size_t m = warm(o, p - 1, n);
  for (std::size_t i = 0; i < m; ++i) {
    ok &= good(x[i]);
    sub += x[i];
    sum += x[i] * static_cast<double>(i + 1);
  }
  fused_price_loop(x, p - 1, n, ok, [&](std::size_t i) {
    sub += x[i];
    sub -= trailing;
    sum += x[i] * period;
    trailing = x[i + 1 - p];
    o[i] = sum / divider;
    sum -= sub;
  });
  recheck(ok, price, "WMA");
}

void rsi_into(In price, int period, Out out) {
  const Rsi checked(period);
  check_out(price.size(), {out.size()}, "RSI");
  double* __restrict o = out.data();
  warm(o, static_cast<std::size_t>(period), price.size());
  const bool ok =
      rsi_kernel(price.data(), price.size(), period, [o](std::size_t i, double v) { o[i] = v; });
  recheck(ok, price, "RSI");
}

void mom_into(In price, int period, Out out) {
  const Mom checked(period);
  check_out(price.size(), {out.size()}, "MOM");
  const std::size_t n = price.size(), p = static_cast<std::size_t>(period);
  const double* __restrict x = price.data();
  double* __restrict o = out.data();
  bool ok = true;
  const std::size_t m = warm(o, p, n);
  for (std::size_t i = 0; i < m; ++i) ok &= good(x[i]);
  std::size_t i = p;
  if (have_avx2()) ok &= mom_avx2(x, o, p, n, &i);
#if defined(__SSE2__)
  // TA-Lib's MOM is one vectorised subtraction; checking the input on the way costs two
  // compares per lane, accumulated in two registers so no lane waits on another.
  __m128d ok0 = all_ones2(), ok1 = all_ones2();
  for (; i + 4 <= n; i += 4) {
    const __m128d a = _mm_loadu_pd(x + i), b = _mm_loadu_pd(x + i + 2);
    ok0 = _mm_and_pd(ok0, good2(a));
    ok1 = _mm_and_pd(ok1, good2(b));
    _mm_storeu_pd(o + i, _mm_sub_pd(a, _mm_loadu_pd(x + i - p)));
    _mm_storeu_pd(o + i + 2, _mm_sub_pd(b, _mm_loadu_pd(x + i + 2 - p)));
  }
  ok &= all_set2(_mm_and_pd(ok0, ok1));
#endif
  for (; i < n; ++i) {
    ok &= good(x[i]);
    o[i] = x[i] - x[i - p];
  }
  recheck(ok, price, "MOM");
}

void kama_into(In price, int period, Out out) {
  const Kama checked(period);
  check_out(price.size(), {out.size()}, "KAMA");
  const std::size_t n = price.size(), p = static_cast<std::size_t>(period);
  const double* __restrict x = price.data();
  double* __restrict o = out.data();
  bool ok = true;
  if (warm(o, p, n) == n) {
    for (std::size_t i = 0; i < n; ++i) ok &= good(x[i]);
    return recheck(ok, price, "KAMA");
  }
  // Kama::step, reading the window from the input instead of a ring (ta_KAMA.c).
  constexpr double kConstMax = 2.0 / (30.0 + 1.0);
  constexpr double kConstDiff = 2.0 / (2.0 + 1.0) - kConstMax;
  double sum_roc = 0;
  ok &= good(x[0]);
  for (std::size_t i = 1; i <= p; ++i) {
    ok &= good(x[i]);
    sum_roc += std::fabs(x[i - 1] - x[i]);
  }
  double kama = x[p - 1];
  double trailing = x[0];
  auto emit = [&](std::size_t i, double period_roc) {
    const double er =
        (sum_roc <= period_roc || ta_is_zero(sum_roc)) ? 1.0 : std::fabs(period_roc / sum_roc);
    double sc = (er * kConstDiff) + kConstMax;
    sc *= sc;
    kama = ((x[i] - kama) * sc) + kama;
    o[i] = kama;
  };
  emit(p, x[p] - x[0]);
  fused_price_loop(x, p + 1, n, ok, [&](std::size_t i) {
    const double old = x[i - p];
    sum_roc -= std::fabs(trailing - old);
    sum_roc += std::fabs(x[i] - x[i - 1]);
    trailing = old;
    emit(i, x[i] - old);
  });
  recheck(ok, price, "KAMA");
}

void roc_into(In price, int period, Out out) {
  const Roc checked(period);
  check_out(price.size(), {out.size()}, "ROC");
  const std::size_t n = price.size(), p = static_cast<std::size_t>(period);
  const double* __restrict x = price.data();
  double* __restrict o = out.data();
  bool ok = true;
  const std::size_t m = warm(o, p, n);
  for (std::size_t i = 0; i < m; ++i) ok &= good(x[i]);
  // Checked prices are never zero, so Roc's zero guard cannot fire here.
  for (std::size_t i = p; i < n; ++i) {
    ok &= good(x[i]);
    o[i] = ((x[i] / x[i - p]) - 1.0) * 100.0;
  }
  recheck(ok, price, "ROC");
}

void stddev_into(In price, int period, double nbdev, Out out) {
  const StdDev checked(period, nbdev);
  check_out(price.size(), {out.size()}, "STDDEV");
  const std::size_t n = price.size(), p = static_cast<std::size_t>(period);
  const double* __restrict x = price.data();
  double* __restrict o = out.data();
  double s1 = 0, s2 = 0;
  bool ok = true;
  const std::size_t m = warm(o, p - 1, n);
  for (std::size_t i = 0; i < m; ++i) {
    ok &= good(x[i]);
    s1 += x[i];
    s2 += x[i] * x[i];
  }
  for (std::size_t i = p - 1; i < n; ++i) {
    ok &= good(x[i]);
    s1 += x[i];
    s2 += x[i] * x[i];
    const double mean1 = s1 / period;
    const double mean2 = s2 / period;
    const double old = x[i + 1 - p];
    s1 -= old;
    s2 -= old * old;
    const double var = mean2 - mean1 * mean1;
    o[i] = ta_is_zero_or_neg(var) ? 0.0 : std::sqrt(var) * nbdev;
  }
  recheck(ok, price, "STDDEV");
}

void bbands_into(In price, int period, double nbdevup, double nbdevdn, Out upper, Out middle,
                 Out lower) {
  const Bbands checked(period, nbdevup, nbdevdn);
  check_out(price.size(), {upper.size(), middle.size(), lower.size()}, "BBANDS");
  const std::size_t n = price.size(), p = static_cast<std::size_t>(period);
  const double* __restrict x = price.data();
  double* __restrict up = upper.data();
  double* __restrict mid = middle.data();
  double* __restrict lo = lower.data();
  double partial = 0, s2 = 0;
  bool ok = true;
  const std::size_t m = warm(up, p - 1, n);
  warm(mid, p - 1, n);
  warm(lo, p - 1, n);
  for (std::size_t i = 0; i < m; ++i) {
    ok &= good(x[i]);
    partial += x[i];
    s2 += x[i] * x[i];
  }
  for (std::size_t i = p - 1; i < n; ++i) {
    ok &= good(x[i]);
    const double old = x[i + 1 - p];
    const double total = partial + x[i];
    partial = total - old;
    const double mean = total / period;
    s2 += x[i] * x[i];
    double mean2 = s2 / period;
    s2 -= old * old;
    mean2 -= mean * mean;
    const double dev = ta_is_zero_or_neg(mean2) ? 0.0 : std::sqrt(mean2);
    up[i] = mean + dev * nbdevup;
    mid[i] = mean;
    lo[i] = mean - dev * nbdevdn;
  }
  recheck(ok, price, "BBANDS");
}

void linearreg_slope_into(In price, int period, Out out) {
  const LinRegSlope checked(period);
  check_out(price.size(), {out.size()}, "LINEARREG_SLOPE");
  const std::size_t n = price.size(), p = static_cast<std::size_t>(period);
  const double* __restrict x = price.data();
  double* __restrict o = out.data();
  const double sum_x = checked.sum_x(), divisor = checked.divisor();
  bool ok = true;
  const std::size_t m = warm(o, p - 1, n);
  for (std::size_t i = 0; i < m; ++i) ok &= good(x[i]);
  // LinRegSlope::step recomputes both sums over the window, oldest value first (as
  // ta_LINEARREG_SLOPE.c), a chain of `period` dependent adds per bar. Four bars' windows
  // are summed side by side so that their chains overlap; each sum keeps its own order.
  auto slope = [&](double sum_xy, double sum_y) {
    return (period * sum_xy - sum_x * sum_y) / divisor;
  };
  std::size_t t = p - 1;
  for (; t + 4 <= n; t += 4) {
    double xy0 = 0, y0 = 0, xy1 = 0, y1 = 0, xy2 = 0, y2 = 0, xy3 = 0, y3 = 0;
    for (std::size_t k = p; k-- != 0;) {
      const double w = static_cast<double>(k);
      const double a = x[t - k], b = x[t + 1 - k], c = x[t + 2 - k], d = x[t + 3 - k];
      y0 += a;
      xy0 += w * a;
      y1 += b;
      xy1 += w * b;
      y2 += c;
      xy2 += w * c;
      y3 += d;
      xy3 += w * d;
    }
    ok &= good(x[t]) & good(x[t + 1]) & good(x[t + 2]) & good(x[t + 3]);
    o[t] = slope(xy0, y0);
    o[t + 1] = slope(xy1, y1);
    o[t + 2] = slope(xy2, y2);
    o[t + 3] = slope(xy3, y3);
  }
  for (; t < n; ++t) {
    double xy = 0, y = 0;
    for (std::size_t k = p; k-- != 0;) {
      y += x[t - k];
      xy += static_cast<double>(k) * x[t - k];
    }
    ok &= good(x[t]);
    o[t] = slope(xy, y);
  }
  recheck(ok, price, "LINEARREG_SLOPE");
}

}  // namespace talon::indicators
