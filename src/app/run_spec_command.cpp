// `talon backtest` over a run specification (engine/run_spec.hpp): several spot instruments
// sharing one quote balance, tick fills and L2 book fills. The single-instrument bar and
// USDⓈ-M runs stay in backtest_command.cpp.

#include <fmt/format.h>

#include <talon/analytics/metrics.hpp>
#include <talon/analytics/report.hpp>
#include <talon/app/backtest_command.hpp>
#include <talon/app/progress.hpp>
#include <talon/core/error.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/data/resample.hpp>
#include <talon/engine/run_spec.hpp>

namespace talon {
namespace {

// "ETHUSDT=path" → (ETHUSDT, path); a plain path has no symbol before an '='.
bool split_symbol_file(const std::string& text, std::string& symbol, std::string& file) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  for (std::size_t i = 0; i < eq; ++i) {
    const char c = text[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  symbol = text.substr(0, eq);
  file = text.substr(eq + 1);
  return true;
}

FillMode fill_of(const InstrumentOptions& in) {
  if (!in.fill.empty()) return parse_fill_mode(in.fill);
  if (!in.depth_snapshot.empty() || !in.depth_updates.empty()) return FillMode::Book;
  if (!in.trades.empty()) return FillMode::Tick;
  return FillMode::Bar;
}

Decimal option_decimal(const std::string& text, std::string_view option) {
  const auto d = Decimal::try_parse(text);
  if (!d) throw InvalidArgument(fmt::format("{}: '{}' is not a decimal number", option, text));
  return *d;
}

// The instruments the options name: [[instruments]] of the config, --data SYMBOL=FILE, or
// --symbol with --trades / --depth-* (and its --data FILE for the strategy's bars).
std::vector<InstrumentOptions> instruments_of(const BacktestOptions& o) {
  const bool single_tick_book =
      !o.trades.empty() || !o.depth_snapshot.empty() || !o.depth_updates.empty();
  if (!o.instruments.empty() + !o.instrument_data.empty() + single_tick_book > 1) {
    throw InvalidArgument(
        "backtest: give the instruments one way: [[instruments]] in --config, --data "
        "SYMBOL=FILE (repeated), or --trades/--depth-snapshot/--depth-updates for --symbol");
  }
  if (!o.instruments.empty()) return o.instruments;
  std::vector<InstrumentOptions> out;
  if (single_tick_book) {
    InstrumentOptions in;
    in.symbol = o.symbol;
    in.data = o.data;
    in.trades = o.trades;
    in.depth_snapshot = o.depth_snapshot;
    in.depth_updates = o.depth_updates;
    out.push_back(in);
    return out;
  }
  if (!o.data.empty()) {
    throw InvalidArgument("--data " + o.data +
                          ": with several instruments every --data is SYMBOL=FILE");
  }
  for (const std::string& pair : o.instrument_data) {
    InstrumentOptions in;
    split_symbol_file(pair, in.symbol, in.data);
    out.push_back(in);
  }
  return out;
}

// Money and quantities as JSON numbers written from the exact decimal text (as
// format_json_report does), never through a double.
std::string instrument_json(const InstrumentResult& r) {
  return fmt::format(
      R"({{"symbol":"{}","fill":"{}","bars":{},"trades":{},"depth_updates":{},"orders":{},)"
      R"("fills":{},"round_trips":{},"position":{},"last_price":{},"cost_basis":{},)"
      R"("realized_pnl":{},"unrealized_pnl":{},"fees":{}}})",
      r.instrument.symbol, to_string(r.fill), r.bars, r.trades, r.depth_updates, r.orders.size(),
      r.fills.size(), r.round_trips.size(), r.position.to_string(), r.last_price.to_string(),
      r.cost_basis.to_string(), r.realized_pnl.to_string(), r.unrealized_pnl.to_string(),
      r.fees.to_string());
}

std::string run_json(const RunResult& r, const BacktestMetrics& m) {
  std::string out = R"({"instruments":[)";
  for (std::size_t i = 0; i < r.instruments.size(); ++i) {
    out += (i == 0 ? "" : ",") + instrument_json(r.instruments[i]);
  }
  out += R"(],"balances":{)";
  bool first = true;
  for (const auto& [asset, b] : r.balances) {
    out += fmt::format(R"({}"{}":{{"free":{},"locked":{}}})", first ? "" : ",", asset,
                       b.free.to_string(), b.locked.to_string());
    first = false;
  }
  return out + R"(},"combined":)" + format_json_report(m) + "}";
}

std::string instruments_text(const RunResult& r) {
  std::string out = fmt::format(
      "{:<10} {:<5} {:>7} {:>8} {:>6} {:>6} {:>14} {:>14} {:>14} {:>12}\n", "instrument", "fill",
      "bars", "trades", "fills", "trips", "position", "realized", "unrealized", "fees");
  for (const InstrumentResult& i : r.instruments) {
    out += fmt::format("{:<10} {:<5} {:>7} {:>8} {:>6} {:>6} {:>14} {:>14} {:>14} {:>12}\n",
                       i.instrument.symbol, to_string(i.fill), i.bars, i.trades, i.fills.size(),
                       i.round_trips.size(), i.position.to_string(), i.realized_pnl.to_string(),
                       i.unrealized_pnl.to_string(), i.fees.to_string());
  }
  out += "balances:";
  for (const auto& [asset, b] : r.balances) {
    out += fmt::format(" {} {} (locked {})", asset, b.total().to_string(), b.locked.to_string());
  }
  return out + "\n\n";
}

}  // namespace

void add_data_option(CLI::App& cmd, BacktestOptions& o) {
  cmd.add_option_function<std::vector<std::string>>(
         "--data",
         [&o](const std::vector<std::string>& values) {
           for (const std::string& v : values) {
             std::string symbol;
             std::string file;
             if (split_symbol_file(v, symbol, file)) {
               o.instrument_data.push_back(v);
             } else if (o.data.empty()) {
               o.data = v;
             } else {
               throw InvalidArgument(
                   "--data given twice: for several instruments write --data SYMBOL=FILE");
             }
           }
         },
         "Kline file: Binance public-data CSV (12 columns) or open_time,open,high,low,"
         "close,volume with a header; .csv or .csv.gz; times in ms or us. Repeat as "
         "--data SYMBOL=FILE for several spot instruments sharing one quote balance")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

void add_run_spec_options(CLI::App& cmd, BacktestOptions& o) {
  cmd.add_option("--trades", o.trades,
                 "Tick mode for --symbol: orders fill on these trades (Binance public-data "
                 "trades, or the capture layout trade_id,price,qty,trade_time_ms,...); the "
                 "strategy sees --data's bars, or bars of --bar-interval built from the trades");
  cmd.add_option("--depth-snapshot", o.depth_snapshot,
                 "L2 book mode for --symbol: REST depth snapshot (local_ts_ns,last_update_id,"
                 "side,level,price,qty), with --depth-updates; --trades then consume queues");
  cmd.add_option("--depth-updates", o.depth_updates,
                 "L2 book mode: depthUpdate rows (local_ts_ns,event_time_ms,first_update_id,"
                 "final_update_id,side,price,qty) following --depth-snapshot");
  cmd.add_option("--bar-interval", o.bar_interval,
                 "Tick and book mode without --data: length of the bars built from the trades "
                 "(e.g. 1s, 1m)")
      ->capture_default_str();
}

bool uses_run_spec(const BacktestOptions& o) {
  return !o.instrument_data.empty() || !o.trades.empty() || !o.depth_snapshot.empty() ||
         !o.depth_updates.empty() || !o.instruments.empty();
}

int run_spec_backtest(const BacktestOptions& o) {
  if (o.market != "spot") {
    throw InvalidArgument(
        "--market usdm runs one perpetual over bars; several instruments, tick and book mode "
        "are spot only for now");
  }
  if (!o.from_db.empty() || !o.start.empty() || !o.end.empty() || o.store_indicators) {
    throw InvalidArgument(
        "--from-db, --start, --end and --store-indicators apply to the single-instrument run");
  }
  RunSpec spec;
  spec.initial_cash = option_decimal(o.cash, "--cash");
  const Decimal fee_bps = option_decimal(o.fee_bps, "--fee-bps");
  if (!spec.initial_cash.is_positive()) throw InvalidArgument("--cash: must be positive");
  if (fee_bps.is_negative() || fee_bps > Decimal::from_int(10'000)) {
    throw InvalidArgument("--fee-bps: must be between 0 and 10000, got " + o.fee_bps);
  }
  spec.venue.taker_fee_bps = fee_bps;
  spec.book.taker_fee_bps = fee_bps;
  spec.trade_bar_ns = parse_interval(o.bar_interval);
  spec.strategy = o.strategy;
  for (const std::string& p : o.params) spec.params.set_from_text(p);
  for (const InstrumentOptions& in : instruments_of(o)) {
    InstrumentSpec s;
    s.instrument = spot_rules(in.symbol);
    s.fill = fill_of(in);
    s.bars_file = in.data;
    s.trades_file = in.trades;
    s.depth_snapshot_file = in.depth_snapshot;
    s.depth_updates_file = in.depth_updates;
    spec.instruments.push_back(std::move(s));
  }
  const std::vector<InstrumentData> data = load_run_data(spec);
  for (std::size_t i = 0; i < data.size(); ++i) {
    fmt::print(
        stderr, "loaded {} {} bars of {} from {}{}\n", data[i].bars.size(),
        interval_name(data[i].bar_interval_ns), spec.instruments[i].instrument.symbol,
        data[i].bars_source,
        spec.instruments[i].fill == FillMode::Bar
            ? std::string()
            : fmt::format(", {} trades, {} depth updates ({} fills)", data[i].trades.size(),
                          data[i].depth_updates.size(), to_string(spec.instruments[i].fill)));
  }
  if (!o.no_store) {
    fmt::print(stderr,
               "note: runs with several instruments or tick/book fills are not stored yet\n");
  }
  ProgressBar bar("backtest");
  const RunResult result = run_spec(
      spec, data, [&bar](std::size_t done, std::size_t total) { bar.update(done, total); });
  bar.finish();
  const BacktestMetrics metrics = compute_metrics(result.combined);
  if (o.json) {
    fmt::print("{}\n", run_json(result, metrics));
    return 0;
  }
  RunDescription run;
  for (const InstrumentSpec& in : spec.instruments) {
    run.symbol += (run.symbol.empty() ? "" : "+") + in.instrument.symbol;
  }
  run.interval = interval_name(data.front().bar_interval_ns);
  run.strategy = o.strategy;
  for (const auto& [k, v] : spec.params.values()) run.strategy += fmt::format(" {}={}", k, v);
  run.quote_currency = result.quote_currency;
  run.fee_bps = fee_bps;
  run.start = result.combined.start;
  run.end = result.combined.end;
  run.bars = result.combined.bars;
  fmt::print("{}{}", instruments_text(result), format_text_report(run, metrics));
  return 0;
}

}  // namespace talon
