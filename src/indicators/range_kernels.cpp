// Batch kernels of the true-range family: TRANGE, ATR, NATR, and Wilder's directional
// movement (PLUS_DI, MINUS_DI, ADX). Each performs exactly the floating-point operations of
// its streaming step (atr.hpp, adx.hpp) in the same order, so batch and streaming give the
// same doubles; inputs are checked as they are read (kernel_support.hpp).

#include <algorithm>
#include <cmath>

#include <talon/indicators/adx.hpp>
#include <talon/indicators/atr.hpp>

#include "avx2_kernels.hpp"
#include "kernel_support.hpp"

namespace talon::indicators {

using namespace kernel;

void trange_into(In high, In low, In close, Out out) {
  check_hlc_sizes(high, low, close, {out.size()}, "TRANGE");
  const std::size_t n = close.size();
  const double* __restrict h = high.data();
  const double* __restrict l = low.data();
  const double* __restrict c = close.data();
  double* __restrict o = out.data();
  warm(o, 1, n);
  bool ok = n == 0 || good_hlc(h[0], l[0], c[0]);
  std::size_t i = 1;
  if (have_avx2()) ok &= trange_avx2(h, l, c, o, n, &i);
#if defined(__SSE2__)
  // Two bars per step. maxpd(a, b) is "a > b ? a : b", ta_TRANGE.c's "if (v > greatest)
  // greatest = v" with the operands in that order, so the doubles are those of true_range().
  const __m128d sign = _mm_set1_pd(-0.0);
  __m128d okv = all_ones2();
  for (; i + 2 <= n; i += 2) {
    const __m128d hi = _mm_loadu_pd(h + i), lo = _mm_loadu_pd(l + i);
    const __m128d cl = _mm_loadu_pd(c + i), prev = _mm_loadu_pd(c + i - 1);
    const __m128d range_ok =
        _mm_and_pd(_mm_cmpgt_pd(lo, _mm_setzero_pd()),
                   _mm_and_pd(_mm_cmple_pd(hi, _mm_set1_pd(kMaxDouble)), _mm_cmple_pd(lo, hi)));
    okv = _mm_and_pd(okv, _mm_and_pd(range_ok, good2(cl)));
    __m128d greatest = _mm_sub_pd(hi, lo);
    greatest = _mm_max_pd(_mm_andnot_pd(sign, _mm_sub_pd(prev, hi)), greatest);
    greatest = _mm_max_pd(_mm_andnot_pd(sign, _mm_sub_pd(prev, lo)), greatest);
    _mm_storeu_pd(o + i, greatest);
  }
  ok &= all_set2(okv);
#endif
  for (; i < n; ++i) {
    ok &= good_hlc(h[i], l[i], c[i]);
    o[i] = true_range(h[i], l[i], c[i - 1]);
  }
  recheck_hlc(ok, high, low, close, "TRANGE");
}

namespace {

// ATR over checked-as-read bars; calls emit(i, atr) for every ready bar. Returns false when
// some bar failed the checks.
template <typename Emit>
bool atr_kernel(In high, In low, In close, int period, double* __restrict o, Emit emit) {
  const std::size_t n = close.size(), p = static_cast<std::size_t>(period);
  const double* __restrict h = high.data();
  const double* __restrict l = low.data();
  const double* __restrict c = close.data();
  bool ok = true;
  if (warm(o, p, n) == n) {
    for (std::size_t i = 0; i < n; ++i) ok &= good_hlc(h[i], l[i], c[i]);
    return ok;
  }
  ok &= good_hlc(h[0], l[0], c[0]);
  if (period == 1) {
    for (std::size_t i = 1; i < n; ++i) {
      ok &= good_hlc(h[i], l[i], c[i]);
      emit(i, true_range(h[i], l[i], c[i - 1]));
    }
    return ok;
  }
  double sum = 0;
  for (std::size_t i = 1; i < p; ++i) {
    ok &= good_hlc(h[i], l[i], c[i]);
    sum += true_range(h[i], l[i], c[i - 1]);
  }
  ok &= good_hlc(h[p], l[p], c[p]);
  double atr = (sum + true_range(h[p], l[p], c[p - 1])) / period;
  emit(p, atr);
  const int pm1 = period - 1;
  for (std::size_t i = p + 1; i < n; ++i) {
    ok &= good_hlc(h[i], l[i], c[i]);
    atr *= pm1;
    atr += true_range(h[i], l[i], c[i - 1]);
    atr /= period;
    emit(i, atr);
  }
  return ok;
}

}  // namespace

void atr_into(In high, In low, In close, int period, Out out) {
  const Atr checked(period);
  check_hlc_sizes(high, low, close, {out.size()}, "ATR");
  double* __restrict o = out.data();
  const bool ok =
      atr_kernel(high, low, close, period, o, [o](std::size_t i, double a) { o[i] = a; });
  recheck_hlc(ok, high, low, close, "ATR");
}

void natr_into(In high, In low, In close, int period, Out out) {
  const Natr checked(period);
  check_hlc_sizes(high, low, close, {out.size()}, "NATR");
  double* __restrict o = out.data();
  const double* __restrict c = close.data();
  const bool ok = atr_kernel(high, low, close, period, o, [o, c](std::size_t i, double a) {
    o[i] = ta_is_zero(c[i]) ? 0.0 : (a / c[i]) * 100.0;
  });
  recheck_hlc(ok, high, low, close, "NATR");
}

namespace {

// Adx::step over arrays. Null output pointers are not computed: +DI alone needs neither
// -DM's sum nor DX. Branch-free: which movement counts is a coin toss on market data, so the
// movement that does not count is added as +0.0, which leaves a sum (never -0.0) unchanged.
struct DmOut {
  double* __restrict adx;
  double* __restrict plus_di;
  double* __restrict minus_di;
};

template <bool kPlus, bool kMinus, bool kAdx>
bool dm_kernel(In high, In low, In close, int period, DmOut out) {
  const std::size_t n = close.size(), p = static_cast<std::size_t>(period);
  const double* __restrict h = high.data();
  const double* __restrict l = low.data();
  const double* __restrict c = close.data();
  bool ok = true;
  const std::size_t adx_warm = 2 * p - 1;
  if constexpr (kAdx) warm(out.adx, adx_warm, n);
  if constexpr (kPlus) warm(out.plus_di, p, n);
  if constexpr (kMinus) warm(out.minus_di, p, n);
  if (n == 0) return ok;
  ok &= good_hlc(h[0], l[0], c[0]);
  double plus_dm = 0, minus_dm = 0, tr_sum = 0;
  // The two movements of bar i: only one of them counts, or neither.
  auto movement = [&](std::size_t i, double& plus, double& minus) {
    const double diff_p = h[i] - h[i - 1];
    const double diff_m = l[i - 1] - l[i];
    // -DM counts when diff_m > 0 and diff_m > diff_p, +DM when diff_p > 0 and diff_p > diff_m.
    minus = keep_if_greater(diff_m, positive_part(diff_p), diff_m);
    plus = keep_if_greater(diff_p, positive_part(diff_m), diff_p);
  };
  const std::size_t first_end = p < n ? p : n;
  for (std::size_t i = 1; i < first_end; ++i) {
    ok &= good_hlc(h[i], l[i], c[i]);
    double plus, minus;
    movement(i, plus, minus);
    if constexpr (kMinus || kAdx) minus_dm += minus;
    if constexpr (kPlus || kAdx) plus_dm += plus;
    tr_sum += true_range(h[i], l[i], c[i - 1]);
  }
  double sum_dx = 0, adx = 0;
  for (std::size_t i = p; i < n; ++i) {
    ok &= good_hlc(h[i], l[i], c[i]);
    double plus, minus;
    movement(i, plus, minus);
    if constexpr (kMinus || kAdx) {
      minus_dm -= minus_dm / period;
      minus_dm += minus;
    }
    if constexpr (kPlus || kAdx) {
      plus_dm -= plus_dm / period;
      plus_dm += plus;
    }
    tr_sum = tr_sum - (tr_sum / period) + true_range(h[i], l[i], c[i - 1]);
    double plus_di = 0.0, minus_di = 0.0;
    double dx = kNotReady;
    if (!ta_is_zero(tr_sum)) {
      if constexpr (kMinus || kAdx) minus_di = 100.0 * (minus_dm / tr_sum);
      if constexpr (kPlus || kAdx) plus_di = 100.0 * (plus_dm / tr_sum);
      if constexpr (kAdx) {
        const double sum = minus_di + plus_di;
        if (!ta_is_zero(sum)) dx = 100.0 * (std::fabs(minus_di - plus_di) / sum);
      }
    }
    if constexpr (kPlus) out.plus_di[i] = plus_di;
    if constexpr (kMinus) out.minus_di[i] = minus_di;
    if constexpr (kAdx) {
      if (i < adx_warm) {
        if (!std::isnan(dx)) sum_dx += dx;
      } else if (i == adx_warm) {
        if (!std::isnan(dx)) sum_dx += dx;
        adx = sum_dx / period;
        out.adx[i] = adx;
      } else {
        if (!std::isnan(dx)) adx = ((adx * (period - 1)) + dx) / period;
        out.adx[i] = adx;
      }
    }
  }
  return ok;
}

}  // namespace

void adx_into(In high, In low, In close, int period, Out adx_out, Out plus_di, Out minus_di) {
  const Adx checked(period);
  check_hlc_sizes(high, low, close, {adx_out.size(), plus_di.size(), minus_di.size()}, "ADX");
  const bool ok = dm_kernel<true, true, true>(high, low, close, period,
                                              {adx_out.data(), plus_di.data(), minus_di.data()});
  recheck_hlc(ok, high, low, close, "ADX");
}

void plus_di_into(In high, In low, In close, int period, Out out) {
  const PlusDi checked(period);
  check_hlc_sizes(high, low, close, {out.size()}, "PLUS_DI");
  const bool ok =
      dm_kernel<true, false, false>(high, low, close, period, {nullptr, out.data(), nullptr});
  recheck_hlc(ok, high, low, close, "PLUS_DI");
}

void minus_di_into(In high, In low, In close, int period, Out out) {
  const MinusDi checked(period);
  check_hlc_sizes(high, low, close, {out.size()}, "MINUS_DI");
  const bool ok =
      dm_kernel<false, true, false>(high, low, close, period, {nullptr, nullptr, out.data()});
  recheck_hlc(ok, high, low, close, "MINUS_DI");
}

std::vector<double> plus_di(In high, In low, In close, int period) {
  std::vector<double> v(close.size());
  plus_di_into(high, low, close, period, v);
  return v;
}

std::vector<double> minus_di(In high, In low, In close, int period) {
  std::vector<double> v(close.size());
  minus_di_into(high, low, close, period, v);
  return v;
}

}  // namespace talon::indicators
