// Generic OHLCV CSV with a column mapping: by header names, by indices, and ISO times with
// a UTC offset.

#include <talon/core/error.hpp>
#include <talon/data/ohlcv_import.hpp>

#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto in = talon::fuzz::text(data, size);
  talon::OhlcvCsvOptions by_name;
  talon::OhlcvCsvOptions by_index;
  by_index.has_header = false;
  by_index.columns.time = "0";
  by_index.columns.open = "1";
  by_index.columns.high = "2";
  by_index.columns.low = "3";
  by_index.columns.close = "4";
  by_index.columns.volume = "5";
  by_index.utc_offset_minutes = -300;
  for (const auto* o : {&by_name, &by_index}) {
    try {
      (void)talon::parse_ohlcv_csv(in, "fuzz.csv", *o);
    } catch (const talon::Error&) {
    }
  }
  return 0;
}
