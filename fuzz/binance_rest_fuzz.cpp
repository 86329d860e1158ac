// Binance REST bodies: depth snapshots, klines and exchange information (spot and USDⓈ-M).

#include <talon/binance/parser.hpp>

#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto in = talon::fuzz::text(data, size);
  for (const auto market : {talon::binance::Market::Spot, talon::binance::Market::UsdM}) {
    talon::binance::Parser p(market);
    const auto id = talon::binance::instrument_id("BTCUSDT", market);
    talon::DepthSnapshot s;
    (void)p.depth_snapshot(in, id, talon::Timestamp::from_ms(1), s);
    std::vector<talon::Bar> bars;
    (void)p.klines(in, id, talon::kNanosPerMinute, bars);
    std::vector<talon::Instrument> instruments;
    (void)p.exchange_info(in, instruments);
  }
  return 0;
}
