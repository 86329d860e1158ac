// Batch forms of the indicators: the inputs are checked once, column by column, then the
// unchecked streaming step runs in a tight loop, so batch and streaming values are the same
// doubles by construction.

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

template <typename Ind>
std::vector<double> run_price(Ind ind, std::span<const double> x, const char* who) {
  check_prices(x, who, "price");
  std::vector<double> out(x.size());
  for (std::size_t i = 0; i < x.size(); ++i)
    out[i] = ind.step(x[i]);
  return out;
}

void check_hl(std::span<const double> high, std::span<const double> low, const char* who) {
  check_same_length(high.size(), low.size(), who);
  check_prices(high, who, "high");
  check_prices(low, who, "low");
  for (std::size_t i = 0; i < high.size(); ++i) {
    if (low[i] > high[i])
      throw InvalidArgument(
          fmt::format("{}: low[{}] = {} is above high[{}] = {}", who, i, low[i], i, high[i]));
  }
}

void check_hlc(std::span<const double> high, std::span<const double> low,
               std::span<const double> close, const char* who) {
  check_hl(high, low, who);
  check_same_length(high.size(), close.size(), who);
  check_prices(close, who, "close");
}

template <typename Ind>
std::vector<double> run_hlc(Ind ind, std::span<const double> high, std::span<const double> low,
                            std::span<const double> close, const char* who) {
  check_hlc(high, low, close, who);
  std::vector<double> out(close.size());
  for (std::size_t i = 0; i < close.size(); ++i)
    out[i] = ind.step(high[i], low[i], close[i]);
  return out;
}

}  // namespace

std::vector<double> sma(std::span<const double> price, int period) {
  return run_price(Sma(period), price, "SMA");
}
std::vector<double> ema(std::span<const double> price, int period) {
  return run_price(Ema(period), price, "EMA");
}
std::vector<double> wma(std::span<const double> price, int period) {
  return run_price(Wma(period), price, "WMA");
}
std::vector<double> dema(std::span<const double> price, int period) {
  return run_price(Dema(period), price, "DEMA");
}
std::vector<double> tema(std::span<const double> price, int period) {
  return run_price(Tema(period), price, "TEMA");
}
std::vector<double> kama(std::span<const double> price, int period) {
  return run_price(Kama(period), price, "KAMA");
}
std::vector<double> rsi(std::span<const double> price, int period) {
  return run_price(Rsi(period), price, "RSI");
}
std::vector<double> mom(std::span<const double> price, int period) {
  return run_price(Mom(period), price, "MOM");
}
std::vector<double> roc(std::span<const double> price, int period) {
  return run_price(Roc(period), price, "ROC");
}
std::vector<double> stddev(std::span<const double> price, int period, double nbdev) {
  return run_price(StdDev(period, nbdev), price, "STDDEV");
}
std::vector<double> linearreg_slope(std::span<const double> price, int period) {
  return run_price(LinRegSlope(period), price, "LINEARREG_SLOPE");
}

MacdSeries macd(std::span<const double> price, int fast, int slow, int signal) {
  Macd ind(fast, slow, signal);
  check_prices(price, "MACD", "price");
  MacdSeries s{std::vector<double>(price.size()), std::vector<double>(price.size()),
               std::vector<double>(price.size())};
  for (std::size_t i = 0; i < price.size(); ++i) {
    const MacdValue v = ind.step(price[i]);
    s.macd[i] = v.macd;
    s.signal[i] = v.signal;
    s.hist[i] = v.hist;
  }
  return s;
}

BbandsSeries bbands(std::span<const double> price, int period, double nbdevup, double nbdevdn) {
  Bbands ind(period, nbdevup, nbdevdn);
  check_prices(price, "BBANDS", "price");
  BbandsSeries s{std::vector<double>(price.size()), std::vector<double>(price.size()),
                 std::vector<double>(price.size())};
  for (std::size_t i = 0; i < price.size(); ++i) {
    const BbandsValue v = ind.step(price[i]);
    s.upper[i] = v.upper;
    s.middle[i] = v.middle;
    s.lower[i] = v.lower;
  }
  return s;
}

std::vector<double> trange(std::span<const double> high, std::span<const double> low,
                           std::span<const double> close) {
  return run_hlc(TrueRange(), high, low, close, "TRANGE");
}
std::vector<double> atr(std::span<const double> high, std::span<const double> low,
                        std::span<const double> close, int period) {
  return run_hlc(Atr(period), high, low, close, "ATR");
}
std::vector<double> natr(std::span<const double> high, std::span<const double> low,
                         std::span<const double> close, int period) {
  return run_hlc(Natr(period), high, low, close, "NATR");
}
std::vector<double> willr(std::span<const double> high, std::span<const double> low,
                          std::span<const double> close, int period) {
  return run_hlc(WillR(period), high, low, close, "WILLR");
}
std::vector<double> cci(std::span<const double> high, std::span<const double> low,
                        std::span<const double> close, int period) {
  return run_hlc(Cci(period), high, low, close, "CCI");
}

namespace {
template <typename Ind>
StochSeries run_stoch(Ind ind, std::span<const double> high, std::span<const double> low,
                      std::span<const double> close, const char* who) {
  check_hlc(high, low, close, who);
  StochSeries s{std::vector<double>(close.size()), std::vector<double>(close.size())};
  for (std::size_t i = 0; i < close.size(); ++i) {
    const StochValue v = ind.step(high[i], low[i], close[i]);
    s.k[i] = v.k;
    s.d[i] = v.d;
  }
  return s;
}
}  // namespace

StochSeries stoch(std::span<const double> high, std::span<const double> low,
                  std::span<const double> close, int fastk_period, int slowk_period,
                  int slowd_period) {
  return run_stoch(Stoch(fastk_period, slowk_period, slowd_period), high, low, close, "STOCH");
}
StochSeries stochf(std::span<const double> high, std::span<const double> low,
                   std::span<const double> close, int fastk_period, int fastd_period) {
  return run_stoch(StochF(fastk_period, fastd_period), high, low, close, "STOCHF");
}
StochSeries stochrsi(std::span<const double> price, int period, int fastk_period,
                     int fastd_period) {
  StochRsi ind(period, fastk_period, fastd_period);
  check_prices(price, "STOCHRSI", "price");
  StochSeries s{std::vector<double>(price.size()), std::vector<double>(price.size())};
  for (std::size_t i = 0; i < price.size(); ++i) {
    const StochValue v = ind.step(price[i]);
    s.k[i] = v.k;
    s.d[i] = v.d;
  }
  return s;
}

AdxSeries adx(std::span<const double> high, std::span<const double> low,
              std::span<const double> close, int period) {
  Adx ind(period);
  check_hlc(high, low, close, "ADX");
  const std::size_t n = close.size();
  AdxSeries s{std::vector<double>(n), std::vector<double>(n), std::vector<double>(n)};
  for (std::size_t i = 0; i < n; ++i) {
    const AdxValue v = ind.step(high[i], low[i], close[i]);
    s.adx[i] = v.adx;
    s.plus_di[i] = v.plus_di;
    s.minus_di[i] = v.minus_di;
  }
  return s;
}

std::vector<double> mfi(std::span<const double> high, std::span<const double> low,
                        std::span<const double> close, std::span<const double> volume, int period) {
  Mfi ind(period);
  check_hlc(high, low, close, "MFI");
  check_same_length(close.size(), volume.size(), "MFI");
  check_volumes(volume, "MFI", "volume");
  std::vector<double> out(close.size());
  for (std::size_t i = 0; i < close.size(); ++i)
    out[i] = ind.step(high[i], low[i], close[i], volume[i]);
  return out;
}

std::vector<double> obv(std::span<const double> close, std::span<const double> volume) {
  check_same_length(close.size(), volume.size(), "OBV");
  check_prices(close, "OBV", "close");
  check_volumes(volume, "OBV", "volume");
  Obv ind;
  std::vector<double> out(close.size());
  for (std::size_t i = 0; i < close.size(); ++i)
    out[i] = ind.step(close[i], volume[i]);
  return out;
}

AroonSeries aroon(std::span<const double> high, std::span<const double> low, int period) {
  Aroon ind(period);
  check_hl(high, low, "AROON");
  AroonSeries s{std::vector<double>(high.size()), std::vector<double>(high.size())};
  for (std::size_t i = 0; i < high.size(); ++i) {
    const AroonValue v = ind.step(high[i], low[i]);
    s.down[i] = v.down;
    s.up[i] = v.up;
  }
  return s;
}

std::vector<double> sar(std::span<const double> high, std::span<const double> low,
                        double acceleration, double maximum) {
  Sar ind(acceleration, maximum);
  check_hl(high, low, "SAR");
  std::vector<double> out(high.size());
  for (std::size_t i = 0; i < high.size(); ++i)
    out[i] = ind.step(high[i], low[i]);
  return out;
}

}  // namespace talon::indicators
