// Batch kernels of the volume indicators: OBV and MFI. Each performs exactly the
// floating-point operations of its streaming step (obv.hpp, mfi.hpp), so batch and streaming
// give the same doubles; inputs are checked as they are read (kernel_support.hpp).

#include <talon/indicators/mfi.hpp>
#include <talon/indicators/obv.hpp>

#include "kernel_support.hpp"

namespace talon::indicators {

using namespace kernel;

void obv_into(In close, In volume, Out out) {
  check_same_length(close.size(), volume.size(), "OBV");
  check_out(close.size(), {out.size()}, "OBV");
  const std::size_t n = close.size();
  if (n == 0) return;
  const double* __restrict c = close.data();
  const double* __restrict v = volume.data();
  double* __restrict o = out.data();
  AheadCheck check({.price = c, .volume = v}, n);
  check.reach(0);
  double obv = v[0];
  o[0] = obv;
  // Branch-free, since whether the close rose is a coin toss on market data: the volume
  // times +1, -1 or 0 is v, -v or +0.0 exactly, obv + (-v) is obv - v, and adding +0.0
  // leaves obv unchanged (or turns a -0.0 start into +0.0, the same value).
  for (std::size_t i = 1; i < n; ++i) {
    check.reach(i);
    const int sign = static_cast<int>(c[i] > c[i - 1]) - static_cast<int>(c[i] < c[i - 1]);
    obv += v[i] * static_cast<double>(sign);
    o[i] = obv;
  }
  if (!check.finish()) {
    check_prices(close, "OBV", "close");
    check_volumes(volume, "OBV", "volume");
  }
}

void mfi_into(In high, In low, In close, In volume, int period, Out out) {
  const Mfi checked(period);
  check_same_length(high.size(), low.size(), "MFI");
  check_same_length(high.size(), close.size(), "MFI");
  check_same_length(close.size(), volume.size(), "MFI");
  check_out(close.size(), {out.size()}, "MFI");
  const std::size_t n = close.size(), p = static_cast<std::size_t>(period);
  const double* __restrict h = high.data();
  const double* __restrict l = low.data();
  const double* __restrict c = close.data();
  const double* __restrict v = volume.data();
  double* __restrict o = out.data();
  warm(o, p, n);
  if (n == 0) return;
  AheadCheck check({.high = h, .low = l, .price = c, .volume = v}, n);
  check.reach(0);
  // The money flow of each bar, signed (+ positive, - negative, 0 neither): exactly one of
  // Mfi's two flow slots is nonzero, and subtracting the zero one is a no-op. Branch-free
  // (the direction of tp is a coin toss): adding or subtracting +0.0 leaves the sums
  // (never -0.0) unchanged.
  PowRing flows(p);
  double prev_tp = (h[0] + l[0] + c[0]) / 3.0;
  double pos = 0, neg = 0;
  for (std::size_t i = 1; i < n; ++i) {
    check.reach(i);
    if (i > p) {
      const double old = flows(i - p);
      pos -= keep_if_greater(old, 0.0, old);
      neg -= keep_if_greater(0.0, old, -old);
    }
    const double tp = (h[i] + l[i] + c[i]) / 3.0;
    const double change = tp - prev_tp;
    prev_tp = tp;
    const double mf = tp * v[i];
    const double up = keep_if_greater(change, 0.0, mf), down = keep_if_greater(0.0, change, mf);
    pos += up;
    neg += down;
    flows[i] = up - down;
    if (i >= p) {
      const double total = pos + neg;
      o[i] = total < 1.0 ? 0.0 : 100.0 * (pos / total);
    }
  }
  if (!check.finish()) {
    check_hlc(high, low, close, "MFI");
    check_volumes(volume, "MFI", "volume");
  }
}

}  // namespace talon::indicators
