// Batch kernel of the Parabolic SAR: Sar::step (sar.hpp, ta_SAR.c) over the high and low
// arrays with its state in registers, so batch and streaming give the same doubles; inputs
// are checked as they are read (kernel_support.hpp).

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
  bool is_long = !(diff_m > 0 && diff_p < diff_m);
  double af = accel;
  double ep = is_long ? h[1] : l[1];
  double sar = is_long ? l[0] : h[0];
  double prev_low = l[1], prev_high = h[1];
  for (std::size_t i = 1; i < n; ++i) {
    check.reach(i);
    const double new_low = l[i], new_high = h[i];
    if (is_long) {
      if (new_low <= sar) {
        is_long = false;
        sar = ep;
        if (sar < prev_high) sar = prev_high;
        if (sar < new_high) sar = new_high;
        o[i] = sar;
        af = accel;
        ep = new_low;
        sar = sar + af * (ep - sar);
        if (sar < prev_high) sar = prev_high;
        if (sar < new_high) sar = new_high;
      } else {
        o[i] = sar;
        if (new_high > ep) {
          ep = new_high;
          af += accel;
          if (af > max_af) af = max_af;
        }
        sar = sar + af * (ep - sar);
        if (sar > prev_low) sar = prev_low;
        if (sar > new_low) sar = new_low;
      }
    } else {
      if (new_high >= sar) {
        is_long = true;
        sar = ep;
        if (sar > prev_low) sar = prev_low;
        if (sar > new_low) sar = new_low;
        o[i] = sar;
        af = accel;
        ep = new_high;
        sar = sar + af * (ep - sar);
        if (sar > prev_low) sar = prev_low;
        if (sar > new_low) sar = new_low;
      } else {
        o[i] = sar;
        if (new_low < ep) {
          ep = new_low;
          af += accel;
          if (af > max_af) af = max_af;
        }
        sar = sar + af * (ep - sar);
        if (sar < prev_high) sar = prev_high;
        if (sar < new_high) sar = new_high;
      }
    }
    prev_low = new_low;
    prev_high = new_high;
  }
  recheck_hl(check.finish(), high, low, "SAR");
}

}  // namespace talon::indicators
