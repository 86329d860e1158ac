// Batch forms of the indicators: the inputs are checked once, column by column, then the
// unchecked streaming step runs in a tight loop over caller buffers, so batch and streaming
// values are the same doubles by construction. The vector-returning forms allocate and call
// the *_into forms.

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

namespace talon::indicators {
namespace {

using In = std::span<const double>;
using Out = std::span<double>;
using Vec = std::vector<double>;

void check_out(std::size_t n, std::initializer_list<std::size_t> outs, const char* who) {
  for (std::size_t m : outs) {
    if (m != n)
      throw InvalidArgument(fmt::format("{}: output buffer of {} values for {} inputs", who, m, n));
  }
}

void check_hl(In high, In low, const char* who) {
  check_same_length(high.size(), low.size(), who);
  check_prices(high, who, "high");
  check_prices(low, who, "low");
  for (std::size_t i = 0; i < high.size(); ++i) {
    if (low[i] > high[i])
      throw InvalidArgument(
          fmt::format("{}: low[{}] = {} is above high[{}] = {}", who, i, low[i], i, high[i]));
  }
}

void check_hlc(In high, In low, In close, const char* who) {
  check_hl(high, low, who);
  check_same_length(high.size(), close.size(), who);
  check_prices(close, who, "close");
}

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

template <typename Ind>
void run_stoch(Ind ind, In high, In low, In close, Out k, Out d, const char* who) {
  check_hlc(high, low, close, who);
  check_out(close.size(), {k.size(), d.size()}, who);
  for (std::size_t i = 0; i < close.size(); ++i) {
    const StochValue v = ind.step(high[i], low[i], close[i]);
    k[i] = v.k;
    d[i] = v.d;
  }
}

}  // namespace

void dema_into(In price, int period, Out out) {
  run_price(Dema(period), price, out, "DEMA");
}
void tema_into(In price, int period, Out out) {
  run_price(Tema(period), price, out, "TEMA");
}
void kama_into(In price, int period, Out out) {
  run_price(Kama(period), price, out, "KAMA");
}
void linearreg_slope_into(In price, int period, Out out) {
  run_price(LinRegSlope(period), price, out, "LINEARREG_SLOPE");
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

void willr_into(In high, In low, In close, int period, Out out) {
  run_hlc(WillR(period), high, low, close, out, "WILLR");
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

void stoch_into(In high, In low, In close, int fastk_period, int slowk_period, int slowd_period,
                Out k, Out d) {
  run_stoch(Stoch(fastk_period, slowk_period, slowd_period), high, low, close, k, d, "STOCH");
}
void stochf_into(In high, In low, In close, int fastk_period, int fastd_period, Out k, Out d) {
  run_stoch(StochF(fastk_period, fastd_period), high, low, close, k, d, "STOCHF");
}
void stochrsi_into(In price, int period, int fastk_period, int fastd_period, Out k, Out d) {
  StochRsi ind(period, fastk_period, fastd_period);
  check_prices(price, "STOCHRSI", "price");
  check_out(price.size(), {k.size(), d.size()}, "STOCHRSI");
  for (std::size_t i = 0; i < price.size(); ++i) {
    const StochValue v = ind.step(price[i]);
    k[i] = v.k;
    d[i] = v.d;
  }
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

void adx_into(In high, In low, In close, int period, Out adx_out, Out plus_di, Out minus_di) {
  Adx ind(period);
  check_hlc(high, low, close, "ADX");
  check_out(close.size(), {adx_out.size(), plus_di.size(), minus_di.size()}, "ADX");
  for (std::size_t i = 0; i < close.size(); ++i) {
    const AdxValue v = ind.step(high[i], low[i], close[i]);
    adx_out[i] = v.adx;
    plus_di[i] = v.plus_di;
    minus_di[i] = v.minus_di;
  }
}
AdxSeries adx(In high, In low, In close, int period) {
  AdxSeries s{Vec(close.size()), Vec(close.size()), Vec(close.size())};
  adx_into(high, low, close, period, s.adx, s.plus_di, s.minus_di);
  return s;
}

void mfi_into(In high, In low, In close, In volume, int period, Out out) {
  Mfi ind(period);
  check_hlc(high, low, close, "MFI");
  check_same_length(close.size(), volume.size(), "MFI");
  check_volumes(volume, "MFI", "volume");
  check_out(close.size(), {out.size()}, "MFI");
  for (std::size_t i = 0; i < close.size(); ++i)
    out[i] = ind.step(high[i], low[i], close[i], volume[i]);
}
Vec mfi(In high, In low, In close, In volume, int period) {
  return alloc(close.size(), [&](Out o) { mfi_into(high, low, close, volume, period, o); });
}

void obv_into(In close, In volume, Out out) {
  check_same_length(close.size(), volume.size(), "OBV");
  check_prices(close, "OBV", "close");
  check_volumes(volume, "OBV", "volume");
  check_out(close.size(), {out.size()}, "OBV");
  Obv ind;
  for (std::size_t i = 0; i < close.size(); ++i) out[i] = ind.step(close[i], volume[i]);
}
Vec obv(In close, In volume) {
  return alloc(close.size(), [&](Out o) { obv_into(close, volume, o); });
}

void aroon_into(In high, In low, int period, Out down, Out up) {
  Aroon ind(period);
  check_hl(high, low, "AROON");
  check_out(high.size(), {down.size(), up.size()}, "AROON");
  for (std::size_t i = 0; i < high.size(); ++i) {
    const AroonValue v = ind.step(high[i], low[i]);
    down[i] = v.down;
    up[i] = v.up;
  }
}
AroonSeries aroon(In high, In low, int period) {
  AroonSeries s{Vec(high.size()), Vec(high.size())};
  aroon_into(high, low, period, s.down, s.up);
  return s;
}

void sar_into(In high, In low, double acceleration, double maximum, Out out) {
  Sar ind(acceleration, maximum);
  check_hl(high, low, "SAR");
  check_out(high.size(), {out.size()}, "SAR");
  for (std::size_t i = 0; i < high.size(); ++i) out[i] = ind.step(high[i], low[i]);
}
Vec sar(In high, In low, double acceleration, double maximum) {
  return alloc(high.size(), [&](Out o) { sar_into(high, low, acceleration, maximum, o); });
}

}  // namespace talon::indicators
