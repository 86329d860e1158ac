#include <fmt/format.h>
#include <fmt/ranges.h>

#include <charconv>
#include <chrono>
#include <climits>
#include <cstdio>
#include <map>

#include <talon/analytics/html_report.hpp>
#include <talon/analytics/metrics.hpp>
#include <talon/analytics/report.hpp>
#include <talon/app/backtest_command.hpp>
#include <talon/app/chart_library.hpp>
#include <talon/app/progress.hpp>
#include <talon/app/store_kline_source.hpp>
#include <talon/core/error.hpp>
#include <talon/data/binance_files.hpp>
#include <talon/data/binance_usdm_rules.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/data/resample.hpp>
#include <talon/engine/backtest.hpp>
#include <talon/engine/kline_source.hpp>
#include <talon/risk/risk_engine.hpp>
#include <talon/store/risk_events.hpp>
#include <talon/store/risk_limit_rows.hpp>
#include <talon/store/store.hpp>
#include <talon/strategy/decision.hpp>
#include <talon/strategy/plugin.hpp>
#include <talon/strategy/registry.hpp>

namespace talon {

namespace {
// One risk_limits row as limits; a value out of range names the row.
RiskLimits limits_of(const RiskLimitRow& row) {
  RiskLimits limits;
  for (const auto& [key, value] : row.limits) {
    try {
      set_limit(limits, key, value);
    } catch (const InvalidArgument& e) {
      throw InvalidArgument(fmt::format("risk_limits row {}: {}", row.id, e.what()));
    }
  }
  return limits;
}

Decimal parse_option_decimal(const std::string& text, std::string_view option) {
  const auto d = Decimal::try_parse(text);
  if (!d) {
    throw InvalidArgument(fmt::format(
        "{}: '{}' is not a decimal number with at most 8 fractional digits", option, text));
  }
  return *d;
}

std::string params_json(const StrategyParams& p) {
  std::string out = "{";
  for (const auto& [k, v] : p.effective()) {
    if (out.size() > 1) out += ',';
    out += fmt::format(R"("{}":"{}")", k, v);
  }
  return out + "}";
}

std::string describe(const std::string& name, const StrategyParams& p) {
  std::string out = name;
  for (const auto& [k, v] : p.effective()) out += fmt::format(" {}={}", k, v);
  return out;
}

Timestamp parse_time_option(const std::string& text, const char* option) {
  try {
    return parse_iso8601(text);
  } catch (const Error& e) {
    throw InvalidArgument(fmt::format("{}: {}", option, e.what()));
  }
}

// What the bars of a run were, and the run itself.
struct BarInput {
  std::string source;
  std::int64_t interval_ns = 0;
  std::size_t gaps = 0;
  BacktestResult result;
};

void print_loaded(const BarInput& in, std::size_t bars, const std::string& symbol,
                  std::int64_t missing, Timestamp first_gap) {
  if (bars == 0) return;
  fmt::print(stderr, "read {} {} bars of {} from {} ({} → {})\n", bars,
             interval_name(in.interval_ns), symbol, in.source, to_iso8601(in.result.start),
             to_iso8601(in.result.end));
  if (in.gaps != 0) {
    fmt::print(stderr, "warning: {} gaps, {} bars missing (not filled in); first after {}\n",
               in.gaps, missing, to_iso8601(first_gap));
  }
}

// Runs the backtest over the bars of a file (--data, streamed in batches: memory does not
// grow with the file) or of the store (--from-db), cut to [--start, --end).
BarInput run_bars(const BacktestOptions& o, const BacktestConfig& config, Strategy& strategy,
                  Journal* journal) {
  const Timestamp from =
      o.start.empty() ? Timestamp::from_ns(INT64_MIN) : parse_time_option(o.start, "--start");
  const Timestamp to =
      o.end.empty() ? Timestamp::from_ns(INT64_MAX) : parse_time_option(o.end, "--end");
  if (to <= from) throw InvalidArgument("--end must be after --start");
  ProgressBar bar("backtest");
  const ProgressFn progress = [&bar](std::size_t done, std::size_t total) {
    bar.update(done, total);
  };
  BarInput in;
  if (!o.from_db.empty()) {
    in.interval_ns = parse_interval(o.from_db);
    in.source = fmt::format("{} {} {} of {}", o.exchange, o.symbol, o.from_db, redact_url(o.db));
    // Its own connection: the run's writer holds the other in a transaction.
    const std::unique_ptr<Store> store = open_store(o.db);
    StoreKlineSource stored(*store, o.exchange, o.symbol, o.from_db, in.interval_ns,
                            config.instrument.id(), from, to);
    in.result =
        run_backtest(config, std::make_unique<SourceRef>(stored), strategy, progress, journal);
    bar.finish();
    if (stored.bars() == 0) {
      throw DataError(fmt::format(
          "{}: no {} bars of {} on {}{} (store them with 'talon data import FILE --db {}')",
          redact_url(o.db), o.from_db, o.symbol, o.exchange,
          o.start.empty() && o.end.empty() ? "" : " in --start/--end", redact_url(o.db)));
    }
    in.gaps = stored.gaps();
    print_loaded(in, stored.bars(), o.symbol, stored.missing(), stored.first_gap_after());
    return in;
  }
  KlineFileSource file(o.data, config.instrument.id(), from, to);
  in.source = o.data;
  in.result = run_backtest(config, std::make_unique<SourceRef>(file), strategy, progress, journal);
  bar.finish();
  if (file.bars() == 0) {
    throw DataError(
        fmt::format("{}: no bars between --start and --end: the file's bars open from {} to {}{}",
                    o.data, to_iso8601(file.file_first()), to_iso8601(file.file_last()),
                    file.file_last() >= to ? " (and later: the rest was not read)" : ""));
  }
  in.interval_ns = file.interval_ns();
  in.gaps = file.gaps();
  print_loaded(in, file.bars(), o.symbol, file.missing(), file.first_gap_after());
  return in;
}

// Passes every journal entry on and keeps the equity samples, which a journaled run does
// not keep, for the HTML report.
class EquityTap final : public Journal {
 public:
  explicit EquityTap(Journal* next) : next_(next) {}
  void on_order_event(const OrderEvent& e) override {
    if (next_) next_->on_order_event(e);
  }
  void on_fill(const Fill& f) override {
    if (next_) next_->on_fill(f);
  }
  void on_order(const Order& o) override {
    if (next_) next_->on_order(o);
  }
  void on_round_trip(const RoundTrip& t) override {
    trips.push_back(t);
    if (next_) next_->on_round_trip(t);
  }
  void on_position(const Position& p) override {
    if (next_) next_->on_position(p);
  }
  void on_equity(const EquityPoint& p) override {
    points.push_back(p);
    if (next_) next_->on_equity(p);
  }
  void on_funding(const FundingPayment& f) override {
    if (next_) next_->on_funding(f);
  }
  void checkpoint(std::span<const Position> open) override {
    if (next_) next_->checkpoint(open);
  }
  std::vector<EquityPoint> points;
  std::vector<RoundTrip> trips;

 private:
  Journal* next_;
};

// The HTML report of a finished run: bars read again (file or store), equity samples and
// round trips from the run.
void write_backtest_report(const BacktestOptions& o, const BacktestConfig& config,
                           const BacktestResult& result, const BacktestMetrics& metrics,
                           const std::string& title, const EquityTap& tap) {
  HtmlReportInput in;
  in.title = title;
  in.metrics_json = format_json_report(metrics);
  const std::vector<RoundTrip>& trips = result.round_trips.empty() ? tap.trips : result.round_trips;
  in.trades_json = format_round_trips_json(trips);
  std::vector<Bar> bars;
  if (!o.from_db.empty()) {
    const std::unique_ptr<Store> store = open_store(o.db);
    bars = store->read_klines(o.exchange, o.symbol, o.from_db, result.start,
                              Timestamp::from_ns(result.end.ns + 1));
  } else {
    bars = read_klines(o.data).bars;
    std::erase_if(
        bars, [&](const Bar& b) { return b.open_time < result.start || b.open_time > result.end; });
  }
  in.candles = chart_candles(bars);
  const std::vector<EquityPoint>& eq =
      result.equity_curve.empty() ? tap.points : result.equity_curve;
  // At most ~20,000 points: every k-th sample, the last always.
  const std::size_t k = eq.size() / 20'000 + 1;
  for (std::size_t i = 0; i < eq.size(); ++i) {
    if (i % k == 0 || i + 1 == eq.size()) {
      in.equity.push_back({eq[i].at.ns / kNanosPerSecond, eq[i].equity.to_double()});
    }
  }
  (void)config;
  write_html_report(o.report, in);
  fmt::print(stderr, "wrote HTML report {}\n", o.report);
}

int parse_leverage(const std::string& text) {
  int v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < 1 || v > 125) {
    throw InvalidArgument("--leverage: expected a whole number from 1 to 125, got '" + text + "'");
  }
  return v;
}

// The USDⓈ-M part of the configuration: rules, brackets, leverage, modes, funding, marks.
struct FuturesInputs {
  std::vector<FundingRate> funding;
  std::vector<MarkPrice> marks;
};

FuturesInputs configure_usdm(const BacktestOptions& o, BacktestConfig& config) {
  config.market = Market::UsdM;
  if (!o.exchange_info.empty()) {
    config.instrument = read_usdm_exchange_info(o.exchange_info, o.symbol);
  } else if (auto builtin = find_builtin_instrument(o.symbol, "BINANCE_USDM")) {
    config.instrument = *builtin;
  } else {
    throw InvalidArgument(fmt::format(
        "--symbol {}: talon has no built-in USDⓈ-M rules for it (built in: BTCUSDT, ETHUSDT, "
        "XRPUSDT); pass --exchange-info FILE with Binance's GET /fapi/v1/exchangeInfo body",
        o.symbol));
  }
  if (!o.brackets.empty()) {
    config.futures.tiers = read_leverage_brackets(o.brackets, o.symbol);
  } else if (auto tiers = find_builtin_usdm_brackets(o.symbol)) {
    config.futures.tiers = *tiers;
  } else {
    throw InvalidArgument(fmt::format(
        "--symbol {}: talon has no built-in leverage brackets for it; pass --brackets FILE with "
        "Binance's GET /fapi/v1/leverageBracket body",
        o.symbol));
  }
  config.futures.leverage = parse_leverage(o.leverage);
  if (o.margin_mode == "isolated") {
    config.futures.margin_mode = MarginMode::Isolated;
  } else if (o.margin_mode == "cross") {
    config.futures.margin_mode = MarginMode::Cross;
  } else {
    throw InvalidArgument("--margin-mode: expected isolated or cross, got '" + o.margin_mode + "'");
  }
  if (o.position_mode == "one-way") {
    config.futures.position_mode = PositionMode::OneWay;
  } else if (o.position_mode == "hedge") {
    config.futures.position_mode = PositionMode::Hedge;
    if (o.strategy == "sma_cross" || o.strategy == "rsi_reversion") {
      throw InvalidArgument("--position-mode hedge: " + o.strategy +
                            " trades one net position; use --position-mode one-way");
    }
  } else {
    throw InvalidArgument("--position-mode: expected one-way or hedge, got '" + o.position_mode +
                          "'");
  }
  FuturesInputs in;
  if (!o.funding.empty()) in.funding = read_funding_rates(o.funding);
  if (!o.mark.empty()) {
    // A mark-price kline's open is the mark at its open time (Binance markPriceKlines).
    for (const Bar& b : read_klines(o.mark).bars) {
      MarkPrice m;
      m.ts_event = m.ts_init = b.open_time;
      m.price = b.open;
      in.marks.push_back(m);
    }
  }
  return in;
}

}  // namespace

CLI::App* add_backtest_command(CLI::App& app, BacktestOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "backtest",
      "Run a strategy over historical klines, print its report and store the run.\n"
      "Orders placed at a bar's close fill at the next bar's open with the taker fee.");
  add_data_option(*cmd, o);
  cmd->add_option("--from-db", o.from_db,
                  "Instead of --data: the bars of --symbol at this interval (e.g. 1m, 1h) from "
                  "market_prices in --db, as 'talon data import --db' stored them");
  cmd->add_option("--exchange", o.exchange, "With --from-db: the exchange whose bars to read")
      ->capture_default_str();
  cmd->add_option("--start", o.start,
                  "First bar to trade: open time, ISO-8601 UTC (e.g. 2025-06-01 or "
                  "2025-06-01T12:00:00Z); default the first available");
  cmd->add_option("--end", o.end,
                  "Stop before the bar opening at this ISO-8601 UTC time; default after the last");
  cmd->add_option("--symbol", o.symbol, "Instrument whose tick size, lot size and minimums apply")
      ->capture_default_str();
  cmd->add_option("--strategy", o.strategy,
                  "Strategy to run: a built-in or a plugin's ('talon strategies' lists them)")
      ->capture_default_str();
  cmd->add_option("--plugin", o.plugins,
                  "Strategy plugin (shared library, e.g. ./libmy_strategy.so) to load before "
                  "--strategy is looked up; repeatable");
  cmd->add_option("--decisions", o.decisions,
                  "Trade decisions stored in trade_decisions: none, actions (every BUY/SELL/"
                  "OPEN/CLOSE) or all (HOLD too: one per bar for many strategies)")
      ->capture_default_str();
  cmd->add_option("--param", o.params,
                  "Strategy parameter name=value, repeatable (sma_cross: fast=10 slow=30; "
                  "'talon strategies' lists every strategy's parameters and ranges)");
  cmd->add_option("--cash", o.cash, "Initial capital in the quote currency")->capture_default_str();
  cmd->add_option("--fee-bps", o.fee_bps, "Taker fee in basis points of notional (10 = 0.1 %)")
      ->capture_default_str();
  cmd->add_option("--db", o.db,
                  "Store that receives the run: a SQLite file, or postgresql://user@host:port/db "
                  "(migrated with 'talon db migrate')")
      ->capture_default_str();
  cmd->add_flag("--no-store", o.no_store, "Do not write the run to the database");
  cmd->add_flag("--store-indicators", o.store_indicators,
                "Also write every value of every indicator the strategy declares to the "
                "technical_indicators table, in the run's transaction (warm-up bars: no row)");
  cmd->add_option("--equity-interval", o.equity_interval,
                  "Spacing of the stored equity curve: the first bar closing in each interval "
                  "(e.g. 1m, 1h, 1d); 0 stores every bar. Drawdown and daily figures use every "
                  "bar either way")
      ->capture_default_str();
  cmd->add_flag("--json", o.json,
                "Print one JSON object of the metrics instead of the text report");
  cmd->add_option("--report", o.report,
                  "Also write a self-contained HTML report (candles with entries and exits, "
                  "equity, drawdown, monthly returns, trades) to this file; it works offline");
  cmd->add_option(
         "--market", o.market,
         "spot (cash and base asset) or usdm (Binance USDⓈ-M perpetual: leverage, long and "
         "short, funding, liquidation)")
      ->capture_default_str();
  cmd->add_option("--leverage", o.leverage, "usdm: leverage 1..125")->capture_default_str();
  cmd->add_option("--margin-mode", o.margin_mode, "usdm: isolated or cross")->capture_default_str();
  cmd->add_option("--position-mode", o.position_mode,
                  "usdm: one-way (one net position) or hedge (LONG and SHORT apart)")
      ->capture_default_str();
  cmd->add_option("--funding", o.funding,
                  "usdm: funding-rate CSV funding_time,funding_rate (Binance GET "
                  "/fapi/v1/fundingRate); each is paid on the position open at its time");
  cmd->add_option("--mark", o.mark,
                  "usdm: mark-price kline file; funding is valued at the open of the mark kline "
                  "containing its time (default: the open of the bar containing it)");
  cmd->add_option("--exchange-info", o.exchange_info,
                  "usdm: Binance GET /fapi/v1/exchangeInfo JSON with --symbol's filters (built in: "
                  "BTCUSDT, ETHUSDT, XRPUSDT)");
  cmd->add_option("--brackets", o.brackets,
                  "usdm: Binance GET /fapi/v1/leverageBracket JSON with --symbol's brackets "
                  "(built in: BTCUSDT, ETHUSDT)");
  cmd->add_option("--risk", o.risk,
                  "Risk limit key=value, repeatable (percentages as fractions: "
                  "max_drawdown=0.10 is 10 %); e.g. --risk max_drawdown=0.10 --risk "
                  "max_open_positions=1. Keys: max_position_size, max_position_pct, max_leverage, "
                  "max_daily_loss, max_drawdown, max_open_positions, max_order_size, risk_rules, "
                  "quoteAmount, maxTradesPerHour, maxDailySpend, recvWindow, safetyEnabled, "
                  "stop_loss_pct, take_profit_pct, price_band_pct, duplicate_window_ms, "
                  "self_trade_prevention, trading_hours, close_on_breach (docs/risk.md)");
  add_run_spec_options(*cmd, o);
  cmd->add_option("--config", o.config,
                  "TOML file with the same keys (data, symbol, strategy, cash, fee_bps, db, "
                  "json, store_indicators, [params]); command-line options override it");
  cmd->footer(
      "Example:\n  talon backtest --data data/binance_spot_BTCUSDT_1m_2025-06.csv.gz "
      "--symbol BTCUSDT --strategy sma_cross --param fast=10 --param slow=30 --cash 10000 "
      "--fee-bps 10\n"
      "  talon backtest --data data/binance_spot_BTCUSDT_1m_2025-06.csv.gz --strategy "
      "rsi_reversion --param period=14 --store-indicators   (RSI values into "
      "technical_indicators)\n"
      "  talon data import data/binance_spot_BTCUSDT_1m_2025-06.csv.gz --symbol BTCUSDT --db "
      "talon.db\n"
      "  talon backtest --from-db 1m --symbol BTCUSDT --start 2025-06-10 --end 2025-06-20   "
      "(bars from the database)\n"
      "  talon backtest --market usdm --symbol ETHUSDT --leverage 3 --margin-mode isolated "
      "--data data/binance_usdm_ETHUSDT_1m_2025-05-04_2025-06-15.csv.gz --funding "
      "data/binance_usdm_ETHUSDT_funding_rate_2025-05-04_2025-06-15.csv --strategy sma_cross "
      "--param short=1 --fee-bps 5   (a perpetual, long and short)\n"
      "  talon backtest --data BTCUSDT=data/binance_spot_BTCUSDT_1m_2025-06.csv.gz --data "
      "ETHUSDT=data/binance_spot_ETHUSDT_1m_2025-06.csv.gz --no-store   (two instruments, one "
      "USDT balance)\n"
      "  talon backtest --trades TRADES.csv.gz --bar-interval 1s   (tick mode)\n"
      "  talon backtest --depth-snapshot SNAP.csv.gz --depth-updates UPDATES.csv.gz --trades "
      "TRADES.csv.gz --bar-interval 1s   (L2 book mode)");
  return cmd;
}

Instrument spot_rules(const std::string& symbol) {
  if (auto builtin = find_builtin_instrument(symbol)) return *builtin;
  fmt::print(stderr, "warning: no trading rules known for {}; using tick and lot size 0.00000001\n",
             symbol);
  return generic_spot_instrument(symbol);
}

int run_backtest_command(const BacktestOptions& o) {
  for (const std::string& plugin : o.plugins) load_strategy_plugin(plugin);
  const DecisionRecording decisions = parse_decision_recording(o.decisions);
  if (uses_run_spec(o)) {
    if (!o.report.empty()) {
      throw InvalidArgument("--report: HTML reports cover single-instrument kline runs for now");
    }
    if (!o.risk.empty()) {
      throw InvalidArgument(
          "--risk / [risk]: the risk stage runs on single-instrument backtests (--data FILE or "
          "--from-db); not yet on several instruments, tick or book runs");
    }
    return run_spec_backtest(o);
  }
  if (o.data.empty() == o.from_db.empty()) {
    throw InvalidArgument(
        "backtest: give either --data FILE or --from-db INTERVAL (or data/from_db in --config)");
  }
  const Decimal cash = parse_option_decimal(o.cash, "--cash");
  const Decimal fee_bps = parse_option_decimal(o.fee_bps, "--fee-bps");
  if (!cash.is_positive()) throw InvalidArgument("--cash: must be positive, got " + o.cash);
  if (fee_bps.is_negative() || fee_bps > Decimal::from_int(10'000)) {
    throw InvalidArgument("--fee-bps: must be between 0 and 10000, got " + o.fee_bps);
  }

  if (o.store_indicators && o.no_store) {
    throw InvalidArgument("--store-indicators writes to the store: drop --no-store");
  }
  StrategyParams params;
  for (const std::string& p : o.params) params.set_from_text(p);
  std::unique_ptr<Strategy> strategy = make_strategy(o.strategy, params);

  BacktestConfig config;
  FuturesInputs futures;
  if (o.market == "usdm") {
    futures = configure_usdm(o, config);
    config.funding = futures.funding;
    config.marks = futures.marks;
  } else if (o.market != "spot") {
    throw InvalidArgument("--market: expected spot or usdm, got '" + o.market + "'");
  } else if (!o.funding.empty() || !o.mark.empty() || !o.exchange_info.empty() ||
             !o.brackets.empty() || o.leverage != "1") {
    throw InvalidArgument(
        "--leverage, --funding, --mark, --exchange-info and --brackets need --market usdm");
  } else {
    config.instrument = spot_rules(o.symbol);
  }
  config.initial_cash = cash;
  config.venue.taker_fee_bps = fee_bps;
  config.record_indicators = o.store_indicators;
  config.decision_recording = decisions;
  std::unique_ptr<Store> store;
  if (!o.no_store) store = open_store(o.db);
  // The risk stage only when a limit is given (--risk, [risk], or risk_limits rows of the
  // run's bot or global ones in the store): without one orders go exactly as before.
  std::unique_ptr<RiskEngine> risk;
  {
    RiskLimits limits;
    bool limited = !o.risk.empty();
    for (const std::string& kv : o.risk) set_limit(limits, kv);
    if (store) {
      const auto rows = backtest_risk_limit_rows(store->connection(), o.strategy,
                                                 config.instrument.id().symbol());
      for (const RiskLimitRow& row : rows) {
        limits = limited ? stricter(limits, limits_of(row)) : limits_of(row);
        limited = true;
      }
      if (!rows.empty()) {
        fmt::print(stderr, "risk: {} risk_limits row{} apply (the stricter of each limit wins)\n",
                   rows.size(), rows.size() == 1 ? "" : "s");
      }
    }
    if (limited) {
      risk = std::make_unique<RiskEngine>(std::move(limits), nullptr, o.strategy);
      config.risk = risk.get();
    }
  }
  if (o.equity_interval != "0") {
    try {
      config.equity_sample_ns = parse_interval(o.equity_interval);
    } catch (const Error& e) {
      throw InvalidArgument(fmt::format("--equity-interval: {}", e.what()));
    }
  }

  if (!o.data.empty()) {
    const std::string named = symbol_in_file_name(o.data);
    if (!named.empty() && named != o.symbol) {
      fmt::print(stderr,
                 "warning: {} is named for {} but --symbol is {}: {}'s trading rules apply\n",
                 o.data, named, o.symbol, o.symbol);
    }
  }
  // With the store on, the run's rows are written while it runs (the store's journal), in
  // one transaction that commits only once the run and its metrics are complete.
  BacktestRecord record;
  record.id = new_uuid_v7();
  std::unique_ptr<BacktestWriter> writer;
  if (!o.no_store) {
    record.strategy = o.strategy;
    record.parameters_json = params_json(params);
    // Perpetuals are stored under their instrument id's symbol (ETHUSDT-PERP): spot ETHUSDT
    // and the perpetual are different symbols of one exchange.
    record.symbol = std::string(config.instrument.id().symbol());
    record.fee_bps = fee_bps;
    record.initial_cash = cash;
    record.data_source = o.data.empty() ? std::string() : o.data;
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    record.created_at =
        Timestamp::from_ns(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count());
    record.instrument = &config.instrument;
    writer = store->begin_backtest(record);
    // Decisions are written as they are taken, each before the orders it sent.
    config.decisions = writer.get();
  }
  EquityTap tap(writer.get());
  Journal* journal = writer.get();
  if (!o.report.empty()) {
    charts_library_js();  // fails now, not after the run, when the library is missing
    if (journal != nullptr) journal = &tap;
  }
  const BarInput input = run_bars(o, config, *strategy, journal);
  const BacktestResult& result = input.result;
  const BacktestMetrics metrics = compute_metrics(result);

  if (writer) {
    record.timeframe = interval_name(input.interval_ns);
    record.data_source = input.source;
    record.result = &result;
    record.metrics = &metrics;
    record.indicators = result.indicators;
    if (o.store_indicators && result.indicators.empty()) {
      fmt::print(stderr, "note: {} declares no indicators; technical_indicators gets no rows\n",
                 o.strategy);
    }
    const SavedBacktest saved = writer->finish(record);
    std::size_t risk_rows = 0;
    if (risk) {
      std::vector<RiskRefusalRow> refusals;
      refusals.reserve(risk->refusals().size());
      for (const RiskRefusal& r : risk->refusals()) {
        refusals.push_back(
            {r.at, r.client_order_id.value(), std::string(to_string(r.code)), r.reason});
      }
      const Decimal threshold =
          result.risk_breach ? risk->limit_value(result.risk_breach->limit) : Decimal{};
      risk_rows = save_risk_events(*store, record.id, refusals, result.risk_breach, threshold);
    }
    fmt::print(
        stderr,
        "stored backtest {} in {} ({} orders, {} fills, {} equity points, {} decisions{}{})\n",
        record.id.to_string(), redact_url(o.db), saved.orders, saved.trades, saved.equity_points,
        saved.decisions,
        risk ? fmt::format(", {} risk audit/alert rows", risk_rows) : std::string(),
        o.store_indicators ? fmt::format(", {} indicator values", saved.indicator_values)
                           : std::string());
  }

  // Refused orders by rule, and a word when nothing was traded at all.
  const OrderTally& tally = result.tally;
  std::vector<std::pair<std::string, std::size_t>> refusals(tally.refusals.begin(),
                                                            tally.refusals.end());
  std::stable_sort(refusals.begin(), refusals.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (tally.orders == 0) {
    fmt::print(stderr,
               "note: {} placed no order (with --cash {} it may not afford the minimum notional "
               "of {} {})\n",
               o.strategy, o.cash, config.instrument.min_notional.to_string(),
               config.instrument.quote_currency);
  } else if (tally.fills == 0) {
    fmt::print(stderr, "warning: all {} orders were refused; the first: {}\n", tally.orders,
               tally.first_refusal);
  }

  if (!o.report.empty()) {
    write_backtest_report(o, config, result, metrics,
                          fmt::format("{} {} — {}", o.symbol, interval_name(input.interval_ns),
                                      describe(o.strategy, params)),
                          tap);
  }
  if (o.json) {
    RunDescription run;
    run.symbol = std::string(config.instrument.id().symbol());
    run.strategy_name = o.strategy;
    run.parameters_json = params_json(params);
    run.bars = result.bars;
    run.orders = result.tally.orders;
    run.refusals = std::move(refusals);
    if (!o.no_store) run.backtest_id = record.id.to_string();
    std::string json = format_json_report(metrics, &run);
    if (result.risk_breach) {
      // Before the object's closing brace: {"limit", "bar_open_time" (Unix ms), "value"}.
      const RiskBreach& b = *result.risk_breach;
      json.insert(json.size() - 1,
                  fmt::format(R"(,"risk_breach":{{"limit":"{}","bar_open_time":{},"value":{}}})",
                              b.limit, b.bar_open_time.unix_ms(), b.value.to_string()));
    }
    fmt::print("{}\n", json);
  } else {
    RunDescription run;
    run.symbol = o.symbol;
    run.interval = interval_name(input.interval_ns);
    run.strategy = describe(o.strategy, params);
    run.quote_currency = config.instrument.quote_currency;
    run.fee_bps = fee_bps;
    run.start = result.start;
    run.end = result.end;
    run.bars = result.bars;
    run.gaps = input.gaps;
    fmt::print("{}", format_text_report(run, metrics));
    if (result.risk_breach) {
      const RiskBreach& b = *result.risk_breach;
      fmt::print(
          "  RISK BREACH       {} reached {} at the bar opening {}: open orders were "
          "cancelled and no order was placed after it\n",
          b.limit, b.value.to_string(), to_iso8601(b.bar_open_time));
    }
  }
  return 0;
}

}  // namespace talon
