// Kline parsing throughput (rows per second) from text already in memory, and from the
// gzip file including decompression.

#include <benchmark/benchmark.h>

#include <talon/data/kline_reader.hpp>

#include "bench_data.hpp"

namespace talon {
namespace {

void BM_KlineParseCsv(benchmark::State& state) {
  const std::string text = read_maybe_gzip(bench::kline_file());
  std::size_t rows = 0;
  for (auto _ : state) {
    const KlineSeries s = parse_klines(text, "bench");
    rows = s.bars.size();
    benchmark::DoNotOptimize(s.bars.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_KlineParseCsv)->Unit(benchmark::kMillisecond);

void BM_KlineReadGzipFile(benchmark::State& state) {
  std::size_t rows = 0;
  for (auto _ : state) {
    const KlineSeries s = read_klines(bench::kline_file());
    rows = s.bars.size();
    benchmark::DoNotOptimize(s.bars.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows));
}
BENCHMARK(BM_KlineReadGzipFile)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace talon
