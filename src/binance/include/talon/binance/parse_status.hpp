#pragma once
// The outcome of parsing one exchange message: parsed, or why not. Parsers never throw on
// bad input; a caller counts the failures by kind (ParseErrorCounter) and carries on.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace talon::binance {

struct ParseStatus {
  bool ok = false;
  std::string error{};  ///< what is wrong with the message (a field and why); empty when ok
  explicit operator bool() const noexcept { return ok; }
  static ParseStatus success() { return {true, {}}; }
  static ParseStatus failure(std::string why) { return {false, std::move(why)}; }
};

/// Counts malformed or unexpected messages per kind ("depthUpdate", "executionReport",
/// "unknown event"), remembering the first error of each kind so that it is logged once.
class ParseErrorCounter {
 public:
  /// Records a failure of `kind`; returns true the first time this kind fails (log it then).
  bool record(std::string_view kind, std::string_view error);
  /// Failures of `kind` so far.
  std::size_t count(std::string_view kind) const;
  /// Failures of every kind.
  std::size_t total() const noexcept { return total_; }
  /// The first error seen for `kind` ("" when none).
  std::string first_error(std::string_view kind) const;

 private:
  struct Entry {
    std::size_t count = 0;
    std::string first{};
  };
  std::map<std::string, Entry, std::less<>> kinds_;
  std::size_t total_ = 0;
};

}  // namespace talon::binance
