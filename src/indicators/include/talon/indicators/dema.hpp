#pragma once
// Double and triple exponential moving averages (Patrick Mulloy, 1994): TA-Lib TA_DEMA
// (2*EMA - EMA(EMA)) and TA_TEMA (3*EMA - 3*EMA(EMA) + EMA(EMA(EMA))), each EMA seeded as
// TA_EMA. Warm-up: 2*(period-1) inputs for DEMA, 3*(period-1) for TEMA.

#include <optional>
#include <span>
#include <vector>

#include <talon/indicators/ema.hpp>

namespace talon::indicators {

class Dema {
 public:
  /// period in [1, 100000]. Throws InvalidArgument.
  explicit Dema(int period) : e1_(period), e2_(period), period_(period) {}

  /// Unchecked step; NaN during warm-up.
  double step(double x) noexcept {
    const double a = e1_.step(x);
    if (!e1_.ready()) return kNotReady;
    const double b = e2_.step(a);
    if (!e2_.ready()) return kNotReady;
    return (2.0 * a) - b;
  }
  /// Feeds one price (checked); the DEMA once ready.
  std::optional<double> update(double price) {
    check_price(price, "DEMA", "price");
    const double v = step(price);
    return ready() ? std::optional<double>(v) : std::nullopt;
  }
  bool ready() const noexcept { return e2_.ready(); }
  int lookback() const noexcept { return 2 * (period_ - 1); }

 private:
  Ema e1_, e2_;
  int period_;
};

class Tema {
 public:
  /// period in [1, 100000]. Throws InvalidArgument.
  explicit Tema(int period) : e1_(period), e2_(period), e3_(period), period_(period) {}

  /// Unchecked step; NaN during warm-up.
  double step(double x) noexcept {
    const double a = e1_.step(x);
    if (!e1_.ready()) return kNotReady;
    const double b = e2_.step(a);
    if (!e2_.ready()) return kNotReady;
    const double c = e3_.step(b);
    if (!e3_.ready()) return kNotReady;
    // ta_TEMA.c: out = ema3; out += (3*ema1) - (3*ema2)
    return c + ((3.0 * a) - (3.0 * b));
  }
  /// Feeds one price (checked); the TEMA once ready.
  std::optional<double> update(double price) {
    check_price(price, "TEMA", "price");
    const double v = step(price);
    return ready() ? std::optional<double>(v) : std::nullopt;
  }
  bool ready() const noexcept { return e3_.ready(); }
  int lookback() const noexcept { return 3 * (period_ - 1); }

 private:
  Ema e1_, e2_, e3_;
  int period_;
};

/// Batch DEMA / TEMA of `price` (checked), NaN during warm-up.
std::vector<double> dema(std::span<const double> price, int period);
std::vector<double> tema(std::span<const double> price, int period);
/// As dema() / tema(), into `out` (same length as price).
void dema_into(std::span<const double> price, int period, std::span<double> out);
void tema_into(std::span<const double> price, int period, std::span<double> out);

}  // namespace talon::indicators
