#pragma once
// The indicator catalogue by name, for code that picks indicators at run time: the
// `talon indicators` command, strategies that declare the indicators they read, storage of
// computed values. Names and parameters follow TA-Lib: upper-case function names, optIn
// parameters in lower case with "TimePeriod" shortened to "period" (MACD: fast, slow, signal;
// BBANDS: period, nbdevup, nbdevdn). Indicators of one real series read the bar's close.

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <talon/indicators/input.hpp>

namespace talon::indicators {

struct ParamSpec {
  std::string name;      ///< e.g. "period"
  double default_value;  ///< TA-Lib's default where TA-Lib has the function
  double min, max;       ///< accepted range, inclusive
  bool integer;          ///< true for periods
  std::string doc;
};

struct IndicatorSpec {
  std::string name;     ///< e.g. "BBANDS"
  std::string summary;  ///< one line
  std::string source;   ///< the TA-Lib function it equals, or the published definition
  std::vector<ParamSpec> params;
  std::vector<std::string> outputs;  ///< output column names, e.g. upperband, middleband, lowerband
};

/// A named indicator with its parameters fixed, fed one bar at a time. The virtual seam
/// between the catalogue and its users; the typed classes (Sma, Macd, ...) are the fast path.
class StreamingIndicator {
 public:
  virtual ~StreamingIndicator() = default;
  /// Feeds one bar; checks it as check_bar (and VWAP's time order), throwing InvalidArgument.
  /// Writes one value per output into `out` (out.size() must equal spec().outputs.size()),
  /// NaN where a value is not ready. Returns true once every output has a value.
  virtual bool update(const BarInput& bar, std::span<double> out) = 0;
  /// Inputs consumed before the first complete row (TA-Lib's lookback).
  virtual int lookback() const = 0;
  virtual const IndicatorSpec& spec() const = 0;
};

/// Parameter values by name; missing ones take their default.
using Params = std::map<std::string, double, std::less<>>;

/// Every indicator talon provides, in alphabetical order of name.
const std::vector<IndicatorSpec>& indicator_catalog();

/// The spec named `name` (case-insensitive). Throws InvalidArgument listing the known names.
const IndicatorSpec& find_indicator(std::string_view name);

/// A fresh streaming instance. Throws InvalidArgument for an unknown name, an unknown
/// parameter, a value outside its range or a non-integer period.
std::unique_ptr<StreamingIndicator> make_indicator(std::string_view name, const Params& params);

/// Bars as columns, the input of batch computations.
struct BarColumns {
  std::vector<double> open, high, low, close, volume;
  std::vector<std::int64_t> time_ns;
  std::size_t size() const noexcept { return close.size(); }
};

/// Converts exact-decimal bars to columns (Decimal::to_double on each field).
BarColumns to_columns(std::span<const Bar> bars);

/// The whole series at once: result[k][i] is output k for bar i, NaN during warm-up.
/// Uses the typed batch function of the indicator; equal to feeding make_indicator bar by bar.
/// Throws InvalidArgument as make_indicator, or naming the first bad input "close[17]".
std::vector<std::vector<double>> compute_batch(std::string_view name, const Params& params,
                                               const BarColumns& bars);

}  // namespace talon::indicators
