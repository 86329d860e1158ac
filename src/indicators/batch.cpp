// Batch forms of the indicators without a dedicated kernel (DEMA, TEMA, LINEARREG_SLOPE,
// MACD, CCI): the inputs are checked once, column by column, then the unchecked streaming
// step runs in a tight loop over caller buffers, so batch and streaming values are the same
// doubles by construction. The dedicated kernels are in *kernel*.cpp. The vector-returning
// forms allocate and call the *_into forms.

#include <talon/indicators/adx.hpp>
#include <talon/indicators/aroon.hpp>
#include <talon/indicators/atr.hpp>
#include <talon/indicators/cci.hpp>
#include <talon/indicators/dema.hpp>
#include <talon/indicators/ema.hpp>
#include <talon/indicators/kama.hpp>
#include <talon/indicators/linearreg.hpp>
#include <talon/indicators/macd.hpp>
#include <talon/indicators/mfi.hpp>
#include <talon/indicators/momentum.hpp>
#include <talon/indicators/obv.hpp>
#include <talon/indicators/rsi.hpp>
#include <talon/indicators/sar.hpp>
#include <talon/indicators/sma.hpp>
#include <talon/indicators/stddev.hpp>
#include <talon/indicators/stoch.hpp>
#include <talon/indicators/wma.hpp>

#include "kernel_support.hpp"

namespace talon::indicators {

using kernel::check_hlc;
using kernel::check_out;

namespace {

using In = std::span<const double>;
using Out = std::span<double>;
using Vec = std::vector<double>;

template <typename Ind>
void run_price(Ind ind, In x, Out out, const char* who) {
  check_prices(x, who, "price");
  check_out(x.size(), {out.size()}, who);
  for (std::size_t i = 0; i < x.size(); ++i) out[i] = ind.step(x[i]);
}

template <typename Ind>
void run_hlc(Ind ind, In high, In low, In close, Out out, const char* who) {
  check_hlc(high, low, close, who);
  check_out(close.size(), {out.size()}, who);
  for (std::size_t i = 0; i < close.size(); ++i) out[i] = ind.step(high[i], low[i], close[i]);
}

template <typename F>
Vec alloc(std::size_t n, F&& fill) {
  Vec v(n);
  fill(Out(v));
  return v;
}

}  // namespace

void dema_into(In price, int period, Out out) {
  run_price(Dema(period), price, out, "DEMA");
}
void tema_into(In price, int period, Out out) {
  run_price(Tema(period), price, out, "TEMA");
}

Vec sma(In price, int period) {
  return alloc(price.size(), [&](Out o) { sma_into(price, period, o); });
}
Vec ema(In price, int period) {
  return alloc(price.size(), [&](Out o) { ema_into(price, period, o); });
}
Vec wma(In price, int period) {
  return alloc(price.size(), [&](Out o) { wma_into(price, period, o); });
}
Vec dema(In price, int period) {
  return alloc(price.size(), [&](Out o) { dema_into(price, period, o); });
}
Vec tema(In price, int period) {
  return alloc(price.size(), [&](Out o) { tema_into(price, period, o); });
}
Vec kama(In price, int period) {
  return alloc(price.size(), [&](Out o) { kama_into(price, period, o); });
}
Vec rsi(In price, int period) {
  return alloc(price.size(), [&](Out o) { rsi_into(price, period, o); });
}
Vec mom(In price, int period) {
  return alloc(price.size(), [&](Out o) { mom_into(price, period, o); });
}
Vec roc(In price, int period) {
  return alloc(price.size(), [&](Out o) { roc_into(price, period, o); });
}
Vec stddev(In price, int period, double nbdev) {
  return alloc(price.size(), [&](Out o) { stddev_into(price, period, nbdev, o); });
}
Vec linearreg_slope(In price, int period) {
  return alloc(price.size(), [&](Out o) { linearreg_slope_into(price, period, o); });
}

void macd_into(In price, int fast, int slow, int signal, Out m, Out s, Out h) {
  Macd ind(fast, slow, signal);
  check_prices(price, "MACD", "price");
  check_out(price.size(), {m.size(), s.size(), h.size()}, "MACD");
  for (std::size_t i = 0; i < price.size(); ++i) {
    const MacdValue v = ind.step(price[i]);
    m[i] = v.macd;
    s[i] = v.signal;
    h[i] = v.hist;
  }
}
MacdSeries macd(In price, int fast, int slow, int signal) {
  MacdSeries s{Vec(price.size()), Vec(price.size()), Vec(price.size())};
  macd_into(price, fast, slow, signal, s.macd, s.signal, s.hist);
  return s;
}

BbandsSeries bbands(In price, int period, double nbdevup, double nbdevdn) {
  BbandsSeries s{Vec(price.size()), Vec(price.size()), Vec(price.size())};
  bbands_into(price, period, nbdevup, nbdevdn, s.upper, s.middle, s.lower);
  return s;
}

void cci_into(In high, In low, In close, int period, Out out) {
  run_hlc(Cci(period), high, low, close, out, "CCI");
}

Vec trange(In high, In low, In close) {
  return alloc(close.size(), [&](Out o) { trange_into(high, low, close, o); });
}
Vec atr(In high, In low, In close, int period) {
  return alloc(close.size(), [&](Out o) { atr_into(high, low, close, period, o); });
}
Vec natr(In high, In low, In close, int period) {
  return alloc(close.size(), [&](Out o) { natr_into(high, low, close, period, o); });
}
Vec willr(In high, In low, In close, int period) {
  return alloc(close.size(), [&](Out o) { willr_into(high, low, close, period, o); });
}
Vec cci(In high, In low, In close, int period) {
  return alloc(close.size(), [&](Out o) { cci_into(high, low, close, period, o); });
}

StochSeries stoch(In high, In low, In close, int fastk_period, int slowk_period, int slowd_period) {
  StochSeries s{Vec(close.size()), Vec(close.size())};
  stoch_into(high, low, close, fastk_period, slowk_period, slowd_period, s.k, s.d);
  return s;
}
StochSeries stochf(In high, In low, In close, int fastk_period, int fastd_period) {
  StochSeries s{Vec(close.size()), Vec(close.size())};
  stochf_into(high, low, close, fastk_period, fastd_period, s.k, s.d);
  return s;
}
StochSeries stochrsi(In price, int period, int fastk_period, int fastd_period) {
  StochSeries s{Vec(price.size()), Vec(price.size())};
  stochrsi_into(price, period, fastk_period, fastd_period, s.k, s.d);
  return s;
}

AdxSeries adx(In high, In low, In close, int period) {
  AdxSeries s{Vec(close.size()), Vec(close.size()), Vec(close.size())};
  adx_into(high, low, close, period, s.adx, s.plus_di, s.minus_di);
  return s;
}

Vec mfi(In high, In low, In close, In volume, int period) {
  return alloc(close.size(), [&](Out o) { mfi_into(high, low, close, volume, period, o); });
}

Vec obv(In close, In volume) {
  return alloc(close.size(), [&](Out o) { obv_into(close, volume, o); });
}

AroonSeries aroon(In high, In low, int period) {
  AroonSeries s{Vec(high.size()), Vec(high.size())};
  aroon_into(high, low, period, s.down, s.up);
  return s;
}

Vec sar(In high, In low, double acceleration, double maximum) {
  return alloc(high.size(), [&](Out o) { sar_into(high, low, acceleration, maximum, o); });
}

}  // namespace talon::indicators
