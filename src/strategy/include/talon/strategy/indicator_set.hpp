#pragma once
// The indicators a strategy declares and reads through its StrategyContext.
//
// A strategy declares what it needs once, in on_start:
//     rsi_ = ctx.indicator("RSI", {{"period", 14}});
// and reads the current value in on_bar:
//     if (const auto v = ctx.value(rsi_)) { ... *v ... }   // nullopt during warm-up
// The engine owns one IndicatorSet per strategy and, in every mode (backtest, paper, live),
// feeds each declared indicator the closed bar once, before Strategy::on_bar (deliver_bar in
// strategy.hpp), so the values on_bar reads include the bar it is given. Names and parameters
// are the catalogue's (talon/indicators/registry.hpp: TA-Lib names, "period", ...).
//
// Indicators are statistics: they take doubles converted explicitly from the exact-decimal
// Bar (indicators::to_input, Decimal::to_double per field); prices and money stay Decimal.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <talon/core/timestamp.hpp>
#include <talon/indicators/registry.hpp>
#include <talon/model/bar.hpp>
#include <talon/strategy/latest_items.hpp>

namespace talon {

/// Handle of a declared indicator, valid for the IndicatorSet (context) that returned it.
class IndicatorRef {
 public:
  IndicatorRef() = default;
  /// Position of the indicator in declaration order (0-based).
  std::size_t index() const noexcept { return index_; }
  /// False for a default-constructed handle (never declared).
  bool valid() const noexcept { return index_ != kNone; }
  friend bool operator==(IndicatorRef, IndicatorRef) = default;

 private:
  friend class IndicatorSet;
  static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  explicit IndicatorRef(std::size_t i) : index_(i) {}
  std::size_t index_ = kNone;
};

/// Every value one declared indicator produced over a run (kept when recording is on): what
/// `talon backtest --store-indicators` writes to technical_indicators.
struct IndicatorSeries {
  std::string name;                  ///< catalogue name, upper case, e.g. "MACD"
  indicators::Params params;         ///< every parameter, defaults filled in
  std::vector<std::string> outputs;  ///< output names in catalogue order, e.g. macd, macdsignal
  std::vector<Timestamp> times;      ///< open_time of each bar fed, in order
  /// values[k][i]: output k after bar i; NaN while output k is warming up ("not ready").
  std::vector<std::vector<double>> values;
};

class IndicatorSet {
 public:
  IndicatorSet() = default;
  IndicatorSet(const IndicatorSet&) = delete;
  IndicatorSet& operator=(const IndicatorSet&) = delete;
  IndicatorSet(IndicatorSet&&) noexcept = default;
  IndicatorSet& operator=(IndicatorSet&&) noexcept = default;
  ~IndicatorSet() = default;

  /// Declares the catalogue indicator `name` (case-insensitive, e.g. "rsi" = "RSI") with
  /// `params` (missing ones take TA-Lib's defaults). Declaring the same name with the same
  /// effective parameters again returns the same handle (one computation, shared).
  /// Throws InvalidArgument for an unknown name or parameter, a value out of range, or when
  /// called after the first bar was fed (declare in Strategy::on_start, so that every
  /// indicator sees every bar and its warm-up is the documented one).
  IndicatorRef declare(std::string_view name, const indicators::Params& params = {});

  /// Feeds `bar` to every declared indicator (nothing to do when none is declared). The bar
  /// is converted once with indicators::to_input and checked once: a non-positive, NaN or
  /// infinite price, a negative volume or low > high throws InvalidArgument naming the bar's
  /// open time and the field; no indicator is changed then.
  void update(const Bar& bar) {
    if (slots_.empty()) {  // inline: most strategies declare none, and pay one test a bar
      ++bars_;
      return;
    }
    update_declared(bar);
  }

  /// Output `output` (0-based, catalogue order) of `ref` after the last bar fed, or nullopt
  /// while that output is warming up (also before the first bar). Throws InvalidArgument for
  /// a handle of another set or an output index out of range.
  std::optional<double> value(IndicatorRef ref, std::size_t output = 0) const;
  /// As value(ref, index) with the output named, e.g. "macdsignal"; throws InvalidArgument
  /// listing the outputs when `output` is not one of them.
  std::optional<double> value(IndicatorRef ref, std::string_view output) const;
  /// Output `output` of `ref` `ago` bars back (0 = after the last bar fed), or nullopt while
  /// it was warming up then or when fewer bars are kept (keep(ago + 1)). Throws
  /// InvalidArgument for a negative `ago` (a value of a bar not yet closed is in the future),
  /// a handle of another set or an output out of range.
  std::optional<double> value_ago(IndicatorRef ref, std::size_t output, std::int64_t ago) const;
  /// Keep the values of the last `count` bars for value_ago (default 1: the current one).
  /// Must be called before the first bar; throws InvalidArgument afterwards.
  void keep(std::size_t count);

  /// True once every output of `ref` has a value.
  bool ready(IndicatorRef ref) const;
  /// Index of the output named `output` (for a loop that reads it by index).
  std::size_t output_index(IndicatorRef ref, std::string_view output) const;
  /// The catalogue entry of `ref` (name, outputs, source of its formula).
  const indicators::IndicatorSpec& spec(IndicatorRef ref) const;

  /// Number of distinct indicators declared.
  std::size_t size() const noexcept { return slots_.size(); }
  bool empty() const noexcept { return slots_.empty(); }
  /// Bars fed so far.
  std::size_t bars() const noexcept { return bars_; }

  /// Keep every value of every indicator (for storage). Must be set before the first bar;
  /// throws InvalidArgument afterwards. Off by default: a live bot keeps no history here.
  void set_recording(bool on);
  bool recording() const noexcept { return recording_; }
  /// The recorded series in declaration order (empty when recording is off); the set keeps
  /// computing but its record starts over.
  std::vector<IndicatorSeries> take_series();

 private:
  void update_declared(const Bar& bar);
  struct Slot {
    std::unique_ptr<indicators::StreamingIndicator> indicator;
    std::size_t first = 0;   // index of its first output in row_
    IndicatorSeries series;  // name, params, outputs; times and values when recording
  };
  const Slot& slot(IndicatorRef ref) const;

  std::vector<Slot> slots_;
  std::vector<double> row_;  // current value of every output of every slot, flat; NaN = not ready
  std::size_t bars_ = 0;
  bool recording_ = false;
  LatestItems<std::vector<double>> past_;  ///< rows of earlier bars when keep(n > 1)
};

}  // namespace talon
