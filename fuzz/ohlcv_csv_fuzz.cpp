// Generic OHLCV CSV with a column mapping: by header names, by indices, and ISO times with
// a UTC offset.

#include <string>

#include <talon/core/error.hpp>
#include <talon/data/ohlcv_import.hpp>

#include "fuzz_util.hpp"

namespace {

// Columns by 0-based index (no header), local times 5 hours behind UTC.
const talon::OhlcvCsvOptions& by_index() {
  static const talon::OhlcvCsvOptions options = [] {
    talon::OhlcvCsvOptions o;
    o.has_header = false;
    std::string* columns[] = {&o.columns.time, &o.columns.open,  &o.columns.high,
                              &o.columns.low,  &o.columns.close, &o.columns.volume};
    for (std::size_t i = 0; i < 6; ++i) *columns[i] = std::to_string(i);
    o.utc_offset_minutes = -300;
    return o;
  }();
  return options;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto in = talon::fuzz::text(data, size);
  const talon::OhlcvCsvOptions by_name;
  for (const auto* o : {&by_name, &by_index()}) {
    try {
      (void)talon::parse_ohlcv_csv(in, "fuzz.csv", *o);
    } catch (const talon::Error&) {
    }
  }
  return 0;
}
