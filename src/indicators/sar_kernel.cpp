// Batch kernel of the Parabolic SAR: sar_advance (sar.hpp, ta_SAR.c), the step Sar uses, over
// the high and low arrays with its state in registers, so batch and streaming give the same
// doubles; inputs are checked as they are read (kernel_support.hpp).

#include <talon/indicators/sar.hpp>

#include "kernel_support.hpp"

namespace talon::indicators {

using namespace kernel;

void sar_into(In high, In low, double acceleration, double maximum, Out out) {
  const Sar checked(acceleration, maximum);
  check_same_length(high.size(), low.size(), "SAR");
  check_out(high.size(), {out.size()}, "SAR");
  const std::size_t n = high.size();
  const double* __restrict h = high.data();
  const double* __restrict l = low.data();
  double* __restrict o = out.data();
  warm(o, 1, n);
  AheadCheck check({.high = h, .low = l}, n);
  if (n < 2) return recheck_hl(check.finish(), high, low, "SAR");
  const double accel = acceleration > maximum ? maximum : acceleration;
  const double max_af = maximum;
  // The first trend: short when bar 1 has a positive -DM larger than its +DM.
  const double diff_p = h[1] - h[0];
  const double diff_m = l[0] - l[1];
  SarTrend t;
  t.is_long = !(diff_m > 0 && diff_p < diff_m);
  t.af = accel;
  t.ep = t.is_long ? h[1] : l[1];
  t.sar = t.is_long ? l[0] : h[0];
  double prev_low = l[1], prev_high = h[1];
  for (std::size_t i = 1; i < n; ++i) {
    check.reach(i);
    o[i] = sar_advance(t, accel, max_af, prev_high, prev_low, h[i], l[i]);
    prev_low = l[i];
    prev_high = h[i];
  }
  recheck_hl(check.finish(), high, low, "SAR");
}

}  // namespace talon::indicators
