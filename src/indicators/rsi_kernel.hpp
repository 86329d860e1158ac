#pragma once
// Wilder's RSI over an array, as Rsi::step computes it (rsi.hpp, ta_RSI.c), for the RSI and
// STOCHRSI batch kernels (private to talon_indicators).

#include <cstddef>

#include "kernel_support.hpp"

namespace talon::indicators::kernel {

/// Calls emit(i, rsi) for every i in [period, n) in order; returns false when some x[i] is
/// not a valid price. The gain/loss split is branch-free (keep_if_greater; adding +0.0 for a
/// zero change, or subtracting it, leaves the sums, never -0.0, unchanged).
template <typename Emit>
bool rsi_kernel(const double* __restrict x, std::size_t n, int period, Emit emit) {
  const std::size_t p = static_cast<std::size_t>(period);
  AheadCheck check({.price = x}, n);
  if (n <= p) return check.finish();
  auto value = [](double gain, double loss) {
    const double total = gain + loss;
    return ta_is_zero(total) ? 0.0 : 100.0 * (gain / total);
  };
  double gain = 0, loss = 0;
  check.reach(0);
  for (std::size_t i = 1; i <= p; ++i) {
    check.reach(i);
    const double change = x[i] - x[i - 1];
    loss -= keep_if_greater(0.0, change, change);
    gain += keep_if_greater(change, 0.0, change);
  }
  loss /= period;
  gain /= period;
  emit(p, value(gain, loss));
  const int pm1 = period - 1;
  for (std::size_t i = p + 1; i < n; ++i) {
    check.reach(i);
    const double change = x[i] - x[i - 1];
    loss *= pm1;
    gain *= pm1;
    loss -= keep_if_greater(0.0, change, change);
    gain += keep_if_greater(change, 0.0, change);
    loss /= period;
    gain /= period;
    emit(i, value(gain, loss));
  }
  return check.finish();
}

}  // namespace talon::indicators::kernel
