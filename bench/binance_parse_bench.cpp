// Binance stream parsing: messages per second of talon's parsers (simdjson DOM, then every
// field into Decimal / Timestamp / ids) against simdjson's own parse of the same messages in
// the same run (the floor: parsing the JSON text alone). The messages are real: each
// depthUpdate and trade of the recorded BTCUSDT capture in tests/data (60 s, or the 11-minute
// capture when ../shared/data is present) written back as Binance's stream JSON.

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <simdjson.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <talon/binance/parser.hpp>
#include <talon/data/binance_depth_csv.hpp>
#include <talon/data/kline_reader.hpp>

namespace talon {
namespace {

std::string pick_file(const std::string& shared, const std::string& slice) {
  const std::string s = std::string(TALON_SHARED_DATA_DIR) + "/" + shared;
  return std::filesystem::exists(s) ? s
                                    : std::string(TALON_REPO_DATA_DIR) + "/../tests/data/" + slice;
}

struct Messages {
  std::vector<std::string> depth;
  std::vector<std::string> trades;
  std::size_t depth_bytes = 0;
  std::size_t trade_bytes = 0;
};

const Messages& messages() {
  static const Messages m = [] {
    Messages out;
    const std::string upd =
        pick_file("binance_spot_BTCUSDT_depth_updates_2024-08-08T2354_2024-08-09T0005.csv.gz",
                  "binance_spot_BTCUSDT_depth_updates_2024-08-08T235415_60s.csv.gz");
    const std::string trd =
        pick_file("binance_spot_BTCUSDT_trades_2024-08-08T2354_2024-08-09T0005.csv.gz",
                  "binance_spot_BTCUSDT_trades_2024-08-08T235415_60s.csv.gz");
    std::fprintf(stderr, "bench data: %s, %s\n", upd.c_str(), trd.c_str());
    for (const DepthUpdate& u : parse_depth_updates_csv(read_maybe_gzip(upd), upd)) {
      std::string bids, asks;
      for (const DepthChange& c : u.changes) {
        std::string& side = c.bid ? bids : asks;
        if (!side.empty()) side += ',';
        side += fmt::format(R"(["{}","{}"])", c.price.to_string(8), c.quantity.to_string(8));
      }
      out.depth.push_back(fmt::format(
          R"({{"e":"depthUpdate","E":{},"s":"BTCUSDT","U":{},"u":{},"b":[{}],"a":[{}]}})",
          u.at.unix_ms(), u.first_update_id, u.final_update_id, bids, asks));
      out.depth_bytes += out.depth.back().size();
    }
    for (const TradeTick& t : parse_trades_csv(read_maybe_gzip(trd), trd)) {
      out.trades.push_back(fmt::format(
          R"({{"e":"trade","E":{},"s":"BTCUSDT","t":{},"p":"{}","q":"{}","T":{},"m":{},"M":true}})",
          t.at.unix_ms(), t.id, t.price.to_string(8), t.quantity.to_string(8), t.at.unix_ms(),
          t.buyer_is_maker ? "true" : "false"));
      out.trade_bytes += out.trades.back().size();
    }
    return out;
  }();
  return m;
}

void report(benchmark::State& state, std::size_t count, std::size_t bytes) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * count));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["messages"] = static_cast<double>(count);
}

// simdjson alone: the same padded copy the parser makes, then a DOM parse.
void raw(benchmark::State& state, const std::vector<std::string>& msgs, std::size_t bytes) {
  simdjson::dom::parser parser;
  std::vector<char> buf;
  for (auto _ : state) {
    for (const std::string& m : msgs) {
      if (buf.size() < m.size() + simdjson::SIMDJSON_PADDING)
        buf.resize(m.size() + simdjson::SIMDJSON_PADDING);
      std::memcpy(buf.data(), m.data(), m.size());
      simdjson::dom::element e;
      if (parser.parse(buf.data(), m.size(), false).get(e) != simdjson::SUCCESS)
        state.SkipWithError("simdjson refused a message");
      benchmark::DoNotOptimize(e);
    }
  }
  report(state, msgs.size(), bytes);
}

void BM_SimdjsonRawDepthUpdate(benchmark::State& state) {
  raw(state, messages().depth, messages().depth_bytes);
}
BENCHMARK(BM_SimdjsonRawDepthUpdate)->Unit(benchmark::kMillisecond);

void BM_BinanceParseDepthUpdate(benchmark::State& state) {
  binance::Parser p(binance::Market::Spot);
  DepthUpdate u;
  std::uint64_t pu = 0;
  for (auto _ : state) {
    for (const std::string& m : messages().depth) {
      if (!p.depth_update(m, u, pu).ok) state.SkipWithError("a depth message failed");
      benchmark::DoNotOptimize(u);
    }
  }
  report(state, messages().depth.size(), messages().depth_bytes);
}
BENCHMARK(BM_BinanceParseDepthUpdate)->Unit(benchmark::kMillisecond);

void BM_SimdjsonRawTrade(benchmark::State& state) {
  raw(state, messages().trades, messages().trade_bytes);
}
BENCHMARK(BM_SimdjsonRawTrade)->Unit(benchmark::kMillisecond);

void BM_BinanceParseTrade(benchmark::State& state) {
  binance::Parser p(binance::Market::Spot);
  TradeTick t;
  for (auto _ : state) {
    for (const std::string& m : messages().trades) {
      if (!p.trade(m, t).ok) state.SkipWithError("a trade message failed");
      benchmark::DoNotOptimize(t);
    }
  }
  report(state, messages().trades.size(), messages().trade_bytes);
}
BENCHMARK(BM_BinanceParseTrade)->Unit(benchmark::kMillisecond);

// The dispatcher a live feed uses: envelope, `e`, then the kind's parser.
void BM_BinanceMessageDispatchTrade(benchmark::State& state) {
  binance::Parser p(binance::Market::Spot);
  binance::Message msg;
  for (auto _ : state) {
    for (const std::string& m : messages().trades) {
      if (!p.message(m, msg).ok) state.SkipWithError("a trade message failed");
      benchmark::DoNotOptimize(msg);
    }
  }
  report(state, messages().trades.size(), messages().trade_bytes);
}
BENCHMARK(BM_BinanceMessageDispatchTrade)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace talon
