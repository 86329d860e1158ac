// Binance market-data stream messages (trade, aggTrade, bookTicker, depthUpdate, kline, the
// combined-stream envelope), spot and USDⓈ-M. The parsers never throw: any exception is a
// finding, and so is a failure that is not counted.

#include <cstdlib>

#include <talon/binance/parser.hpp>

#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto in = talon::fuzz::text(data, size);
  for (const auto market : {talon::binance::Market::Spot, talon::binance::Market::UsdM}) {
    talon::binance::Parser p(market);
    talon::binance::Message m;
    std::size_t failures = 0;
    failures += !p.message(in, m).ok;
    talon::TradeTick t;
    failures += !p.trade(in, t).ok;
    failures += !p.agg_trade(in, t).ok;
    talon::QuoteTick q;
    failures += !p.book_ticker(in, q).ok;
    talon::DepthUpdate u;
    std::uint64_t pu = 0;
    failures += !p.depth_update(in, u, pu).ok;
    talon::Bar b;
    bool closed = false;
    failures += !p.kline(in, b, closed).ok;
    if (p.errors().total() != failures) std::abort();
  }
  return 0;
}
