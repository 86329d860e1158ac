// Binance order events: spot executionReport and USDⓈ-M ORDER_TRADE_UPDATE.

#include <talon/binance/parser.hpp>

#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto in = talon::fuzz::text(data, size);
  talon::binance::Parser spot(talon::binance::Market::Spot);
  talon::binance::Parser usdm(talon::binance::Market::UsdM);
  talon::ExecutionReport r;
  (void)spot.execution_report(in, r);
  (void)usdm.order_trade_update(in, r);
  return 0;
}
