#pragma once
// Ichimoku Kinko Hyo (Goichi Hosoda, 1969), definition as in StockCharts ChartSchool
// "Ichimoku Cloud" and TradingView's built-in "Ichimoku Cloud":
//   tenkan  = (highest high + lowest low) / 2 over `tenkan` bars (9)
//   kijun   = the same over `kijun` bars (26)
//   senkou A = (tenkan + kijun) / 2, senkou B = midpoint over `senkou` bars (52), both plotted
//   displacement - 1 bars ahead (TradingView's offset for displacement 26).
// Streaming never looks ahead, so at bar t talon reports the cloud that applies to bar t:
// senkou A and B as computed displacement - 1 bars earlier. The lagging span (chikou) is the
// close plotted displacement - 1 bars back; it is just the close series and is not reported.
// No TA-Lib twin. Price units. Warm-up: max(tenkan, kijun, senkou) - 1 + displacement - 1.

#include <algorithm>
#include <optional>

#include <talon/indicators/input.hpp>
#include <talon/indicators/ring.hpp>
#include <talon/indicators/stoch.hpp>

namespace talon::indicators {

struct IchimokuValue {
  double tenkan, kijun, senkou_a, senkou_b;  ///< price units
};

class Ichimoku {
 public:
  /// tenkan, kijun, senkou in [1, 100000]; displacement in [1, 100000]. Throws InvalidArgument.
  Ichimoku(int tenkan, int kijun, int senkou, int displacement)
      : tenkan_((check_param(tenkan, 1, kMaxPeriod, "ICHIMOKU", "tenkan"), tenkan)),
        kijun_((check_param(kijun, 1, kMaxPeriod, "ICHIMOKU", "kijun"), kijun)),
        senkou_((check_param(senkou, 1, kMaxPeriod, "ICHIMOKU", "senkou"), senkou)),
        cloud_((check_param(displacement, 1, kMaxPeriod, "ICHIMOKU", "displacement"),
                static_cast<std::size_t>(displacement))),
        lookback_(std::max({tenkan, kijun, senkou}) - 1 + displacement - 1) {}

  /// Unchecked step; NaNs during warm-up.
  IchimokuValue step(double high, double low) noexcept {
    tenkan_.push(high, low);
    kijun_.push(high, low);
    senkou_.push(high, low);
    if (!tenkan_.full() || !kijun_.full() || !senkou_.full()) {
      return {kNotReady, kNotReady, kNotReady, kNotReady};
    }
    const double t = (tenkan_.highest() + tenkan_.lowest()) / 2.0;
    const double k = (kijun_.highest() + kijun_.lowest()) / 2.0;
    cloud_.push({(t + k) / 2.0, (senkou_.highest() + senkou_.lowest()) / 2.0});
    if (!cloud_.full()) return {kNotReady, kNotReady, kNotReady, kNotReady};
    const Cloud c = cloud_.back(cloud_.capacity() - 1);
    return {t, k, c.a, c.b};
  }
  /// Feeds one bar (checked); the four lines once all are ready.
  std::optional<IchimokuValue> update(const BarInput& bar) {
    check_bar(bar, "ICHIMOKU");
    const IchimokuValue v = step(bar.high, bar.low);
    return ready() ? std::optional<IchimokuValue>(v) : std::nullopt;
  }
  bool ready() const noexcept { return cloud_.full(); }
  int lookback() const noexcept { return lookback_; }

 private:
  struct Cloud {
    double a, b;
  };
  HighLowWindow tenkan_, kijun_, senkou_;
  Ring<Cloud> cloud_;
  int lookback_;
};

}  // namespace talon::indicators
