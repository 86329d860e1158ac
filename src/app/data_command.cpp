#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include <talon/app/data_command.hpp>
#include <talon/app/progress.hpp>
#include <talon/core/error.hpp>
#include <talon/data/archive.hpp>
#include <talon/data/bar_cache.hpp>
#include <talon/data/bar_file.hpp>
#include <talon/data/binance_download.hpp>
#include <talon/data/binance_files.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/data/kline_writer.hpp>
#include <talon/data/ohlcv_import.hpp>
#include <talon/data/resample.hpp>
#include <talon/data/validate.hpp>
#include <talon/model/instrument.hpp>
#include <talon/store/kline_import.hpp>
#include <talon/store/store.hpp>

namespace talon {
namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string part; std::getline(ss, part, ',');) out.push_back(part);
  return out;
}

ChecksumPolicy policy(const DataOptions& o) {
  return o.require_checksum ? ChecksumPolicy::Require : ChecksumPolicy::IfPresent;
}

// How --format, --time-column, --columns, --no-header, --utc-offset and --json-pointer say
// to read a bar file (read_bar_file does the reading).
BarFileOptions bar_file_options(const DataOptions& o) {
  BarFileOptions b;
  b.checksum = policy(o);
  b.json_pointer = o.json_pointer;
  if (o.format == "json") {
    b.format = BarFileFormat::Json;
  } else if (o.format == "csv") {
    b.format = BarFileFormat::Csv;
  } else if (o.format == "binance") {
    b.format = BarFileFormat::Binance;
  } else if (o.format != "auto") {
    throw InvalidArgument(
        fmt::format("--format '{}': expected auto, binance, csv or json", o.format));
  }
  if (o.format == "csv" || !o.time_column.empty() || !o.columns.empty()) {
    OhlcvCsvOptions c;
    if (!o.time_column.empty()) c.columns.time = o.time_column;
    if (!o.columns.empty()) {
      const auto cols = split_commas(o.columns);
      if (cols.size() != 5 && cols.size() != 4) {
        throw InvalidArgument(
            "--columns takes open,high,low,close[,volume] (names or 0-based indices)");
      }
      c.columns.open = cols[0];
      c.columns.high = cols[1];
      c.columns.low = cols[2];
      c.columns.close = cols[3];
      c.columns.volume = cols.size() == 5 ? cols[4] : "";
    }
    c.has_header = !o.no_header;
    c.utc_offset_minutes = o.utc_offset_minutes;
    b.csv = c;
  }
  return b;
}

// Several files of one symbol (e.g. daily zips) joined in time order.
KlineSeries load_many(const std::vector<std::string>& files, const DataOptions& o) {
  KlineSeries all;
  for (const auto& f : files) {
    KlineSeries s = read_bar_file(f, bar_file_options(o));
    if (all.bars.empty()) {
      all = std::move(s);
      continue;
    }
    if (s.bars.front().open_time <= all.bars.back().open_time) {
      throw DataError(fmt::format("{}: starts at {}, not after the end of the files before it ({})",
                                  f, to_iso8601(s.bars.front().open_time),
                                  to_iso8601(all.bars.back().open_time)));
    }
    all.bars.insert(all.bars.end(), s.bars.begin(), s.bars.end());
    all.interval_ns = std::min(all.interval_ns > 0 ? all.interval_ns : s.interval_ns,
                               s.interval_ns > 0 ? s.interval_ns : all.interval_ns);
  }
  return all;
}

std::string span_text(Timestamp first, Timestamp last) {
  return fmt::format("{} .. {}", to_iso8601(first), to_iso8601(last));
}

int check_other_kind(const std::string& path, BinanceDataKind kind, const DataOptions& o) {
  const std::string text = load_verified_text(path, policy(o));
  std::size_t rows = 0;
  Timestamp first, last;
  auto span = [&](const auto& v) {
    rows = v.size();
    first = v.front().at;
    last = v.back().at;
  };
  switch (kind) {
    case BinanceDataKind::Trades: span(parse_binance_trades(text, path)); break;
    case BinanceDataKind::AggTrades: span(parse_binance_agg_trades(text, path)); break;
    case BinanceDataKind::BookTicker: span(parse_binance_book_ticker(text, path)); break;
    case BinanceDataKind::BookDepth: span(parse_binance_book_depth(text, path)); break;
    case BinanceDataKind::FundingRate: span(parse_funding_rates(text, path)); break;
    case BinanceDataKind::Klines: break;
  }
  fmt::print("{}: {} {} rows, {}\nresult: clean\n", path, rows, to_string(kind),
             span_text(first, last));
  return 0;
}

int run_check(const DataOptions& o) {
  if (!(o.sigma > 0) || !std::isfinite(o.sigma))
    throw InvalidArgument(fmt::format("--sigma {}: expected a positive finite number", o.sigma));
  if (o.zero_run == 0) throw InvalidArgument("--zero-run 0: expected at least 1 bar");
  ValidationOptions v;
  v.outlier_sigma = o.sigma;
  v.zero_volume_run = o.zero_run;
  std::vector<std::string> paths;
  if (std::filesystem::exists(o.target)) {
    paths.push_back(o.target);
  } else {
    for (const auto& info : list_bar_caches(o.cache_dir)) {
      if (info.symbol == o.target) paths.push_back(info.path.string());
    }
    if (paths.empty()) {
      throw InvalidArgument(fmt::format(
          "check: '{}' is neither a file nor a symbol in the cache {}", o.target, o.cache_dir));
    }
  }
  int rc = 0;
  for (const auto& path : paths) {
    std::optional<BinanceDataKind> kind;
    if (o.kind != "auto") {
      kind = parse_binance_data_kind(o.kind);
    } else if (auto name =
                   parse_binance_file_name(std::filesystem::path(path).filename().string())) {
      kind = name->kind;
    }
    if (kind && *kind != BinanceDataKind::Klines) {
      rc |= check_other_kind(path, *kind, o);
      continue;
    }
    ValidationReport r;
    if (ends_with(path, ".tbars") || o.format == "csv" || o.format == "json" ||
        !o.time_column.empty()) {
      const KlineSeries s = read_bar_file(path, bar_file_options(o));
      r = check_bars(s.bars, s.interval_ns, path, v);
    } else {
      r = check_kline_text(load_verified_text(path, policy(o)), path, v);
    }
    fmt::print("{}", format_report(r, o.max_issues));
    if (r.errors() > 0 || (o.fail_on_outliers && !r.clean())) rc = 1;
  }
  return rc;
}

// A symbol names a cache file: letters, digits, '.', '_' and '-' only, so that it cannot
// leave the cache directory ("../../x") or be cut by the cache header (23 bytes).
void check_symbol(const std::string& symbol) {
  bool ok =
      !symbol.empty() && symbol.size() <= 23 && symbol.front() != '.' && symbol.front() != '-';
  for (const unsigned char c : symbol)
    ok = ok && (std::isalnum(c) || c == '.' || c == '_' || c == '-');
  if (!ok) {
    throw InvalidArgument(fmt::format(
        "--symbol '{}': expected 1 to 23 letters, digits, '.', '_' or '-' (e.g. BTCUSDT), "
        "not starting with '.' or '-'",
        symbol));
  }
}

// Warns (stderr) for every file whose name says it holds another symbol than --symbol.
void warn_symbol_mismatch(const std::vector<std::string>& files, const std::string& symbol) {
  for (const auto& f : files) {
    const std::string named = symbol_in_file_name(f);
    if (!named.empty() && named != symbol) {
      fmt::print(stderr,
                 "talon: warning: {} is named for {} but --symbol is {}: the bars are stored as "
                 "{}\n",
                 f, named, symbol, symbol);
    }
  }
}

// The cache directory, created when missing; an existing file there is an error.
std::filesystem::path cache_directory(const std::string& dir) {
  const std::filesystem::path p(dir);
  std::error_code ec;
  if (std::filesystem::exists(p, ec) && !std::filesystem::is_directory(p, ec))
    throw InvalidArgument(fmt::format("--cache {}: is a file, not a directory", dir));
  std::filesystem::create_directories(p, ec);
  if (ec)
    throw Error(fmt::format("--cache {}: cannot create the directory: {}", dir, ec.message()));
  return p;
}

int run_import(const DataOptions& o) {
  check_symbol(o.symbol);
  warn_symbol_mismatch(o.files, o.symbol);
  const KlineSeries s = load_many(o.files, o);
  if (s.bars.empty()) throw DataError(fmt::format("{}: no bars", o.files.front()));
  if (s.interval_ns <= 0) throw DataError("import: cannot tell the bar interval from one bar");
  const auto cache = cache_directory(o.cache_dir);
  const std::string source =
      o.source.empty() ? std::filesystem::path(o.files.front()).filename().string() : o.source;
  // Every interval first, then the database (one transaction per interval), then the cache
  // files: a failed database write leaves the cache as it was.
  struct Series {
    std::string interval;
    std::int64_t ns;
    std::vector<Bar> bars;
  };
  std::vector<Series> all;
  all.push_back({interval_name(s.interval_ns), s.interval_ns, s.bars});
  for (const auto& to : o.resample_to) {
    const std::int64_t ns = parse_interval(to);
    all.push_back({interval_name(ns), ns, resample_bars(s.bars, s.interval_ns, ns)});
  }
  if (!o.db.empty()) {
    std::unique_ptr<Store> store = open_store(o.db);
    std::string exchange = o.exchange;
    for (char& c : exchange) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (const auto& x : all) {
      const KlineImportResult r =
          import_klines(*store, exchange, o.symbol, x.interval, x.bars, source);
      fmt::print("{}: {} bars {} -> market_prices of {}", o.symbol, r.inserted, x.interval,
                 redact_url(o.db));
      if (r.skipped > 0) {
        fmt::print(", {} already stored and skipped", r.skipped);
        if (r.differing > 0) {
          fmt::print(" ({} differ from the stored ones, first at {}; the stored values were kept)",
                     r.differing, to_iso8601(r.first_differing));
        } else {
          fmt::print(" (identical)");
        }
      }
      fmt::print("\n");
    }
  }
  for (const auto& x : all) {
    const auto path = cache / bar_cache_file_name(o.symbol, x.interval);
    const bool replaces = std::filesystem::exists(path);
    write_bar_cache(path, x.bars, o.symbol, x.ns, source);
    fmt::print("{}: {} bars {} {}, {} gap(s) -> {}{}\n", o.symbol, x.bars.size(), x.interval,
               span_text(x.bars.front().open_time, x.bars.back().open_time),
               find_gaps(x.bars, x.ns).size(), path.string(),
               replaces ? " (replaced the cached file)" : "");
  }
  return 0;
}

void emit(const std::vector<Bar>& bars, const std::string& out) {
  if (out.empty()) {
    write_klines_csv(std::cout, bars);
    return;
  }
  std::ofstream f(out, std::ios::binary | std::ios::trunc);
  if (!f) throw Error(fmt::format("{}: cannot write", out));
  write_klines_csv(f, bars);
}

int run_resample(const DataOptions& o) {
  const KlineSeries s = load_many(o.files, o);
  const std::int64_t ns = parse_interval(o.to);
  const auto bars = resample_bars(s.bars, s.interval_ns, ns);
  emit(bars, o.out);
  if (!o.out.empty()) fmt::print(stderr, "{} bars of {} -> {}\n", bars.size(), o.to, o.out);
  return 0;
}

int run_bars(const DataOptions& o) {
  TradeBarSpec spec;
  if (o.bar_kind == "time") {
    spec = {TradeBarKind::Time, parse_interval(o.size), 0, {}};
  } else if (o.bar_kind == "tick") {
    std::int64_t n = 0;
    const auto r = std::from_chars(o.size.data(), o.size.data() + o.size.size(), n);
    if (r.ec != std::errc() || r.ptr != o.size.data() + o.size.size() || n <= 0) {
      throw InvalidArgument(
          fmt::format("--size '{}': tick bars need a positive number of trades", o.size));
    }
    spec = {TradeBarKind::Tick, 0, n, {}};
  } else if (o.bar_kind == "volume" || o.bar_kind == "dollar") {
    spec = {o.bar_kind == "volume" ? TradeBarKind::Volume : TradeBarKind::Dollar, 0, 0,
            Decimal::parse(o.size)};
  } else {
    throw InvalidArgument(
        fmt::format("--kind '{}': expected time, tick, volume or dollar", o.bar_kind));
  }
  TradeBarBuilder builder(spec);
  std::vector<Bar> bars;
  for (const auto& f : o.files) {
    const std::string text = load_verified_text(f, policy(o));
    const auto name = parse_binance_file_name(std::filesystem::path(f).filename().string());
    const bool agg = name ? name->kind == BinanceDataKind::AggTrades : o.kind == "aggTrades";
    const auto trades = agg ? parse_binance_agg_trades(text, f) : parse_binance_trades(text, f);
    for (const auto& t : trades) builder.push(t, bars);
  }
  builder.flush(bars);
  emit(bars, o.out);
  return 0;
}

int run_list(const DataOptions& o) {
  const auto list = list_bar_caches(o.cache_dir);
  fmt::print("{:<14} {:>8} {:<22} {:<22} {:>10} {:>6} {:>9}  {}\n", "symbol", "interval", "first",
             "last", "rows", "gaps", "missing", "source");
  for (const auto& i : list) {
    fmt::print("{:<14} {:>8} {:<22} {:<22} {:>10} {:>6} {:>9}  {}\n", i.symbol,
               interval_name(i.interval_ns), to_iso8601(i.first_open), to_iso8601(i.last_open),
               i.rows, i.gaps, i.missing_bars, i.source);
  }
  if (list.empty()) fmt::print("(no caches in {})\n", o.cache_dir);
  return 0;
}

int run_download(const DataOptions& o) {
  if (o.exchange != "binance") {
    throw InvalidArgument(fmt::format(
        "download: exchange '{}' has no public-data site talon knows (binance)", o.exchange));
  }
  if (o.from.empty() || o.to_date.empty())
    throw InvalidArgument("download: --from and --to are required");
  BinanceDownloadRequest r;
  r.market = parse_binance_market(o.market);
  r.kind = parse_binance_data_kind(o.type);
  r.symbol = o.symbol;
  r.interval = o.interval;
  r.from = parse_iso8601(o.from);
  r.to = parse_iso8601(o.to_date);
  r.base_url = o.base_url;
  r.out_dir = o.out_dir;
  r.use_monthly = !o.no_monthly;
  const auto plan = plan_binance_download(r);
  std::string current;
  std::unique_ptr<ProgressBar> bar;
  std::size_t index = 0;
  const auto report =
      download_binance(r, [&](const std::string& path, std::uint64_t done, std::uint64_t total) {
        if (path != current) {
          if (bar) bar->finish();
          current = path;
          ++index;
          bar = std::make_unique<ProgressBar>(fmt::format(
              "{}/{} {}", index, plan.size(), std::filesystem::path(path).filename().string()));
        }
        bar->update(static_cast<std::size_t>(done), static_cast<std::size_t>(total));
      });
  if (bar) bar->finish();
  std::size_t got = 0, fresh = 0, missing = 0;
  for (const auto& [file, outcome] : report.files) {
    const char* what = outcome == FileOutcome::Downloaded ? "downloaded, checksum ok"
                       : outcome == FileOutcome::UpToDate ? "up to date, checksum ok"
                                                          : "not published (404)";
    fmt::print("{}  {}\n", (std::filesystem::path(o.out_dir) / file.path).string(), what);
    got += outcome == FileOutcome::Downloaded;
    fresh += outcome == FileOutcome::UpToDate;
    missing += outcome == FileOutcome::NotPublished;
  }
  fmt::print("{} downloaded ({} bytes), {} up to date, {} not published\n", got,
             report.bytes_fetched, fresh, missing);
  return missing == report.files.size() ? 1 : 0;
}

void add_read_options(CLI::App* c, DataOptions& o) {
  c->add_option("--format", o.format,
                "auto (by name/options), binance (kline CSV), csv (mapped OHLCV), json")
      ->capture_default_str();
  c->add_option("--time-column", o.time_column,
                "csv: time column name (or 0-based index with --no-header)");
  c->add_option("--columns", o.columns,
                "csv: open,high,low,close[,volume] column names or indices");
  c->add_flag("--no-header", o.no_header, "csv: the file has no header row");
  c->add_option("--utc-offset", o.utc_offset_minutes,
                "csv: minutes to add to UTC to get the file's local time (e.g. -240)");
  c->add_option("--json-pointer", o.json_pointer,
                "json: RFC 6901 pointer to the candle array (/result/list for Bybit)");
  c->add_flag("--require-checksum", o.require_checksum,
              "fail when a zip has no .CHECKSUM beside it");
}

}  // namespace

CLI::App* add_data_command(CLI::App& app, DataOptions& o) {
  CLI::App* data =
      app.add_subcommand("data", "Import, check, resample, list and download market data.");
  data->require_subcommand(1);

  CLI::App* check = data->add_subcommand(
      "check",
      "Validation report of a data file (or of a cached SYMBOL): gaps, duplicates, out-of-order "
      "rows, "
      "OHLC inconsistencies, zero-volume runs, outliers. Exit code 1 when issues are found "
      "(outliers are warnings unless --fail-on-outliers).");
  check
      ->add_option("target", o.target,
                   "FILE (.csv, .gz, .zip, .json, .tbars) or SYMBOL in the cache")
      ->required();
  check
      ->add_option("--kind", o.kind,
                   "auto (from a Binance file name), klines, trades, aggTrades, bookTicker, "
                   "bookDepth, fundingRate")
      ->capture_default_str();
  check->add_option("--sigma", o.sigma, "outlier threshold in standard deviations of log returns")
      ->capture_default_str();
  check->add_option("--zero-run", o.zero_run, "shortest run of zero-volume bars reported")
      ->capture_default_str();
  check->add_flag("--fail-on-outliers", o.fail_on_outliers,
                  "exit 1 on outliers too (by default they are warnings: real markets jump)");
  check->add_option("--max-issues", o.max_issues, "issues listed (all are counted)")
      ->capture_default_str();
  check->add_option("--cache", o.cache_dir, "cache directory for SYMBOL")->capture_default_str();
  add_read_options(check, o);

  CLI::App* import = data->add_subcommand(
      "import", "Read bar files (in time order) into the columnar cache a backtest memory-maps.");
  import->add_option("files", o.files, "bar files of one symbol, oldest first")->required();
  import->add_option("--symbol", o.symbol, "symbol the bars belong to")->required();
  import->add_option("--cache", o.cache_dir, "cache directory")->capture_default_str();
  import->add_option("--source", o.source,
                     "where the data came from (default: the first file's name)");
  import
      ->add_option("--resample", o.resample_to,
                   "also cache these intervals, e.g. --resample 5m,1h,1d")
      ->delimiter(',');
  import->add_option("--db", o.db,
                     "also store the bars (and resampled ones) in market_prices: a SQLite file "
                     "or postgresql:// URL");
  import->add_option("--exchange", o.exchange, "exchange the bars come from")
      ->capture_default_str();
  add_read_options(import, o);

  CLI::App* resample = data->add_subcommand("resample",
                                            "Resample bars to a longer interval (UTC boundaries, "
                                            "weeks from Monday); Binance kline CSV out.");
  resample->add_option("files", o.files, "bar files, oldest first")->required();
  resample->add_option("--to", o.to, "target interval: 5m 15m 30m 1h 4h 1d 1w ...")->required();
  resample->add_option("--out", o.out, "output file (default: standard output)");
  add_read_options(resample, o);

  CLI::App* bars = data->add_subcommand(
      "bars", "Build time, tick, volume or dollar bars from Binance trades/aggTrades files.");
  bars->add_option("files", o.files, "trades or aggTrades files, oldest first")->required();
  bars->add_option("--kind", o.bar_kind, "time, tick, volume or dollar")->capture_default_str();
  bars->add_option("--size", o.size,
                   "interval (time), trades per bar (tick), base volume or quote value")
      ->required();
  bars->add_option("--out", o.out, "output file (default: standard output)");
  bars->add_flag("--require-checksum", o.require_checksum,
                 "fail when a zip has no .CHECKSUM beside it");

  CLI::App* list =
      data->add_subcommand("list", "What the cache holds: symbol, interval, span, rows, gaps.");
  list->add_option("--cache", o.cache_dir, "cache directory")->capture_default_str();

  CLI::App* dl = data->add_subcommand("download",
                                      "Fetch Binance public-data zips for a date range, with "
                                      "progress, resume and checksum checks.");
  dl->add_option("--exchange", o.exchange, "binance")->capture_default_str();
  dl->add_option("--market", o.market, "spot or um (USD-M futures)")->capture_default_str();
  dl->add_option("--type", o.type, "klines, aggTrades, trades, bookTicker, bookDepth, fundingRate")
      ->capture_default_str();
  dl->add_option("--symbol", o.symbol, "e.g. BTCUSDT")->required();
  dl->add_option("--interval", o.interval, "klines: 1m, 5m, 1h, ...");
  dl->add_option("--from", o.from, "first UTC day, e.g. 2025-06-01")->required();
  dl->add_option("--to", o.to_date, "last UTC day, inclusive")->required();
  dl->add_option("--out", o.out_dir, "mirror directory (the site's layout under it)")
      ->capture_default_str();
  dl->add_option("--base-url", o.base_url, "public-data site")->capture_default_str();
  dl->add_flag("--daily-only", o.no_monthly, "daily files even for whole months");
  data->footer(
      "Examples:\n"
      "  talon data download --symbol BTCUSDT --interval 1m --from 2025-06-01 --to 2025-06-30\n"
      "  talon data check data/binance/data/spot/monthly/klines/BTCUSDT/1m/BTCUSDT-1m-2025-06.zip\n"
      "  talon data import data/binance/data/spot/monthly/klines/BTCUSDT/1m/BTCUSDT-1m-2025-06.zip "
      "--symbol BTCUSDT --resample 5m,15m,30m,1h,4h,1d,1w\n"
      "  talon data list");
  return data;
}

int run_data_command(const CLI::App& command, const DataOptions& o) {
  for (const CLI::App* sub : command.get_subcommands()) {
    const std::string name = sub->get_name();
    if (name == "check") return run_check(o);
    if (name == "import") return run_import(o);
    if (name == "resample") return run_resample(o);
    if (name == "bars") return run_bars(o);
    if (name == "list") return run_list(o);
    if (name == "download") return run_download(o);
  }
  throw InvalidArgument("data: no subcommand");
}

}  // namespace talon
