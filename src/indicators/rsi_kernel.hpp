#pragma once
// Wilder's RSI over an array, as Rsi::step computes it (rsi.hpp, ta_RSI.c), for the RSI and
// STOCHRSI batch kernels (private to talon_indicators).

#include <cstddef>

#include "kernel_support.hpp"

namespace talon::indicators::kernel {

/// Calls emit(i, rsi) for every i in [period, n) in order; returns false when some x[i] is
/// not a valid price. The gain/loss split is branch-free (adding or subtracting +0.0 leaves
/// the sums, never -0.0, unchanged): on market data its outcome is a coin toss that a branch
/// would mispredict half the time.
template <typename Emit>
bool rsi_kernel(const double* __restrict x, std::size_t n, int period, Emit emit) {
  const std::size_t p = static_cast<std::size_t>(period);
  bool ok = true;
  if (n <= p) {
    for (std::size_t i = 0; i < n; ++i) ok &= good(x[i]);
    return ok;
  }
  auto value = [](double gain, double loss) {
    const double total = gain + loss;
    return ta_is_zero(total) ? 0.0 : 100.0 * (gain / total);
  };
  double gain = 0, loss = 0;
  ok &= good(x[0]);
  for (std::size_t i = 1; i <= p; ++i) {
    ok &= good(x[i]);
    const double change = x[i] - x[i - 1];
    loss -= change < 0 ? change : 0.0;
    gain += change < 0 ? 0.0 : change;
  }
  loss /= period;
  gain /= period;
  emit(p, value(gain, loss));
  const int pm1 = period - 1;
  for (std::size_t i = p + 1; i < n; ++i) {
    ok &= good(x[i]);
    const double change = x[i] - x[i - 1];
    loss *= pm1;
    gain *= pm1;
    loss -= change < 0 ? change : 0.0;
    gain += change < 0 ? 0.0 : change;
    loss /= period;
    gain /= period;
    emit(i, value(gain, loss));
  }
  return ok;
}

}  // namespace talon::indicators::kernel
