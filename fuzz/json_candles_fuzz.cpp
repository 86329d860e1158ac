// JSON candles (Binance REST arrays, Bybit's /result/list).

#include <talon/core/error.hpp>
#include <talon/data/ohlcv_import.hpp>

#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto in = talon::fuzz::text(data, size);
  for (const char* pointer : {"", "/result/list"}) {
    try {
      (void)talon::parse_json_candles(in, "fuzz.json", pointer);
    } catch (const talon::Error&) {
    }
  }
  return 0;
}
