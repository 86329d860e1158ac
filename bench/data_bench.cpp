// Market-data throughput: Binance kline zips parsed per second, the memory-mapped bar cache
// for one year of 1-minute bars, resampling, and trade ticks replayed into bars.
// Data: bench_data.hpp's real BTCUSDT 1m klines (../shared/data when present, else the
// repo's month) and real BTCUSDT trades (tests/data fixture).

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <talon/data/archive.hpp>
#include <talon/data/bar_cache.hpp>
#include <talon/data/binance_files.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/data/kline_writer.hpp>
#include <talon/data/resample.hpp>

#include "bench_data.hpp"

namespace talon {
namespace {

constexpr std::size_t kYearOfMinutes = 365 * 24 * 60;  // 525,600

std::filesystem::path scratch(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / "talon_bench_data";
  std::filesystem::create_directories(dir);
  return dir / name;
}

// The real bars in Binance's 12-column layout. The source has only open_time and OHLCV, so
// close_time is open_time + 59,999 ms, quote volume is volume x close (8 places), and the
// trade count and taker columns are filled from the same values: every field has the width
// and digit count of a real Binance row.
std::string binance_rows(const std::vector<Bar>& bars) {
  std::string out;
  out.reserve(bars.size() * 130);
  for (const Bar& b : bars) {
    const Decimal quote = mul(b.volume, b.close, Rounding::HalfEven);
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},0\n", b.open_time.unix_ms(),
                       b.open.to_string(8), b.high.to_string(8), b.low.to_string(8),
                       b.close.to_string(8), b.volume.to_string(8), b.open_time.unix_ms() + 59'999,
                       quote.to_string(8), 1000 + b.open_time.unix_ms() % 9000,
                       b.volume.to_string(8), quote.to_string(8));
  }
  return out;
}

// A zip of one entry, written with libzip as data.binance.vision's files are (deflate).
std::filesystem::path make_zip(const std::string& name, const std::string& text) {
  const auto path = scratch(name + ".zip");
  std::filesystem::remove(path);
  int err = 0;
  zip_t* za = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  zip_source_t* src = zip_source_buffer(za, text.data(), text.size(), 0);
  zip_file_add(za, (name + ".csv").c_str(), src, ZIP_FL_OVERWRITE);
  zip_close(za);
  return path;
}

struct MonthZip {
  std::filesystem::path path;
  std::size_t rows = 0;
  std::size_t text_bytes = 0;
};

const MonthZip& month_zip() {
  static const MonthZip z = [] {
    const auto bars = read_klines(bench::kline_file()).bars;
    const std::vector<Bar> month(bars.begin(),
                                 bars.begin() + std::min<std::size_t>(bars.size(), 43'200));
    const std::string text = binance_rows(month);
    return MonthZip{make_zip("BTCUSDT-1m-month", text), month.size(), text.size()};
  }();
  return z;
}

// Zip -> inflate -> parse -> validated bars, the whole import of one monthly file.
void BM_BinanceKlineZipImport(benchmark::State& state) {
  const MonthZip& z = month_zip();
  for (auto _ : state) {
    const KlineSeries s = parse_klines(read_zip_entry(z.path), "bench");
    benchmark::DoNotOptimize(s.bars.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * z.rows));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * z.text_bytes));
}
BENCHMARK(BM_BinanceKlineZipImport)->Unit(benchmark::kMillisecond);

// Inflate alone (libzip/zlib), to separate decompression from parsing.
void BM_BinanceKlineZipInflateOnly(benchmark::State& state) {
  const MonthZip& z = month_zip();
  for (auto _ : state) benchmark::DoNotOptimize(read_zip_entry(z.path).data());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * z.rows));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * z.text_bytes));
}
BENCHMARK(BM_BinanceKlineZipInflateOnly)->Unit(benchmark::kMillisecond);

// Parse alone: 12-column Binance text already in memory.
void BM_BinanceKlineParseOnly(benchmark::State& state) {
  const MonthZip& z = month_zip();
  const std::string text = read_zip_entry(z.path);
  for (auto _ : state) {
    const KlineSeries s = parse_klines(text, "bench");
    benchmark::DoNotOptimize(s.bars.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * z.rows));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_BinanceKlineParseOnly)->Unit(benchmark::kMillisecond);

const std::filesystem::path& year_cache() {
  static const std::filesystem::path p = [] {
    const auto bars = bench::tiled_bars(kYearOfMinutes);
    const std::vector<Bar> year(bars.begin(), bars.begin() + kYearOfMinutes);
    const auto path = scratch("BTCUSDT-1m-year.tbars");
    write_bar_cache(path, year, "BTCUSDT", kNanosPerMinute, "bench");
    return path;
  }();
  return p;
}

// Open the year's cache (mmap + header checks) and materialise every Bar.
void BM_BarCacheLoadYearOf1mBars(benchmark::State& state) {
  const auto& path = year_cache();
  for (auto _ : state) {
    const BarCache cache(path);
    const std::vector<Bar> bars = cache.to_bars();
    benchmark::DoNotOptimize(bars.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kYearOfMinutes));
  state.counters["file_MB"] = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
}
BENCHMARK(BM_BarCacheLoadYearOf1mBars)->Unit(benchmark::kMillisecond);

// Open the year's cache and read one column through the map, without building Bars.
void BM_BarCacheMapAndScanCloses(benchmark::State& state) {
  const auto& path = year_cache();
  for (auto _ : state) {
    const BarCache cache(path);
    Decimal::Raw sum = 0;
    for (std::size_t i = 0; i < cache.size(); ++i) sum += cache.bar(i).close.raw();
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kYearOfMinutes));
}
BENCHMARK(BM_BarCacheMapAndScanCloses)->Unit(benchmark::kMillisecond);

// The text path the cache replaces: the same year as 6-column CSV text, parsed.
void BM_CsvParseYearOf1mBars(benchmark::State& state) {
  const auto bars = bench::tiled_bars(kYearOfMinutes);
  std::string text = "open_time,open,high,low,close,volume\n";
  for (std::size_t i = 0; i < kYearOfMinutes; ++i) {
    const Bar& b = bars[i];
    text += fmt::format("{},{},{},{},{},{}\n", b.open_time.unix_ms(), b.open.to_string(),
                        b.high.to_string(), b.low.to_string(), b.close.to_string(),
                        b.volume.to_string());
  }
  for (auto _ : state) benchmark::DoNotOptimize(parse_klines(text, "bench").bars.data());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kYearOfMinutes));
}
BENCHMARK(BM_CsvParseYearOf1mBars)->Unit(benchmark::kMillisecond);

void BM_ResampleYear1mTo1h(benchmark::State& state) {
  const BarCache cache(year_cache());
  const std::vector<Bar> bars = cache.to_bars();
  for (auto _ : state)
    benchmark::DoNotOptimize(resample_bars(bars, kNanosPerMinute, kNanosPerHour).data());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * bars.size()));
}
BENCHMARK(BM_ResampleYear1mTo1h)->Unit(benchmark::kMillisecond);

// Real trades (the committed BTCUSDT fixture, 4,755 trades) replayed through the streaming
// bar builder, as a backtest or live feed would push them, tiled to 1 M trades.
void BM_TradeTickReplayInto1mBars(benchmark::State& state) {
  const std::string zip =
      std::string(TALON_REPO_DATA_DIR) +
      "/../tests/data/binance-vision/data/spot/daily/trades/BTCUSDT/BTCUSDT-trades-2024-08-09.zip";
  const auto real = parse_binance_trades(read_data_text(zip), zip);
  std::vector<TradeTick> trades;
  const std::int64_t span = real.back().at.ns - real.front().at.ns + kNanosPerMilli;
  for (std::int64_t copy = 0; trades.size() < 1'000'000; ++copy) {
    for (TradeTick t : real) {
      t.at.ns += copy * span;
      trades.push_back(t);
    }
  }
  std::size_t n_bars = 0;
  for (auto _ : state) {
    TradeBarBuilder builder({TradeBarKind::Time, kNanosPerMinute, 0, {}});
    std::vector<Bar> out;
    for (const TradeTick& t : trades) builder.push(t, out);
    builder.flush(out);
    n_bars = out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * trades.size()));
  state.counters["bars"] = static_cast<double>(n_bars);
}
BENCHMARK(BM_TradeTickReplayInto1mBars)->Unit(benchmark::kMillisecond);

// Parsing trades from the zip: the import rate of tick data.
void BM_BinanceTradesZipImport(benchmark::State& state) {
  const std::string zip =
      std::string(TALON_REPO_DATA_DIR) +
      "/../tests/data/binance-vision/data/spot/daily/trades/BTCUSDT/BTCUSDT-trades-2024-08-09.zip";
  std::size_t rows = 0;
  for (auto _ : state) {
    const auto t = parse_binance_trades(read_zip_entry(zip), zip);
    rows = t.size();
    benchmark::DoNotOptimize(t.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows));
}
BENCHMARK(BM_BinanceTradesZipImport)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace talon
