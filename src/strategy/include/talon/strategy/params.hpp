#pragma once
// Named strategy parameters as given on the command line (--param fast=10) or in a config
// file, with typed, checked access.

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>

#include <talon/core/decimal.hpp>

namespace talon {

class StrategyParams {
 public:
  StrategyParams() = default;
  explicit StrategyParams(std::map<std::string, std::string> values) : values_(std::move(values)) {}

  /// Parses "name=value"; throws InvalidArgument naming the text when there is no '='.
  void set_from_text(std::string_view assignment);
  void set(std::string name, std::string value) { values_[std::move(name)] = std::move(value); }

  /// The integer named `name`, or `fallback` when absent. Throws InvalidArgument naming the
  /// parameter when the value is not an integer or is outside [min, max].
  std::int64_t get_int(std::string_view name, std::int64_t fallback, std::int64_t min,
                       std::int64_t max) const;
  /// The decimal named `name` (e.g. lower=30.5), or `fallback` when absent. Throws
  /// InvalidArgument naming the parameter when the value is not a decimal number or is
  /// outside [min, max].
  Decimal get_decimal(std::string_view name, Decimal fallback, Decimal min, Decimal max) const;
  /// Throws InvalidArgument naming the first parameter that is not in `known`, so that a
  /// misspelt --param never silently falls back to a default. `owner` names the strategy.
  void check_known(std::initializer_list<std::string_view> known, std::string_view owner) const;
  bool has(std::string_view name) const { return values_.find(std::string(name)) != values_.end(); }
  /// Parameters as given.
  const std::map<std::string, std::string>& values() const { return values_; }
  /// Every parameter a strategy read, with the default filled in where none was given:
  /// what actually ran (stored with the backtest and shown in its report).
  const std::map<std::string, std::string>& effective() const { return effective_; }

 private:
  std::map<std::string, std::string> values_;
  mutable std::map<std::string, std::string> effective_;
};

}  // namespace talon
