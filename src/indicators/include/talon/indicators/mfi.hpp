#pragma once
// Money Flow Index (Gene Quong and Avrum Soudack): TA-Lib TA_MFI (ta_MFI.c), no unstable
// period. tp = (high + low + close) / 3; the money flow tp * volume counts as positive when tp
// rose from the previous bar, negative when it fell, not at all when unchanged;
// MFI = 100 * positive / (positive + negative) over the last `period` flows, 0 when the total
// is below 1.0 (TA-Lib's rule). Warm-up: period inputs.

#include <optional>
#include <span>
#include <vector>

#include <talon/indicators/input.hpp>
#include <talon/indicators/ring.hpp>

namespace talon::indicators {

class Mfi {
 public:
  /// period in [2, 100000]. Throws InvalidArgument.
  explicit Mfi(int period)
      : flows_((check_param(period, 2, kMaxPeriod, "MFI", "period"),
                static_cast<std::size_t>(period))),
        period_(period) {}

  /// Unchecked step; NaN during warm-up.
  double step(double high, double low, double close, double volume) noexcept {
    const double tp = (high + low + close) / 3.0;
    if (seen_++ == 0) {
      prev_tp_ = tp;
      return kNotReady;
    }
    if (flows_.full()) {
      const Flow old = flows_.back(flows_.capacity() - 1);
      pos_ -= old.positive;
      neg_ -= old.negative;
    }
    const double change = tp - prev_tp_;
    prev_tp_ = tp;
    const double mf = tp * volume;
    Flow f{0.0, 0.0};
    if (change < 0) {
      f.negative = mf;
      neg_ += mf;
    } else if (change > 0) {
      f.positive = mf;
      pos_ += mf;
    }
    flows_.push(f);
    if (!flows_.full()) return kNotReady;
    const double total = pos_ + neg_;
    return total < 1.0 ? 0.0 : 100.0 * (pos_ / total);
  }
  /// Feeds one bar (checked); the MFI in [0, 100] once ready.
  std::optional<double> update(const BarInput& bar) {
    check_bar(bar, "MFI");
    const double v = step(bar.high, bar.low, bar.close, bar.volume);
    return ready() ? std::optional<double>(v) : std::nullopt;
  }
  bool ready() const noexcept { return flows_.full(); }
  int lookback() const noexcept { return period_; }

 private:
  struct Flow {
    double positive, negative;
  };
  Ring<Flow> flows_;
  int period_;
  int seen_ = 0;
  double prev_tp_ = 0;
  double pos_ = 0, neg_ = 0;
};

/// Batch MFI over columns of equal length (checked), NaN during warm-up.
std::vector<double> mfi(std::span<const double> high, std::span<const double> low,
                        std::span<const double> close, std::span<const double> volume, int period);
/// As mfi(), into `out` (same length as the inputs).
void mfi_into(std::span<const double> high, std::span<const double> low,
              std::span<const double> close, std::span<const double> volume, int period,
              std::span<double> out);

}  // namespace talon::indicators
