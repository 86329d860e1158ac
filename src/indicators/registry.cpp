// The catalogue: each entry pairs a spec (name, parameters, outputs, source) with a factory
// for the streaming adapter and, where one exists, the typed batch function.

#include <algorithm>
#include <cctype>
#include <cmath>

#include <talon/indicators/adx.hpp>
#include <talon/indicators/aroon.hpp>
#include <talon/indicators/atr.hpp>
#include <talon/indicators/cci.hpp>
#include <talon/indicators/dema.hpp>
#include <talon/indicators/donchian.hpp>
#include <talon/indicators/ema.hpp>
#include <talon/indicators/ichimoku.hpp>
#include <talon/indicators/kama.hpp>
#include <talon/indicators/keltner.hpp>
#include <talon/indicators/linearreg.hpp>
#include <talon/indicators/macd.hpp>
#include <talon/indicators/mfi.hpp>
#include <talon/indicators/momentum.hpp>
#include <talon/indicators/obv.hpp>
#include <talon/indicators/registry.hpp>
#include <talon/indicators/rsi.hpp>
#include <talon/indicators/sar.hpp>
#include <talon/indicators/sma.hpp>
#include <talon/indicators/stddev.hpp>
#include <talon/indicators/stoch.hpp>
#include <talon/indicators/supertrend.hpp>
#include <talon/indicators/vwap.hpp>
#include <talon/indicators/wma.hpp>

namespace talon::indicators {
namespace {

using Values = std::vector<double>;  // resolved parameter values, in spec order
using Columns = std::vector<std::vector<double>>;

struct Entry {
  IndicatorSpec spec;
  std::unique_ptr<StreamingIndicator> (*make)(const IndicatorSpec&, const Values&);
  Columns (*batch)(const Values&, const BarColumns&);  // nullptr: stream through `make`
};

int ip(const Values& v, std::size_t k) {
  return static_cast<int>(v[k]);
}

/// Adapts a typed indicator: `Step` writes the outputs of one unchecked step.
template <typename Ind, typename Step>
class Adapter final : public StreamingIndicator {
 public:
  Adapter(const IndicatorSpec& spec, Ind ind, Step step)
      : spec_(spec), ind_(std::move(ind)), step_(step) {}
  bool update(const BarInput& bar, std::span<double> out) override {
    check_bar(bar, spec_.name);
    if (out.size() != spec_.outputs.size())
      throw InvalidArgument(fmt::format("{}: {} output slots given, {} needed", spec_.name,
                                        out.size(), spec_.outputs.size()));
    step_(ind_, bar, out);
    return std::none_of(out.begin(), out.end(), [](double x) { return std::isnan(x); });
  }
  int lookback() const override { return ind_.lookback(); }
  const IndicatorSpec& spec() const override { return spec_; }

 private:
  const IndicatorSpec& spec_;
  Ind ind_;
  Step step_;
};

template <typename Ind, typename Step>
std::unique_ptr<StreamingIndicator> adapt(const IndicatorSpec& spec, Ind ind, Step step) {
  return std::make_unique<Adapter<Ind, Step>>(spec, std::move(ind), step);
}

ParamSpec period(double def, int min = 2, const char* doc = "bars in the window") {
  return {"period", def, static_cast<double>(min), kMaxPeriod, true, doc};
}
ParamSpec int_param(const char* name, double def, int min, const char* doc) {
  return {name, def, static_cast<double>(min), kMaxPeriod, true, doc};
}
ParamSpec real_param(const char* name, double def, double min, double max, const char* doc) {
  return {name, def, min, max, false, doc};
}

// Price indicators (one real series, the close).
#define TALON_PRICE_ENTRY(NAME, CLASS, DEF, MIN, SUMMARY, SOURCE, OUT, BATCH)                     \
  Entry {                                                                                         \
    IndicatorSpec{NAME, SUMMARY, SOURCE, {period(DEF, MIN)}, {OUT}},                              \
        [](const IndicatorSpec& s, const Values& v) {                                             \
          return adapt(s, CLASS(ip(v, 0)), [](CLASS& i, const BarInput& b, std::span<double> o) { \
            o[0] = i.step(b.close);                                                               \
          });                                                                                     \
        },                                                                                        \
        [](const Values& v, const BarColumns& c) { return Columns{BATCH(c.close, ip(v, 0))}; }    \
  }

const std::vector<Entry>& entries() {
  static const std::vector<Entry> all = [] {
    std::vector<Entry> e;
    e.push_back(
        TALON_PRICE_ENTRY("SMA", Sma, 30, 1, "simple moving average", "TA-Lib TA_SMA", "sma", sma));
    e.push_back(TALON_PRICE_ENTRY("EMA", Ema, 30, 1,
                                  "exponential moving average, seeded with the SMA",
                                  "TA-Lib TA_EMA", "ema", ema));
    e.push_back(TALON_PRICE_ENTRY("WMA", Wma, 30, 1, "linearly weighted moving average",
                                  "TA-Lib TA_WMA", "wma", wma));
    e.push_back(TALON_PRICE_ENTRY("DEMA", Dema, 30, 1, "double exponential moving average (Mulloy)",
                                  "TA-Lib TA_DEMA", "dema", dema));
    e.push_back(TALON_PRICE_ENTRY("TEMA", Tema, 30, 1, "triple exponential moving average (Mulloy)",
                                  "TA-Lib TA_TEMA", "tema", tema));
    e.push_back(TALON_PRICE_ENTRY("KAMA", Kama, 30, 2, "Kaufman adaptive moving average",
                                  "TA-Lib TA_KAMA", "kama", kama));
    e.push_back(TALON_PRICE_ENTRY("RSI", Rsi, 14, 2, "Wilder's relative strength index, 0..100",
                                  "TA-Lib TA_RSI", "rsi", rsi));
    e.push_back(TALON_PRICE_ENTRY("MOM", Mom, 10, 1,
                                  "momentum: close - close[period] (price units)", "TA-Lib TA_MOM",
                                  "mom", mom));
    e.push_back(TALON_PRICE_ENTRY("ROC", Roc, 10, 1, "rate of change in percent", "TA-Lib TA_ROC",
                                  "roc", roc));
    e.push_back(TALON_PRICE_ENTRY("LINEARREG_SLOPE", LinRegSlope, 14, 2,
                                  "least-squares slope over the window (price units per bar)",
                                  "TA-Lib TA_LINEARREG_SLOPE", "linearreg_slope", linearreg_slope));

    e.push_back({IndicatorSpec{"STDDEV",
                               "population standard deviation times nbdev (price units)",
                               "TA-Lib TA_STDDEV",
                               {period(5), real_param("nbdev", 1, -1e300, 1e300, "multiplier")},
                               {"stddev"}},
                 [](const IndicatorSpec& s, const Values& v) {
                   return adapt(s, StdDev(ip(v, 0), v[1]),
                                [](StdDev& i, const BarInput& b, std::span<double> o) {
                                  o[0] = i.step(b.close);
                                });
                 },
                 [](const Values& v, const BarColumns& c) {
                   return Columns{stddev(c.close, ip(v, 0), v[1])};
                 }});

    e.push_back({IndicatorSpec{"MACD",
                               "moving average convergence/divergence (price units)",
                               "TA-Lib TA_MACD",
                               {int_param("fast", 12, 2, "fast EMA period"),
                                int_param("slow", 26, 2, "slow EMA period"),
                                int_param("signal", 9, 1, "signal EMA period")},
                               {"macd", "macdsignal", "macdhist"}},
                 [](const IndicatorSpec& s, const Values& v) {
                   return adapt(s, Macd(ip(v, 0), ip(v, 1), ip(v, 2)),
                                [](Macd& i, const BarInput& b, std::span<double> o) {
                                  const MacdValue m = i.step(b.close);
                                  o[0] = m.macd;
                                  o[1] = m.signal;
                                  o[2] = m.hist;
                                });
                 },
                 [](const Values& v, const BarColumns& c) {
                   MacdSeries m = macd(c.close, ip(v, 0), ip(v, 1), ip(v, 2));
                   return Columns{std::move(m.macd), std::move(m.signal), std::move(m.hist)};
                 }});

    e.push_back(
        {IndicatorSpec{"BBANDS",
                       "Bollinger Bands on the SMA (price units)",
                       "TA-Lib TA_BBANDS, MAType SMA",
                       {period(5), real_param("nbdevup", 2, -1e300, 1e300, "upper band deviations"),
                        real_param("nbdevdn", 2, -1e300, 1e300, "lower band deviations")},
                       {"upperband", "middleband", "lowerband"}},
         [](const IndicatorSpec& s, const Values& v) {
           return adapt(s, Bbands(ip(v, 0), v[1], v[2]),
                        [](Bbands& i, const BarInput& b, std::span<double> o) {
                          const BbandsValue m = i.step(b.close);
                          o[0] = m.upper;
                          o[1] = m.middle;
                          o[2] = m.lower;
                        });
         },
         [](const Values& v, const BarColumns& c) {
           BbandsSeries m = bbands(c.close, ip(v, 0), v[1], v[2]);
           return Columns{std::move(m.upper), std::move(m.middle), std::move(m.lower)};
         }});

    e.push_back(
        {IndicatorSpec{"TRANGE", "true range (price units)", "TA-Lib TA_TRANGE", {}, {"trange"}},
         [](const IndicatorSpec& s, const Values&) {
           return adapt(s, TrueRange(), [](TrueRange& i, const BarInput& b, std::span<double> o) {
             o[0] = i.step(b.high, b.low, b.close);
           });
         },
         [](const Values&, const BarColumns& c) {
           return Columns{trange(c.high, c.low, c.close)};
         }});
    e.push_back({IndicatorSpec{"ATR",
                               "Wilder's average true range (price units)",
                               "TA-Lib TA_ATR",
                               {period(14, 1)},
                               {"atr"}},
                 [](const IndicatorSpec& s, const Values& v) {
                   return adapt(s, Atr(ip(v, 0)),
                                [](Atr& i, const BarInput& b, std::span<double> o) {
                                  o[0] = i.step(b.high, b.low, b.close);
                                });
                 },
                 [](const Values& v, const BarColumns& c) {
                   return Columns{atr(c.high, c.low, c.close, ip(v, 0))};
                 }});
    e.push_back({IndicatorSpec{"NATR",
                               "ATR as a percentage of the close",
                               "TA-Lib TA_NATR",
                               {period(14, 1)},
                               {"natr"}},
                 [](const IndicatorSpec& s, const Values& v) {
                   return adapt(s, Natr(ip(v, 0)),
                                [](Natr& i, const BarInput& b, std::span<double> o) {
                                  o[0] = i.step(b.high, b.low, b.close);
                                });
                 },
                 [](const Values& v, const BarColumns& c) {
                   return Columns{natr(c.high, c.low, c.close, ip(v, 0))};
                 }});
    e.push_back(
        {IndicatorSpec{"WILLR", "Williams %R, -100..0", "TA-Lib TA_WILLR", {period(14)}, {"willr"}},
         [](const IndicatorSpec& s, const Values& v) {
           return adapt(s, WillR(ip(v, 0)), [](WillR& i, const BarInput& b, std::span<double> o) {
             o[0] = i.step(b.high, b.low, b.close);
           });
         },
         [](const Values& v, const BarColumns& c) {
           return Columns{willr(c.high, c.low, c.close, ip(v, 0))};
         }});
    e.push_back(
        {IndicatorSpec{"CCI", "commodity channel index", "TA-Lib TA_CCI", {period(14)}, {"cci"}},
         [](const IndicatorSpec& s, const Values& v) {
           return adapt(s, Cci(ip(v, 0)), [](Cci& i, const BarInput& b, std::span<double> o) {
             o[0] = i.step(b.high, b.low, b.close);
           });
         },
         [](const Values& v, const BarColumns& c) {
           return Columns{cci(c.high, c.low, c.close, ip(v, 0))};
         }});
    e.push_back(
        {IndicatorSpec{"MFI", "money flow index, 0..100", "TA-Lib TA_MFI", {period(14)}, {"mfi"}},
         [](const IndicatorSpec& s, const Values& v) {
           return adapt(s, Mfi(ip(v, 0)), [](Mfi& i, const BarInput& b, std::span<double> o) {
             o[0] = i.step(b.high, b.low, b.close, b.volume);
           });
         },
         [](const Values& v, const BarColumns& c) {
           return Columns{mfi(c.high, c.low, c.close, c.volume, ip(v, 0))};
         }});
    e.push_back(
        {IndicatorSpec{"OBV", "on-balance volume (base units)", "TA-Lib TA_OBV", {}, {"obv"}},
         [](const IndicatorSpec& s, const Values&) {
           return adapt(s, Obv(), [](Obv& i, const BarInput& b, std::span<double> o) {
             o[0] = i.step(b.close, b.volume);
           });
         },
         [](const Values&, const BarColumns& c) { return Columns{obv(c.close, c.volume)}; }});

    auto adx_entry = [](const char* name, const char* summary, const char* source,
                        const char* out) {
      return Entry{IndicatorSpec{name, summary, source, {period(14)}, {out}}, nullptr, nullptr};
    };
    Entry a =
        adx_entry("ADX", "Wilder's average directional index, 0..100", "TA-Lib TA_ADX", "adx");
    a.make = [](const IndicatorSpec& s, const Values& v) {
      return adapt(s, Adx(ip(v, 0)), [](Adx& i, const BarInput& b, std::span<double> o) {
        o[0] = i.step(b.high, b.low, b.close).adx;
      });
    };
    a.batch = [](const Values& v, const BarColumns& c) {
      return Columns{adx(c.high, c.low, c.close, ip(v, 0)).adx};
    };
    e.push_back(std::move(a));
    Entry p = adx_entry("PLUS_DI", "Wilder's plus directional indicator, 0..100",
                        "TA-Lib TA_PLUS_DI", "plus_di");
    p.make = [](const IndicatorSpec& s, const Values& v) {
      return adapt(s, PlusDi(ip(v, 0)), [](PlusDi& i, const BarInput& b, std::span<double> o) {
        o[0] = i.step(b.high, b.low, b.close);
      });
    };
    p.batch = [](const Values& v, const BarColumns& c) {
      return Columns{plus_di(c.high, c.low, c.close, ip(v, 0))};
    };
    e.push_back(std::move(p));
    Entry m = adx_entry("MINUS_DI", "Wilder's minus directional indicator, 0..100",
                        "TA-Lib TA_MINUS_DI", "minus_di");
    m.make = [](const IndicatorSpec& s, const Values& v) {
      return adapt(s, MinusDi(ip(v, 0)), [](MinusDi& i, const BarInput& b, std::span<double> o) {
        o[0] = i.step(b.high, b.low, b.close);
      });
    };
    m.batch = [](const Values& v, const BarColumns& c) {
      return Columns{minus_di(c.high, c.low, c.close, ip(v, 0))};
    };
    e.push_back(std::move(m));

    e.push_back({IndicatorSpec{"STOCH",
                               "slow stochastic %K and %D (SMA smoothing), 0..100",
                               "TA-Lib TA_STOCH, MAType SMA",
                               {int_param("fastk_period", 5, 1, "bars for the raw %K"),
                                int_param("slowk_period", 3, 1, "SMA of raw %K"),
                                int_param("slowd_period", 3, 1, "SMA of slow %K")},
                               {"slowk", "slowd"}},
                 [](const IndicatorSpec& s, const Values& v) {
                   return adapt(s, Stoch(ip(v, 0), ip(v, 1), ip(v, 2)),
                                [](Stoch& i, const BarInput& b, std::span<double> o) {
                                  const StochValue x = i.step(b.high, b.low, b.close);
                                  o[0] = x.k;
                                  o[1] = x.d;
                                });
                 },
                 [](const Values& v, const BarColumns& c) {
                   StochSeries x = stoch(c.high, c.low, c.close, ip(v, 0), ip(v, 1), ip(v, 2));
                   return Columns{std::move(x.k), std::move(x.d)};
                 }});
    e.push_back({IndicatorSpec{"STOCHF",
                               "fast stochastic %K and %D (SMA smoothing), 0..100",
                               "TA-Lib TA_STOCHF, MAType SMA",
                               {int_param("fastk_period", 5, 1, "bars for %K"),
                                int_param("fastd_period", 3, 1, "SMA of %K")},
                               {"fastk", "fastd"}},
                 [](const IndicatorSpec& s, const Values& v) {
                   return adapt(s, StochF(ip(v, 0), ip(v, 1)),
                                [](StochF& i, const BarInput& b, std::span<double> o) {
                                  const StochValue x = i.step(b.high, b.low, b.close);
                                  o[0] = x.k;
                                  o[1] = x.d;
                                });
                 },
                 [](const Values& v, const BarColumns& c) {
                   StochSeries x = stochf(c.high, c.low, c.close, ip(v, 0), ip(v, 1));
                   return Columns{std::move(x.k), std::move(x.d)};
                 }});
    e.push_back({IndicatorSpec{"STOCHRSI",
                               "fast stochastic of the RSI, 0..100",
                               "TA-Lib TA_STOCHRSI, MAType SMA",
                               {period(14), int_param("fastk_period", 5, 1, "bars for %K"),
                                int_param("fastd_period", 3, 1, "SMA of %K")},
                               {"fastk", "fastd"}},
                 [](const IndicatorSpec& s, const Values& v) {
                   return adapt(s, StochRsi(ip(v, 0), ip(v, 1), ip(v, 2)),
                                [](StochRsi& i, const BarInput& b, std::span<double> o) {
                                  const StochValue x = i.step(b.close);
                                  o[0] = x.k;
                                  o[1] = x.d;
                                });
                 },
                 [](const Values& v, const BarColumns& c) {
                   StochSeries x = stochrsi(c.close, ip(v, 0), ip(v, 1), ip(v, 2));
                   return Columns{std::move(x.k), std::move(x.d)};
                 }});
    e.push_back({IndicatorSpec{"AROON",
                               "Aroon down and up, 0..100",
                               "TA-Lib TA_AROON",
                               {period(14)},
                               {"aroondown", "aroonup"}},
                 [](const IndicatorSpec& s, const Values& v) {
                   return adapt(s, Aroon(ip(v, 0)),
                                [](Aroon& i, const BarInput& b, std::span<double> o) {
                                  const AroonValue x = i.step(b.high, b.low);
                                  o[0] = x.down;
                                  o[1] = x.up;
                                });
                 },
                 [](const Values& v, const BarColumns& c) {
                   AroonSeries x = aroon(c.high, c.low, ip(v, 0));
                   return Columns{std::move(x.down), std::move(x.up)};
                 }});
    e.push_back(
        {IndicatorSpec{
             "SAR",
             "Wilder's parabolic stop and reverse (price units)",
             "TA-Lib TA_SAR",
             {real_param("acceleration", 0.02, 0, 1e300, "acceleration factor step and start"),
              real_param("maximum", 0.2, 0, 1e300, "acceleration factor cap")},
             {"sar"}},
         [](const IndicatorSpec& s, const Values& v) {
           return adapt(s, Sar(v[0], v[1]), [](Sar& i, const BarInput& b, std::span<double> o) {
             o[0] = i.step(b.high, b.low);
           });
         },
         [](const Values& v, const BarColumns& c) {
           return Columns{sar(c.high, c.low, v[0], v[1])};
         }});

    e.push_back({IndicatorSpec{"DONCHIAN",
                               "Donchian channel: highest high, midpoint, lowest low",
                               "Donchian; StockCharts ChartSchool \"Donchian Channels\"",
                               {period(20, 1)},
                               {"upper", "middle", "lower"}},
                 [](const IndicatorSpec& s, const Values& v) {
                   return adapt(s, Donchian(ip(v, 0)),
                                [](Donchian& i, const BarInput& b, std::span<double> o) {
                                  const ChannelValue x = i.step(b.high, b.low);
                                  o[0] = x.upper;
                                  o[1] = x.middle;
                                  o[2] = x.lower;
                                });
                 },
                 nullptr});
    e.push_back(
        {IndicatorSpec{"KELTNER",
                       "Keltner channel: EMA of the close +/- multiplier * ATR",
                       "Raschke's EMA/ATR form; StockCharts ChartSchool \"Keltner Channels\"",
                       {period(20, 1), int_param("atr_period", 10, 1, "ATR period"),
                        real_param("multiplier", 2, 0, 1e300, "ATR multiples")},
                       {"upper", "middle", "lower"}},
         [](const IndicatorSpec& s, const Values& v) {
           return adapt(s, Keltner(ip(v, 0), ip(v, 1), v[2]),
                        [](Keltner& i, const BarInput& b, std::span<double> o) {
                          const ChannelValue x = i.step(b.high, b.low, b.close);
                          o[0] = x.upper;
                          o[1] = x.middle;
                          o[2] = x.lower;
                        });
         },
         nullptr});
    e.push_back({IndicatorSpec{"SUPERTREND",
                               "Supertrend line and direction (+1 up, -1 down)",
                               "Seban; TradingView Pine ta.supertrend, with TA-Lib TA_ATR",
                               {period(10, 1, "ATR period"),
                                real_param("multiplier", 3, 0, 1e300, "ATR multiples")},
                               {"supertrend", "direction"}},
                 [](const IndicatorSpec& s, const Values& v) {
                   return adapt(s, Supertrend(ip(v, 0), v[1]),
                                [](Supertrend& i, const BarInput& b, std::span<double> o) {
                                  const SupertrendValue x = i.step(b.high, b.low, b.close);
                                  o[0] = x.supertrend;
                                  o[1] = x.direction;
                                });
                 },
                 nullptr});
    e.push_back(
        {IndicatorSpec{"ICHIMOKU",
                       "Ichimoku: tenkan, kijun and the cloud that applies to the current bar",
                       "Hosoda; StockCharts ChartSchool \"Ichimoku Cloud\", TradingView offsets",
                       {int_param("tenkan", 9, 1, "conversion line bars"),
                        int_param("kijun", 26, 1, "base line bars"),
                        int_param("senkou", 52, 1, "leading span B bars"),
                        int_param("displacement", 26, 1,
                                  "cloud shift (plotted displacement - 1 bars ahead)")},
                       {"tenkan", "kijun", "senkou_a", "senkou_b"}},
         [](const IndicatorSpec& s, const Values& v) {
           return adapt(s, Ichimoku(ip(v, 0), ip(v, 1), ip(v, 2), ip(v, 3)),
                        [](Ichimoku& i, const BarInput& b, std::span<double> o) {
                          const IchimokuValue x = i.step(b.high, b.low);
                          o[0] = x.tenkan;
                          o[1] = x.kijun;
                          o[2] = x.senkou_a;
                          o[3] = x.senkou_b;
                        });
         },
         nullptr});
    e.push_back({IndicatorSpec{"VWAP",
                               "session-anchored volume-weighted average of (high+low+close)/3",
                               "TradingView VWAP (hlc3, session anchor)",
                               {{"session_minutes", 1440, 1, 527040, true,
                                 "session length from the Unix epoch, UTC"}},
                               {"vwap"}},
                 [](const IndicatorSpec& s, const Values& v) {
                   return adapt(s, Vwap(ip(v, 0)),
                                [](Vwap& i, const BarInput& b, std::span<double> o) {
                                  const std::optional<double> x = i.update(b);
                                  o[0] = x ? *x : kNotReady;
                                });
                 },
                 nullptr});

    std::sort(e.begin(), e.end(),
              [](const Entry& x, const Entry& y) { return x.spec.name < y.spec.name; });
    return e;
  }();
  return all;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

const Entry& find_entry(std::string_view name) {
  const std::string key = upper(name);
  for (const Entry& e : entries()) {
    if (e.spec.name == key) return e;
  }
  std::string known;
  for (const Entry& e : entries()) known += (known.empty() ? "" : ", ") + e.spec.name;
  throw InvalidArgument(fmt::format("unknown indicator '{}'; known: {}", name, known));
}

Values resolve(const IndicatorSpec& spec, const Params& params) {
  for (const auto& [key, value] : params) {
    const bool known = std::any_of(spec.params.begin(), spec.params.end(),
                                   [&key = key](const ParamSpec& p) { return p.name == key; });
    if (!known) {
      std::string names;
      for (const ParamSpec& p : spec.params) names += (names.empty() ? "" : ", ") + p.name;
      throw InvalidArgument(fmt::format("{}: unknown parameter '{}'; parameters: {}", spec.name,
                                        key, names.empty() ? "none" : names));
    }
  }
  Values v;
  for (const ParamSpec& p : spec.params) {
    const auto it = params.find(p.name);
    const double x = it == params.end() ? p.default_value : it->second;
    if (!(x >= p.min && x <= p.max))
      throw InvalidArgument(
          fmt::format("{}: {} = {} is outside [{}, {}]", spec.name, p.name, x, p.min, p.max));
    if (p.integer && x != std::floor(x))
      throw InvalidArgument(
          fmt::format("{}: {} = {} must be a whole number", spec.name, p.name, x));
    v.push_back(x);
  }
  return v;
}

}  // namespace

const std::vector<IndicatorSpec>& indicator_catalog() {
  static const std::vector<IndicatorSpec> specs = [] {
    std::vector<IndicatorSpec> s;
    for (const Entry& e : entries()) s.push_back(e.spec);
    return s;
  }();
  return specs;
}

const IndicatorSpec& find_indicator(std::string_view name) {
  return find_entry(name).spec;
}

std::unique_ptr<StreamingIndicator> make_indicator(std::string_view name, const Params& params) {
  const Entry& e = find_entry(name);
  return e.make(e.spec, resolve(e.spec, params));
}

BarColumns to_columns(std::span<const Bar> bars) {
  BarColumns c;
  for (auto* col : {&c.open, &c.high, &c.low, &c.close, &c.volume}) col->reserve(bars.size());
  c.time_ns.reserve(bars.size());
  for (const Bar& b : bars) {
    const BarInput in = to_input(b);
    c.open.push_back(in.open);
    c.high.push_back(in.high);
    c.low.push_back(in.low);
    c.close.push_back(in.close);
    c.volume.push_back(in.volume);
    c.time_ns.push_back(in.time_ns);
  }
  return c;
}

std::vector<std::vector<double>> compute_batch(std::string_view name, const Params& params,
                                               const BarColumns& bars) {
  const Entry& e = find_entry(name);
  const Values v = resolve(e.spec, params);
  const std::size_t n = bars.size();
  for (const auto* col : {&bars.open, &bars.high, &bars.low, &bars.volume}) {
    check_same_length(col->size(), n, e.spec.name);
  }
  check_same_length(bars.time_ns.size(), n, e.spec.name);
  // Every bar is checked whole, as the streaming path does, whatever columns the indicator reads.
  check_prices(bars.open, e.spec.name, "open");
  check_prices(bars.high, e.spec.name, "high");
  check_prices(bars.low, e.spec.name, "low");
  check_prices(bars.close, e.spec.name, "close");
  check_volumes(bars.volume, e.spec.name, "volume");
  for (std::size_t i = 0; i < n; ++i) {
    if (bars.low[i] > bars.high[i])
      throw InvalidArgument(fmt::format("{}: low[{}] = {} is above high[{}] = {}", e.spec.name, i,
                                        bars.low[i], i, bars.high[i]));
  }
  if (e.batch) return e.batch(v, bars);
  Columns out(e.spec.outputs.size(), std::vector<double>(n));
  std::unique_ptr<StreamingIndicator> ind = e.make(e.spec, v);
  std::vector<double> row(e.spec.outputs.size());
  for (std::size_t i = 0; i < n; ++i) {
    const BarInput b{bars.open[i],  bars.high[i],   bars.low[i],
                     bars.close[i], bars.volume[i], bars.time_ns[i]};
    try {
      ind->update(b, row);
    } catch (const InvalidArgument& err) {
      throw InvalidArgument(fmt::format("bar {}: {}", i, err.what()));
    }
    for (std::size_t k = 0; k < row.size(); ++k) out[k][i] = row[k];
  }
  return out;
}

}  // namespace talon::indicators
