// The memory-mapped .tbars bar cache: header checks, then every bar validated on read.

#include <talon/core/error.hpp>
#include <talon/data/bar_cache.hpp>
#include <talon/data/kline_reader.hpp>

#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = talon::fuzz::as_file(data, size, ".tbars");
  try {
    const talon::BarCache cache(path);
    const auto bars = cache.to_bars();
    (void)talon::find_gaps(bars, cache.info().interval_ns);
    (void)talon::interval_name(cache.info().interval_ns);
  } catch (const talon::Error&) {
  }
  try {
    (void)talon::read_klines(path);
  } catch (const talon::Error&) {
  }
  return 0;
}
