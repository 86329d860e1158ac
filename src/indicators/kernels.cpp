// Dedicated batch kernels for the indicators where the streaming step's ring buffer costs
// most: they read the trailing values from the input arrays, as TA-Lib does, with exactly
// the floating-point operations of the streaming step (the tests require identical doubles).

#include <cmath>
#include <limits>

#include <talon/indicators/atr.hpp>
#include <talon/indicators/ema.hpp>
#include <talon/indicators/momentum.hpp>
#include <talon/indicators/rsi.hpp>
#include <talon/indicators/sma.hpp>
#include <talon/indicators/stddev.hpp>
#include <talon/indicators/wma.hpp>

namespace talon::indicators {
namespace {

using In = std::span<const double>;
using Out = std::span<double>;

void check_out(std::size_t n, std::initializer_list<std::size_t> outs, const char* who) {
  for (std::size_t m : outs) {
    if (m != n)
      throw InvalidArgument(fmt::format("{}: output buffer of {} values for {} inputs", who, m, n));
  }
}

void check_hlc(In high, In low, In close, const char* who) {
  check_same_length(high.size(), low.size(), who);
  check_same_length(high.size(), close.size(), who);
  check_prices(high, who, "high");
  check_prices(low, who, "low");
  check_prices(close, who, "close");
  bool ok = true;
  for (std::size_t i = 0; i < high.size(); ++i) ok &= low[i] <= high[i];
  if (!ok) {
    for (std::size_t i = 0; i < high.size(); ++i) {
      if (low[i] > high[i])
        throw InvalidArgument(
            fmt::format("{}: low[{}] = {} is above high[{}] = {}", who, i, low[i], i, high[i]));
    }
  }
}

/// Fused validation: kernels AND every input into `ok` as they read it, then call this,
/// which runs the full checks (throwing with the index of the first bad input) only when
/// something was wrong. On error the caller's output buffers hold unspecified values.
inline bool good(double x) noexcept {
  return (x > 0.0) & (x <= std::numeric_limits<double>::max());
}
void recheck(bool ok, In price, const char* who) {
  if (!ok) check_prices(price, who, "price");
}
void recheck_hlc(bool ok, In high, In low, In close, const char* who) {
  if (!ok) check_hlc(high, low, close, who);
}

/// Fills out[0, k) with "not ready" and returns min(k, n).
std::size_t warm(double* __restrict o, std::size_t k, std::size_t n) {
  const std::size_t m = k < n ? k : n;
  for (std::size_t i = 0; i < m; ++i) o[i] = kNotReady;
  return m;
}

}  // namespace

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
  for (std::size_t i = p - 1; i < n; ++i) {
    ok &= good(x[i]);
    const double total = partial + x[i];
    partial = total - x[i + 1 - p];
    o[i] = total / period;
  }
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
  for (std::size_t i = p - 1; i < n; ++i) {
    ok &= good(x[i]);
    sub += x[i];
    sub -= trailing;
    sum += x[i] * period;
    trailing = x[i + 1 - p];
    o[i] = sum / divider;
    sum -= sub;
  }
  recheck(ok, price, "WMA");
}

void rsi_into(In price, int period, Out out) {
  const Rsi checked(period);
  check_out(price.size(), {out.size()}, "RSI");
  const std::size_t n = price.size(), p = static_cast<std::size_t>(period);
  const double* __restrict x = price.data();
  double* __restrict o = out.data();
  bool ok = true;
  if (warm(o, p, n) == n) {
    for (std::size_t i = 0; i < n; ++i) ok &= good(x[i]);
    return recheck(ok, price, "RSI");
  }
  double gain = 0, loss = 0;
  ok &= good(x[0]);
  for (std::size_t i = 1; i <= p; ++i) {
    ok &= good(x[i]);
    const double change = x[i] - x[i - 1];
    if (change < 0)
      loss -= change;
    else
      gain += change;
  }
  loss /= period;
  gain /= period;
  double total = gain + loss;
  o[p] = ta_is_zero(total) ? 0.0 : 100.0 * (gain / total);
  const int pm1 = period - 1;
  for (std::size_t i = p + 1; i < n; ++i) {
    ok &= good(x[i]);
    const double change = x[i] - x[i - 1];
    loss *= pm1;
    gain *= pm1;
    if (change < 0)
      loss -= change;
    else
      gain += change;
    loss /= period;
    gain /= period;
    total = gain + loss;
    o[i] = ta_is_zero(total) ? 0.0 : 100.0 * (gain / total);
  }
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
  for (std::size_t i = p; i < n; ++i) {
    ok &= good(x[i]);
    o[i] = x[i] - x[i - p];
  }
  recheck(ok, price, "MOM");
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

void trange_into(In high, In low, In close, Out out) {
  check_same_length(high.size(), low.size(), "TRANGE");
  check_same_length(high.size(), close.size(), "TRANGE");
  check_out(close.size(), {out.size()}, "TRANGE");
  const std::size_t n = close.size();
  const double* __restrict h = high.data();
  const double* __restrict l = low.data();
  const double* __restrict c = close.data();
  double* __restrict o = out.data();
  warm(o, 1, n);
  bool ok = n == 0 || (good(h[0]) & good(l[0]) & good(c[0]) & (l[0] <= h[0]));
  for (std::size_t i = 1; i < n; ++i) {
    ok &= good(h[i]) & good(l[i]) & good(c[i]) & (l[i] <= h[i]);
    o[i] = true_range(h[i], l[i], c[i - 1]);
  }
  recheck_hlc(ok, high, low, close, "TRANGE");
}

namespace {
inline bool good_bar(const double* h, const double* l, const double* c, std::size_t i) noexcept {
  return good(h[i]) & good(l[i]) & good(c[i]) & (l[i] <= h[i]);
}

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
    for (std::size_t i = 0; i < n; ++i) ok &= good_bar(h, l, c, i);
    return ok;
  }
  ok &= good_bar(h, l, c, 0);
  if (period == 1) {
    for (std::size_t i = 1; i < n; ++i) {
      ok &= good_bar(h, l, c, i);
      emit(i, true_range(h[i], l[i], c[i - 1]));
    }
    return ok;
  }
  double sum = 0;
  for (std::size_t i = 1; i < p; ++i) {
    ok &= good_bar(h, l, c, i);
    sum += true_range(h[i], l[i], c[i - 1]);
  }
  ok &= good_bar(h, l, c, p);
  double atr = (sum + true_range(h[p], l[p], c[p - 1])) / period;
  emit(p, atr);
  const int pm1 = period - 1;
  for (std::size_t i = p + 1; i < n; ++i) {
    ok &= good_bar(h, l, c, i);
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
  check_same_length(high.size(), low.size(), "ATR");
  check_same_length(high.size(), close.size(), "ATR");
  check_out(close.size(), {out.size()}, "ATR");
  double* __restrict o = out.data();
  const bool ok =
      atr_kernel(high, low, close, period, o, [o](std::size_t i, double a) { o[i] = a; });
  recheck_hlc(ok, high, low, close, "ATR");
}

void natr_into(In high, In low, In close, int period, Out out) {
  const Natr checked(period);
  check_same_length(high.size(), low.size(), "NATR");
  check_same_length(high.size(), close.size(), "NATR");
  check_out(close.size(), {out.size()}, "NATR");
  double* __restrict o = out.data();
  const double* __restrict c = close.data();
  const bool ok = atr_kernel(high, low, close, period, o, [o, c](std::size_t i, double a) {
    o[i] = ta_is_zero(c[i]) ? 0.0 : (a / c[i]) * 100.0;
  });
  recheck_hlc(ok, high, low, close, "NATR");
}

}  // namespace talon::indicators
