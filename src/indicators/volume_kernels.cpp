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
  bool ok = good(c[0]) & good_volume(v[0]);
  double obv = v[0];
  o[0] = obv;
  // Branch-free: whether the close rose is a coin toss on market data. obv + (-v) is
  // obv - v exactly; adding +0.0 for an unchanged close leaves obv unchanged (or turns a
  // -0.0 start into +0.0, the same value).
  for (std::size_t i = 1; i < n; ++i) {
    ok &= good(c[i]) & good_volume(v[i]);
    const double up = c[i] > c[i - 1] ? v[i] : 0.0;
    const double change = c[i] < c[i - 1] ? -v[i] : up;
    obv += change;
    o[i] = obv;
  }
  if (!ok) {
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
  bool ok = true;
  if (n > 0) {
    // The money flow of each bar, signed (+ positive, - negative, 0 neither): exactly one
    // of Mfi's two flow slots is nonzero, and subtracting the zero one is a no-op.
    PowRing flows(p);
    double prev_tp = (h[0] + l[0] + c[0]) / 3.0;
    ok &= good_hlc(h[0], l[0], c[0]) & good_volume(v[0]);
    double pos = 0, neg = 0;
    for (std::size_t i = 1; i < n; ++i) {
      ok &= good_hlc(h[i], l[i], c[i]) & good_volume(v[i]);
      if (i > p) {
        const double old = flows(i - p);
        pos -= old > 0 ? old : 0.0;
        neg -= old < 0 ? -old : 0.0;
      }
      const double tp = (h[i] + l[i] + c[i]) / 3.0;
      const double change = tp - prev_tp;
      prev_tp = tp;
      const double mf = tp * v[i];
      pos += change > 0 ? mf : 0.0;
      neg += change < 0 ? mf : 0.0;
      flows[i] = change > 0 ? mf : (change < 0 ? -mf : 0.0);
      if (i >= p) {
        const double total = pos + neg;
        o[i] = total < 1.0 ? 0.0 : 100.0 * (pos / total);
      }
    }
  }
  if (!ok) {
    check_hlc(high, low, close, "MFI");
    check_volumes(volume, "MFI", "volume");
  }
}

}  // namespace talon::indicators
