// Batch kernels of the window-extreme family: WILLR, STOCHF, STOCH, STOCHRSI and AROON. The
// highest high and lowest low slide over the input arrays themselves (WindowExtreme,
// kernel_support.hpp); derived series the kernels must look back on (raw %K, slow %K, RSI)
// live in the output buffers or in a small ring. Each performs exactly the floating-point
// operations of its streaming step (stoch.hpp, aroon.hpp), so batch and streaming give the
// same doubles.

#include <talon/indicators/aroon.hpp>
#include <talon/indicators/stoch.hpp>

#include "kernel_support.hpp"
#include "rsi_kernel.hpp"

namespace talon::indicators {

using namespace kernel;

namespace {

/// TA-Lib's SMA (Sma::step) over a derived series v(j) that starts at index `first`: the
/// first period - 1 values are summed in order, then each new value is added, the total
/// divided and the oldest value of the window dropped.
template <typename Get>
struct SlidingMean {
  Get v;
  std::size_t first;
  int period;
  double partial = 0;

  /// Call for every j >= first, in order; the mean once `period` values were seen.
  double step(std::size_t j) noexcept {
    const std::size_t p = static_cast<std::size_t>(period);
    const double x = v(j);
    if (j < first + p - 1) {
      partial += x;
      return kNotReady;
    }
    const double total = partial + x;
    partial = total - v(j + 1 - p);
    return total / period;
  }
};
template <typename Get>
SlidingMean<Get> sliding_mean(Get get, std::size_t first, int period) {
  return {get, first, period};
}

/// Raw %K (RawK::step) given the range divisor (highest - lowest) / 100.
inline double raw_k(double diff, double lowest, double close) noexcept {
  return diff != 0.0 ? (close - lowest) / diff : 0.0;
}

/// The extremes of the window ending at a bar, and where they are.
struct Extremes {
  double high, low;
  std::size_t high_at, low_at;
};

/// Runs the high/low window of `length` bars over the columns and calls emit(i, extremes)
/// for every bar i >= length - 1. The extremes are passed by value so that the window's
/// state stays in registers. (TA-Lib recomputes its range divisor only when an extreme
/// moves; recomputing it every bar measured faster here than the mispredicted branch.) Returns
/// false when some bar failed the checks (close too when kClose).
template <bool kClose, typename Emit>
bool high_low_window(In high, In low, In close, std::size_t length, Emit emit) {
  const std::size_t n = high.size();
  const double* __restrict h = high.data();
  const double* __restrict l = low.data();
  const double* __restrict c = close.data();
  bool ok = true;
  auto check = [&](std::size_t i) {
    if constexpr (kClose)
      ok &= good_hlc(h[i], l[i], c[i]);
    else
      ok &= good_hl(h[i], l[i]);
  };
  if (n == 0) return ok;
  auto hi = window_max(ArrayAt{h});
  auto lo = window_min(ArrayAt{l});
  hi.start();
  lo.start();
  check(0);
  const std::size_t warm_end = length - 1 < n ? length - 1 : n - 1;
  for (std::size_t i = 1; i <= warm_end; ++i) {  // the window still starts at bar 0
    check(i);
    hi.push(i, 0);
    lo.push(i, 0);
  }
  if (length > n) return ok;
  emit(length - 1, Extremes{hi.value, lo.value, hi.at, lo.at});
  for (std::size_t i = length; i < n; ++i) {
    check(i);
    const std::size_t oldest = i + 1 - length;
    hi.push(i, oldest);
    lo.push(i, oldest);
    emit(i, Extremes{hi.value, lo.value, hi.at, lo.at});
  }
  return ok;
}

}  // namespace

void willr_into(In high, In low, In close, int period, Out out) {
  const WillR checked(period);
  check_hlc_sizes(high, low, close, {out.size()}, "WILLR");
  double* __restrict o = out.data();
  const double* __restrict c = close.data();
  const std::size_t p = static_cast<std::size_t>(period);
  warm(o, p - 1, close.size());
  const bool ok = high_low_window<true>(high, low, close, p, [&](std::size_t i, const Extremes& e) {
    const double diff = (e.high - e.low) / (-100.0);
    o[i] = diff != 0.0 ? (e.high - c[i]) / diff : 0.0;
  });
  recheck_hlc(ok, high, low, close, "WILLR");
}

void stochf_into(In high, In low, In close, int fastk_period, int fastd_period, Out k, Out d) {
  const StochF checked(fastk_period, fastd_period);
  check_hlc_sizes(high, low, close, {k.size(), d.size()}, "STOCHF");
  const std::size_t n = close.size(), fk = static_cast<std::size_t>(fastk_period);
  const std::size_t lookback = static_cast<std::size_t>(checked.lookback());
  double* __restrict ko = k.data();
  double* __restrict dout = d.data();
  const double* __restrict c = close.data();
  // Raw %K goes straight into the %K output, where the mean reads it back.
  auto mean = sliding_mean([ko](std::size_t j) { return ko[j]; }, fk - 1, fastd_period);
  const bool ok =
      high_low_window<true>(high, low, close, fk, [&](std::size_t i, const Extremes& e) {
        ko[i] = raw_k((e.high - e.low) / 100.0, e.low, c[i]);
        dout[i] = mean.step(i);
      });
  warm(ko, lookback, n);
  warm(dout, lookback, n);
  recheck_hlc(ok, high, low, close, "STOCHF");
}

void stoch_into(In high, In low, In close, int fastk_period, int slowk_period, int slowd_period,
                Out k, Out d) {
  const Stoch checked(fastk_period, slowk_period, slowd_period);
  check_hlc_sizes(high, low, close, {k.size(), d.size()}, "STOCH");
  const std::size_t n = close.size(), fk = static_cast<std::size_t>(fastk_period);
  const std::size_t lookback = static_cast<std::size_t>(checked.lookback());
  const std::size_t slowk_first = fk - 1 + static_cast<std::size_t>(slowk_period) - 1;
  double* __restrict ko = k.data();
  double* __restrict dout = d.data();
  const double* __restrict c = close.data();
  PowRing raw(static_cast<std::size_t>(slowk_period));
  auto slowk = sliding_mean([&raw](std::size_t j) { return raw(j); }, fk - 1, slowk_period);
  auto slowd = sliding_mean([ko](std::size_t j) { return ko[j]; }, slowk_first, slowd_period);
  const bool ok =
      high_low_window<true>(high, low, close, fk, [&](std::size_t i, const Extremes& e) {
        raw[i] = raw_k((e.high - e.low) / 100.0, e.low, c[i]);
        const double sk = slowk.step(i);
        if (i < slowk_first) return;
        ko[i] = sk;
        dout[i] = slowd.step(i);
      });
  warm(ko, lookback, n);
  warm(dout, lookback, n);
  recheck_hlc(ok, high, low, close, "STOCH");
}

void stochrsi_into(In price, int period, int fastk_period, int fastd_period, Out k, Out d) {
  const StochRsi checked(period, fastk_period, fastd_period);
  check_out(price.size(), {k.size(), d.size()}, "STOCHRSI");
  const std::size_t n = price.size(), p = static_cast<std::size_t>(period);
  const std::size_t fk = static_cast<std::size_t>(fastk_period);
  const std::size_t lookback = static_cast<std::size_t>(checked.lookback());
  double* __restrict ko = k.data();
  double* __restrict dout = d.data();
  // The RSI series starts at bar `period`; its window of fastk_period values is a ring.
  PowRing rsi(fk);
  auto get = [&rsi](std::size_t j) { return rsi(j); };
  auto hi = window_max(get);
  auto lo = window_min(get);
  auto mean = sliding_mean([ko](std::size_t j) { return ko[j]; }, p + fk - 1, fastd_period);
  const bool ok = rsi_kernel(price.data(), n, period, [&](std::size_t i, double r) {
    rsi[i] = r;
    if (i == p) {
      hi.value = lo.value = r;
      hi.at = lo.at = i;
    } else {
      const std::size_t oldest = i + 1 >= p + fk ? i + 1 - fk : p;
      hi.push(i, oldest);
      lo.push(i, oldest);
    }
    if (i + 1 < p + fk) return;
    ko[i] = raw_k((hi.value - lo.value) / 100.0, lo.value, r);
    dout[i] = mean.step(i);
  });
  warm(ko, lookback, n);
  warm(dout, lookback, n);
  recheck(ok, price, "STOCHRSI");
}

void aroon_into(In high, In low, int period, Out down, Out up) {
  const Aroon checked(period);
  check_same_length(high.size(), low.size(), "AROON");
  check_out(high.size(), {down.size(), up.size()}, "AROON");
  const std::size_t p = static_cast<std::size_t>(period);
  const double factor = 100.0 / static_cast<double>(period);
  double* __restrict dn = down.data();
  double* __restrict u = up.data();
  warm(dn, p, high.size());
  warm(u, p, high.size());
  const bool ok =
      high_low_window<false>(high, low, {}, p + 1, [&](std::size_t i, const Extremes& e) {
        dn[i] = factor * (period - static_cast<int>(i - e.low_at));
        u[i] = factor * (period - static_cast<int>(i - e.high_at));
      });
  recheck_hl(ok, high, low, "AROON");
}

}  // namespace talon::indicators
