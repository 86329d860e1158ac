#pragma once
// A one-line progress bar on stderr for long work; silent when stderr is not a terminal
// (CI logs, pipes), so that output stays clean.

#include <chrono>
#include <cstddef>
#include <string>

namespace talon {

class ProgressBar {
 public:
  /// `label` is printed before the bar, e.g. "backtest".
  explicit ProgressBar(std::string label);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  /// Redraws the bar at done/total with the estimated time left (elapsed since construction
  /// × (total − done) / done); a no-op when not a terminal.
  void update(std::size_t done, std::size_t total);
  /// Draws 100 % and ends the line.
  void finish();

 private:
  std::string label_;
  bool enabled_;
  bool finished_ = false;
  int last_percent_ = -1;
  std::chrono::steady_clock::time_point start_{};
};

}  // namespace talon
