// Binance kline CSV: the strict reader (parse_klines) and the lenient one (data check).

#include <talon/core/error.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/data/validate.hpp>

#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto in = talon::fuzz::text(data, size);
  try {
    const talon::KlineSeries s = talon::parse_klines(in, "fuzz.csv");
    (void)talon::find_gaps(s.bars, s.interval_ns);
  } catch (const talon::Error&) {
  }
  try {
    (void)talon::format_report(talon::check_kline_text(in, "fuzz.csv", {}), 5);
  } catch (const talon::Error&) {
  }
  return 0;
}
