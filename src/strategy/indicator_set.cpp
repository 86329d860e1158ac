#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <span>

#include <talon/core/error.hpp>
#include <talon/indicators/input.hpp>
#include <talon/strategy/indicator_set.hpp>

namespace talon {

IndicatorRef IndicatorSet::declare(std::string_view name, const indicators::Params& params) {
  if (bars_ != 0) {
    throw InvalidArgument(
        fmt::format("indicator {}: declared after {} bars; declare indicators in on_start so "
                    "that they see every bar",
                    name, bars_));
  }
  const indicators::IndicatorSpec& spec = indicators::find_indicator(name);
  // Validates names and ranges of the parameters (throws InvalidArgument).
  std::unique_ptr<indicators::StreamingIndicator> made = indicators::make_indicator(name, params);
  indicators::Params effective;
  for (const indicators::ParamSpec& p : spec.params) {
    const auto it = params.find(p.name);
    effective[p.name] = it == params.end() ? p.default_value : it->second;
  }
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (slots_[i].series.name == spec.name && slots_[i].series.params == effective) {
      return IndicatorRef(i);
    }
  }
  Slot s;
  s.indicator = std::move(made);
  s.first = row_.size();
  s.series.name = spec.name;
  s.series.params = std::move(effective);
  s.series.outputs = spec.outputs;
  s.series.values.resize(spec.outputs.size());
  row_.resize(row_.size() + spec.outputs.size(), indicators::kNotReady);
  slots_.push_back(std::move(s));
  return IndicatorRef(slots_.size() - 1);
}

void IndicatorSet::update_declared(const Bar& bar) {
  const indicators::BarInput in = indicators::to_input(bar);
  try {
    // One check for all: after it no indicator can refuse the bar on its prices, so a bad
    // bar leaves every indicator as it was.
    indicators::check_bar(in, "bar");
    for (Slot& s : slots_) {
      const std::span<double> out(row_.data() + s.first, s.series.outputs.size());
      s.indicator->update(in, out);
    }
  } catch (const InvalidArgument& e) {
    throw InvalidArgument(fmt::format("bar at {}: {}", to_iso8601(bar.open_time), e.what()));
  }
  ++bars_;
  if (past_.capacity() != 0) past_.push(row_);
  if (!recording_) return;
  for (Slot& s : slots_) {
    s.series.times.push_back(bar.open_time);
    for (std::size_t k = 0; k < s.series.outputs.size(); ++k) {
      s.series.values[k].push_back(row_[s.first + k]);
    }
  }
}

const IndicatorSet::Slot& IndicatorSet::slot(IndicatorRef ref) const {
  if (ref.index() >= slots_.size()) {
    throw InvalidArgument(fmt::format(
        "indicator handle {} was not declared here ({} indicators declared)",
        ref.valid() ? fmt::format("#{}", ref.index()) : std::string("(none)"), slots_.size()));
  }
  return slots_[ref.index()];
}

std::optional<double> IndicatorSet::value(IndicatorRef ref, std::size_t output) const {
  const Slot& s = slot(ref);
  if (output >= s.series.outputs.size()) {
    throw InvalidArgument(fmt::format("{}: output {} out of range ({} outputs: {})", s.series.name,
                                      output, s.series.outputs.size(),
                                      fmt::join(s.series.outputs, ", ")));
  }
  const double v = row_[s.first + output];
  return std::isnan(v) ? std::nullopt : std::optional<double>(v);
}

std::size_t IndicatorSet::output_index(IndicatorRef ref, std::string_view output) const {
  const Slot& s = slot(ref);
  for (std::size_t k = 0; k < s.series.outputs.size(); ++k) {
    if (s.series.outputs[k] == output) return k;
  }
  throw InvalidArgument(fmt::format("{}: no output '{}' (outputs: {})", s.series.name, output,
                                    fmt::join(s.series.outputs, ", ")));
}

std::optional<double> IndicatorSet::value(IndicatorRef ref, std::string_view output) const {
  return value(ref, output_index(ref, output));
}

std::optional<double> IndicatorSet::value_ago(IndicatorRef ref, std::size_t output,
                                              std::int64_t ago) const {
  if (ago < 0) {
    throw InvalidArgument(fmt::format(
        "indicator value {} bars ago: a value of a bar not yet closed is in the future", ago));
  }
  if (ago == 0) return value(ref, output);
  const Slot& s = slot(ref);
  if (output >= s.series.outputs.size()) return value(ref, output);  // throws
  const std::vector<double>* row = past_.ago(static_cast<std::size_t>(ago));
  if (row == nullptr || s.first + output >= row->size()) return std::nullopt;
  const double v = (*row)[s.first + output];
  return std::isnan(v) ? std::nullopt : std::optional<double>(v);
}

void IndicatorSet::keep(std::size_t count) {
  if (bars_ != 0) throw InvalidArgument("indicator history must be chosen before the first bar");
  past_.resize(count > 1 ? count : 0);
}

bool IndicatorSet::ready(IndicatorRef ref) const {
  const Slot& s = slot(ref);
  for (std::size_t k = 0; k < s.series.outputs.size(); ++k) {
    if (std::isnan(row_[s.first + k])) return false;
  }
  return true;
}

const indicators::IndicatorSpec& IndicatorSet::spec(IndicatorRef ref) const {
  return slot(ref).indicator->spec();
}

void IndicatorSet::set_recording(bool on) {
  if (bars_ != 0 && on != recording_) {
    throw InvalidArgument("indicator recording must be chosen before the first bar");
  }
  recording_ = on;
}

std::vector<IndicatorSeries> IndicatorSet::take_series() {
  std::vector<IndicatorSeries> out;
  if (!recording_) return out;
  out.reserve(slots_.size());
  for (Slot& s : slots_) {
    // The slot keeps its identity (name, parameters, outputs); its record starts over.
    IndicatorSeries taken;
    taken.name = s.series.name;
    taken.params = s.series.params;
    taken.outputs = s.series.outputs;
    taken.times = std::move(s.series.times);
    taken.values = std::move(s.series.values);
    s.series.times.clear();
    s.series.values.assign(s.series.outputs.size(), {});
    out.push_back(std::move(taken));
  }
  return out;
}

}  // namespace talon
