// Store throughput: 1,000,000 real klines (the month tiled in time) written to market_prices
// in one transaction and read back, on SQLite (batched prepared INSERT) and on PostgreSQL
// (COPY). The PostgreSQL cases run against TALON_BENCH_PG_URL, a database this benchmark
// may fill and empty (e.g. from scripts/pg-test-server.sh); without it they are skipped.

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <talon/store/migrations.hpp>
#include <talon/store/sql.hpp>
#include <talon/store/store.hpp>

#include "bench_data.hpp"

namespace talon {
namespace {

constexpr std::size_t kKlines = 1'000'000;

const std::vector<Bar>& million_bars() {
  static const std::vector<Bar> bars = [] {
    auto b = bench::tiled_bars(kKlines);
    b.resize(kKlines);
    return b;
  }();
  return bars;
}

std::string sqlite_path() {
  return (std::filesystem::temp_directory_path() /
          ("talon_bench_" + std::to_string(::getpid()) + ".db"))
      .string();
}

void remove_sqlite(const std::string& path) {
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
}

// Opens the PostgreSQL bench database migrated and with market_prices empty, or nullptr.
std::unique_ptr<Store> open_pg(benchmark::State& state) {
  const char* url = std::getenv("TALON_BENCH_PG_URL");
  if (url == nullptr || *url == '\0') {
    state.SkipWithError("set TALON_BENCH_PG_URL to a PostgreSQL database it may fill and empty");
    return nullptr;
  }
  migrate(*open_connection(url));
  auto store = open_store(url);
  store->connection().execute_script("TRUNCATE market_prices");
  return store;
}

void insert_all(benchmark::State& state, Store& store) {
  const auto& bars = million_bars();
  benchmark::DoNotOptimize(store.insert_klines("BINANCE", "BTCUSDT", "1m", bars, "bench"));
  (void)state;
}

void BM_StoreInsertKlinesSqlite(benchmark::State& state) {
  million_bars();
  for (auto _ : state) {
    state.PauseTiming();
    const std::string path = sqlite_path();
    remove_sqlite(path);
    auto store = open_store(path);
    state.ResumeTiming();
    insert_all(state, *store);
    state.PauseTiming();
    store.reset();
    remove_sqlite(path);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kKlines));
}
BENCHMARK(BM_StoreInsertKlinesSqlite)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();

// The SQLite engine's own ceiling on the same schema: the same 1M rows, already stored by
// talon in another file, copied by one INSERT ... SELECT, so no per-row work of talon (or
// of any client) is timed. What BM_StoreInsertKlinesSqlite would reach with a free client.
void BM_SqliteEngineInsertSelectCeiling(benchmark::State& state) {
  const std::string source = sqlite_path() + ".src";
  remove_sqlite(source);
  open_store(source)->insert_klines("BINANCE", "BTCUSDT", "1m", million_bars(), "bench");
  for (auto _ : state) {
    state.PauseTiming();
    const std::string path = sqlite_path();
    remove_sqlite(path);
    auto store = open_store(path);
    SqlConnection& c = store->connection();
    const SqlValue p[] = {std::string("BTCUSDT")};
    c.query(
        "INSERT INTO symbols (exchange_id, symbol, base_currency, quote_currency) "
        "VALUES (1, $1, 'BTC', 'USDT')",
        p);
    c.execute_script("ATTACH DATABASE '" + source + "' AS src");
    state.ResumeTiming();
    c.execute_script("BEGIN; INSERT INTO market_prices SELECT * FROM src.market_prices; COMMIT;");
    state.PauseTiming();
    store.reset();
    remove_sqlite(path);
    state.ResumeTiming();
  }
  remove_sqlite(source);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kKlines));
}
BENCHMARK(BM_SqliteEngineInsertSelectCeiling)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2)
    ->UseRealTime();

// CPU seconds (user + system) the server process behind `store` has used, read from
// /proc when the server runs on this machine (the test server does); -1 otherwise. On a
// shared machine the server's CPU per row is a steadier figure than wall time.
double server_cpu_seconds(Store& store) {
  const std::string pid =
      row_text(store.connection().query("SELECT pg_backend_pid()").rows.at(0), 0);
  std::ifstream in("/proc/" + pid + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream fields(stat.substr(close + 2));
  std::string f;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(f);  // utime, stime (proc(5))
  }
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

void BM_StoreInsertKlinesPostgresqlCopy(benchmark::State& state) {
  million_bars();
  auto store = open_pg(state);
  if (!store) return;
  double server_cpu = 0;
  for (auto _ : state) {
    const double before = server_cpu_seconds(*store);
    insert_all(state, *store);
    state.PauseTiming();
    server_cpu += server_cpu_seconds(*store) - before;
    store->connection().execute_script("TRUNCATE market_prices");
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kKlines));
  // Rows per second of server CPU: what the server could do on an otherwise idle core.
  state.counters["rows_per_server_cpu_s"] =
      static_cast<double>(state.iterations() * kKlines) / server_cpu;
}
BENCHMARK(BM_StoreInsertKlinesPostgresqlCopy)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2)
    ->UseRealTime();

void read_all(benchmark::State& state, Store& store) {
  const auto& bars = million_bars();
  for (auto _ : state) {
    const auto back = store.read_klines("BINANCE", "BTCUSDT", "1m", bars.front().open_time,
                                        Timestamp::from_ns(bars.back().open_time.ns + 1));
    if (back.size() != bars.size()) state.SkipWithError("read back a different number of bars");
    benchmark::DoNotOptimize(back.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kKlines));
}

void BM_StoreReadKlinesSqlite(benchmark::State& state) {
  const std::string path = sqlite_path();
  remove_sqlite(path);
  {
    auto store = open_store(path);
    store->insert_klines("BINANCE", "BTCUSDT", "1m", million_bars());
    read_all(state, *store);
  }
  remove_sqlite(path);
}
BENCHMARK(BM_StoreReadKlinesSqlite)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();

void BM_StoreReadKlinesPostgresql(benchmark::State& state) {
  auto store = open_pg(state);
  if (!store) return;
  store->insert_klines("BINANCE", "BTCUSDT", "1m", million_bars());
  read_all(state, *store);
  store->connection().execute_script("TRUNCATE market_prices");
}
BENCHMARK(BM_StoreReadKlinesPostgresql)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2)
    ->UseRealTime();

}  // namespace
}  // namespace talon
