#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include <talon/analytics/html_report.hpp>
#include <talon/app/chart_library.hpp>
#include <talon/app/report_command.hpp>
#include <talon/core/error.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/store/store.hpp>

namespace talon {

CLI::App* add_report_command(CLI::App& app, ReportOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "report",
      "Write the self-contained HTML report of a stored backtest: candles with entries and "
      "exits, equity, drawdown, monthly returns and the sortable trade list; it opens offline.");
  cmd->add_option("run_id", o.run_id, "The backtest's id (printed by 'talon backtest')")
      ->required();
  cmd->add_option("--db", o.db, "Store holding the run: SQLite file or postgresql:// URL")
      ->capture_default_str();
  cmd->add_option("-o,--out", o.out, "HTML file to write (default report-<run id>.html)");
  cmd->add_option("--data", o.data,
                  "Kline file for the candles (default: the run's own data file, else the "
                  "store's bars)");
  return cmd;
}

int run_report_command(const ReportOptions& o) {
  charts_library_js();  // a clear message before any work when the library is missing
  const Uuid id = Uuid::parse(o.run_id);
  const std::unique_ptr<Store> store = open_store(o.db);
  SqlConnection& c = store->connection();
  const SqlValue key[] = {id};
  const SqlResult run = c.query(
      "SELECT b.symbol, b.timeframe, b.start_date, b.end_date, b.data_source, b.parameters, "
      "b.metrics, b.results, s.name FROM backtests b JOIN strategies s ON s.id = b.strategy_id "
      "WHERE b.id = $1",
      key);
  if (run.rows.empty()) {
    throw InvalidArgument(fmt::format("report: no backtest {} in {}", o.run_id, redact_url(o.db)));
  }
  const SqlRow& r = run.rows[0];
  const std::string symbol = row_text(r, 0);
  const std::string timeframe = row_text(r, 1);
  const Timestamp start = parse_iso8601(row_text(r, 2).substr(0, 10));
  const Timestamp end =
      Timestamp::from_ns(parse_iso8601(row_text(r, 3).substr(0, 10)).ns + kNanosPerDay);
  const std::string source = r.size() > 4 && r[4].has_value() ? row_text(r, 4) : std::string();
  const nlohmann::json params = nlohmann::json::parse(row_text(r, 5));
  HtmlReportInput in;
  std::string described = row_text(r, 8);
  for (const auto& [k, v] : params.items()) {
    described += " " + k + "=" + (v.is_string() ? v.get<std::string>() : v.dump());
  }
  in.title = fmt::format("{} {} — {} (run {})", symbol, timeframe, described, o.run_id);
  nlohmann::json metrics = nlohmann::json::parse(row_text(r, 6));
  in.trades_json = row_text(r, 7);

  // Equity: the stored samples; a search's runs keep only day ends in their metrics.
  {
    const SqlResult eq =
        c.query("SELECT time, equity FROM equity_curve WHERE backtest_id = $1 ORDER BY time", key);
    for (const SqlRow& row : eq.rows) {
      in.equity.push_back({row_time(row, 0).ns / kNanosPerSecond, row_decimal(row, 1).to_double()});
    }
    if (in.equity.empty() && metrics.contains("equity_curve")) {
      for (const auto& p : metrics["equity_curve"]) {
        in.equity.push_back({parse_iso8601(p["time"].get<std::string>()).ns / kNanosPerSecond,
                             p["equity"].get<double>()});
      }
    }
  }
  metrics.erase("equity_hourly");
  in.metrics_json = metrics.dump();

  // Bars: --data, the run's file, or the store.
  std::vector<Bar> bars;
  const std::string file = !o.data.empty() ? o.data : source;
  std::error_code ec;
  if (!file.empty() && std::filesystem::is_regular_file(file, ec)) {
    bars = read_klines(file).bars;
    std::erase_if(bars, [&](const Bar& b) { return b.open_time < start || b.open_time >= end; });
  } else {
    bars = store->read_klines("BINANCE", symbol, timeframe, start, end);
  }
  if (bars.empty()) {
    fmt::print(stderr,
               "warning: no bars for {} {} (data file '{}' not found, none in the store): "
               "the report has no price chart; pass --data FILE\n",
               symbol, timeframe, file);
  }
  in.candles = chart_candles(bars);
  const std::string out = o.out.empty() ? fmt::format("report-{}.html", o.run_id) : o.out;
  write_html_report(out, in);
  fmt::print(stderr, "wrote HTML report {}\n", out);
  return 0;
}

}  // namespace talon
