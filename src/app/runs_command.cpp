#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include <talon/app/runs_command.hpp>
#include <talon/core/decimal.hpp>
#include <talon/core/error.hpp>
#include <talon/core/rounding.hpp>
#include <talon/store/store.hpp>

namespace talon {

namespace {

// The columns every view of a run reads, in this order.
constexpr const char* kRunColumns =
    "b.id, b.created_at, s.name, b.parameters, b.symbol, b.timeframe, b.start_date, "
    "b.end_date, b.initial_capital, b.final_equity, b.sharpe_ratio, b.max_drawdown, "
    "b.total_trades, b.win_rate, b.backtest_session_id, b.metrics, b.fee_bps, b.data_source";

struct Run {
  std::string id, created_at, strategy, symbol, timeframe, start, end, session, data_source;
  nlohmann::json parameters, metrics;
  Decimal initial, final_equity, max_drawdown, win_rate, fee_bps;
  std::optional<Decimal> sharpe;
  std::int64_t trades = 0;

  // Total return in percent, exact, 2 places half-even.
  Decimal return_pct() const {
    if (!initial.is_positive()) return Decimal{};
    return round_to_places(div((final_equity - initial) * 100, initial, Rounding::HalfEven), 2,
                           Rounding::HalfEven);
  }
  std::string described() const {
    std::string out = strategy;
    for (const auto& [k, v] : parameters.items()) {
      out += fmt::format(" {}={}", k, v.is_string() ? v.get<std::string>() : v.dump());
    }
    return out;
  }
};

std::string opt_text(const SqlRow& r, std::size_t i) {
  return r[i] ? *r[i] : std::string();
}

Run run_of(const SqlRow& r) {
  Run run;
  run.id = row_text(r, 0);
  run.created_at = row_text(r, 1);
  run.strategy = row_text(r, 2);
  run.parameters = nlohmann::json::parse(opt_text(r, 3).empty() ? "{}" : row_text(r, 3));
  run.symbol = row_text(r, 4);
  run.timeframe = row_text(r, 5);
  run.start = row_text(r, 6).substr(0, 10);
  run.end = row_text(r, 7).substr(0, 10);
  run.initial = row_decimal(r, 8);
  run.final_equity = row_decimal(r, 9);
  if (r[10]) run.sharpe = row_decimal(r, 10);
  run.max_drawdown = row_decimal(r, 11);
  run.trades = row_int(r, 12);
  run.win_rate = row_decimal(r, 13);
  run.session = opt_text(r, 14);
  run.metrics = nlohmann::json::parse(opt_text(r, 15).empty() ? "{}" : row_text(r, 15));
  run.fee_bps = row_decimal(r, 16);
  run.data_source = opt_text(r, 17);
  return run;
}

std::string pct(Decimal fraction) {
  return round_to_places(fraction * 100, 2, Rounding::HalfEven).to_string();
}

nlohmann::json run_json(const Run& r) {
  return {{"id", r.id},
          {"created_at", r.created_at},
          {"strategy", r.strategy},
          {"parameters", r.parameters},
          {"symbol", r.symbol},
          {"timeframe", r.timeframe},
          {"start_date", r.start},
          {"end_date", r.end},
          {"session_id", r.session.empty() ? nlohmann::json() : nlohmann::json(r.session)},
          {"initial_capital", r.initial.to_string()},
          {"final_equity", r.final_equity.to_string()},
          {"return_pct", r.return_pct().to_string()},
          {"sharpe_ratio", r.sharpe ? nlohmann::json(r.sharpe->to_string()) : nlohmann::json()},
          {"max_drawdown", r.max_drawdown.to_string()},
          {"total_trades", r.trades},
          {"win_rate_pct", r.win_rate.to_string()},
          {"fee_bps", r.fee_bps.to_string()},
          {"data_source", r.data_source},
          {"metrics", r.metrics}};
}

// A metric of the run for --sort: the stored metrics, plus return_pct; nullopt when absent
// or not a number (such runs sort last).
std::optional<double> sort_value(const Run& r, const std::string& key) {
  if (key == "return_pct") return r.return_pct().to_double();
  const auto it = r.metrics.find(key);
  if (it == r.metrics.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

// Metrics where less is better (drawdowns, losses, durations under water).
bool lower_is_better(const std::string& key) {
  return key == "max_drawdown" || key == "max_drawdown_duration_hours" ||
         key == "longest_loss_streak" || key == "total_fees";
}

int list_runs(SqlConnection& c, const RunsOptions& o) {
  std::string sql = fmt::format(
      "SELECT {} FROM backtests b JOIN strategies s ON s.id = b.strategy_id WHERE "
      "b.deleted_at IS NULL",
      kRunColumns);
  std::vector<SqlValue> params;
  if (!o.strategy.empty()) {
    params.emplace_back(o.strategy);
    sql += fmt::format(" AND s.name = ${}", params.size());
  }
  if (!o.symbol.empty()) {
    params.emplace_back(o.symbol);
    sql += fmt::format(" AND b.symbol = ${}", params.size());
  }
  if (!o.session.empty()) {
    params.emplace_back(Uuid::parse(o.session));
    sql += fmt::format(" AND b.backtest_session_id = ${}", params.size());
  }
  const bool by_created = o.sort == "created";
  sql += " ORDER BY b.created_at DESC, b.id DESC";
  if (by_created && o.limit != 0) sql += fmt::format(" LIMIT {}", o.limit);
  std::vector<Run> runs;
  for (const SqlRow& row : c.query(sql, params).rows) runs.push_back(run_of(row));
  if (!by_created) {
    const bool known =
        o.sort == "return_pct" ||
        std::any_of(runs.begin(), runs.end(), [&](auto& r) { return r.metrics.contains(o.sort); });
    if (!known && !runs.empty()) {
      throw InvalidArgument(fmt::format(
          "runs list --sort {}: no stored run has that metric (try created, return_pct, "
          "sharpe_ratio, max_drawdown, total_trades, cagr, calmar_ratio, profit_factor)",
          o.sort));
    }
    const bool lower = lower_is_better(o.sort);
    std::stable_sort(runs.begin(), runs.end(), [&](const Run& a, const Run& b) {
      const auto x = sort_value(a, o.sort), y = sort_value(b, o.sort);
      if (!x || !y) return x.has_value() && !y.has_value();
      return lower ? *x < *y : *x > *y;
    });
    if (o.limit != 0 && runs.size() > o.limit) runs.resize(o.limit);
  }
  if (o.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const Run& r : runs) out.push_back(run_json(r));
    fmt::print("{}\n", out.dump(2));
    return 0;
  }
  if (runs.empty()) {
    fmt::print("no stored backtests in {}{}\n", redact_url(o.db),
               params.empty() ? "" : " match the filters");
    return 0;
  }
  fmt::print("{:<36}  {:<16}  {:<28}  {:<10} {:<4} {:<23} {:>9} {:>7} {:>8} {:>7} {:>6}\n", "id",
             "created (UTC)", "strategy", "symbol", "tf", "period", "return %", "sharpe",
             "max dd %", "trades", "win %");
  for (const Run& r : runs) {
    std::string what = r.described();
    if (what.size() > 28) what = what.substr(0, 27) + "…";
    fmt::print("{:<36}  {:<16}  {:<28}  {:<10} {:<4} {:<23} {:>9} {:>7} {:>8} {:>7} {:>6}\n",
               r.id.substr(0, 8), r.created_at.substr(0, 16), what, r.symbol, r.timeframe,
               r.start + " → " + r.end, r.return_pct().to_string(),
               r.sharpe ? round_to_places(*r.sharpe, 2, Rounding::HalfEven).to_string() : "-",
               pct(r.max_drawdown), r.trades,
               round_to_places(r.win_rate, 1, Rounding::HalfEven).to_string());
  }
  fmt::print(
      "{} run{}; `talon runs compare ID ID` shows two side by side, `talon report ID` "
      "draws one\n",
      runs.size(), runs.size() == 1 ? "" : "s");
  return 0;
}

// The text of a metric value; numbers as stored (shortest round trip).
std::string value_text(const nlohmann::json& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

// b - a for two numbers: exact when both are plain decimals, else in double.
std::string difference(const nlohmann::json& a, const nlohmann::json& b) {
  if (!a.is_number() || !b.is_number()) return "";
  const auto x = Decimal::try_parse(a.dump()), y = Decimal::try_parse(b.dump());
  if (x && y) return (*y - *x).to_string();
  return fmt::format("{:.6g}", b.get<double>() - a.get<double>());
}

int compare_runs(SqlConnection& c, const RunsOptions& o) {
  if (o.ids.size() < 2) throw InvalidArgument("runs compare: give two or more run ids");
  std::vector<Run> runs;
  for (const std::string& given : o.ids) {
    const SqlValue key[] = {Uuid::parse(resolve_run_id(c, given))};
    const SqlResult r =
        c.query(fmt::format("SELECT {} FROM backtests b JOIN strategies s ON s.id = b.strategy_id "
                            "WHERE b.id = $1",
                            kRunColumns),
                key);
    runs.push_back(run_of(r.rows.at(0)));
  }
  // Rows: what the runs are, then every scalar metric in the order of the first run that has
  // it; monthly returns last.
  std::vector<std::pair<std::string, std::vector<nlohmann::json>>> rows;
  auto add = [&](const std::string& name, auto&& get) {
    std::vector<nlohmann::json> values;
    for (const Run& r : runs) values.push_back(get(r));
    rows.emplace_back(name, std::move(values));
  };
  add("strategy", [](const Run& r) { return nlohmann::json(r.described()); });
  add("symbol", [](const Run& r) { return nlohmann::json(r.symbol + " " + r.timeframe); });
  add("period", [](const Run& r) { return nlohmann::json(r.start + " → " + r.end); });
  add("fee_bps", [](const Run& r) { return nlohmann::json(r.fee_bps.to_string()); });
  add("return_pct", [](const Run& r) { return nlohmann::json::parse(r.return_pct().to_string()); });
  std::vector<std::string> keys;
  for (const Run& r : runs) {
    for (const auto& [k, v] : r.metrics.items()) {
      if (v.is_structured()) continue;
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    }
  }
  for (const std::string& k : keys) {
    add(k, [&](const Run& r) { return r.metrics.contains(k) ? r.metrics[k] : nlohmann::json(); });
  }
  std::vector<std::string> months;
  for (const Run& r : runs) {
    if (!r.metrics.contains("monthly_returns")) continue;
    for (const auto& m : r.metrics["monthly_returns"]) {
      const std::string month = m.value("month", "");
      if (std::find(months.begin(), months.end(), month) == months.end()) months.push_back(month);
    }
  }
  std::sort(months.begin(), months.end());
  for (const std::string& month : months) {
    add("return " + month, [&](const Run& r) {
      if (r.metrics.contains("monthly_returns")) {
        for (const auto& m : r.metrics["monthly_returns"]) {
          if (m.value("month", "") == month && m["return"].is_number()) {
            return nlohmann::json(m["return"].get<double>());
          }
        }
      }
      return nlohmann::json();
    });
  }
  const bool pair = runs.size() == 2;
  if (o.json) {
    nlohmann::json out;
    out["runs"] = nlohmann::json::array();
    for (const Run& r : runs) out["runs"].push_back(run_json(r));
    if (pair) {
      nlohmann::json diff = nlohmann::json::object();
      for (const auto& [name, v] : rows) {
        const std::string d = difference(v[0], v[1]);
        if (!d.empty()) diff[name] = d;
      }
      out["difference"] = diff;  // second minus first
    }
    fmt::print("{}\n", out.dump(2));
    return 0;
  }
  std::size_t width = 6;
  for (const auto& [name, v] : rows) width = std::max(width, name.size());
  std::vector<std::size_t> col(runs.size(), 12);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    for (const auto& [name, v] : rows) col[i] = std::max(col[i], value_text(v[i]).size());
    col[i] = std::min<std::size_t>(col[i], 40);
  }
  fmt::print("{:<{}}", "", width);
  // (The last characters: a UUIDv7 begins with its time, shared by runs a minute apart.)
  for (std::size_t i = 0; i < runs.size(); ++i) {
    fmt::print("  {:<{}}", "…" + runs[i].id.substr(28), col[i]);
  }
  if (pair) fmt::print("  {}", "difference");
  fmt::print("\n");
  for (const auto& [name, v] : rows) {
    fmt::print("{:<{}}", name, width);
    for (std::size_t i = 0; i < runs.size(); ++i) {
      std::string t = value_text(v[i]);
      if (t.size() > col[i]) t = t.substr(0, col[i] - 1) + "…";
      fmt::print("  {:<{}}", t, col[i]);
    }
    if (pair) fmt::print("  {}", difference(v[0], v[1]));
    fmt::print("\n");
  }
  return 0;
}

}  // namespace

std::string resolve_run_id(SqlConnection& c, const std::string& prefix) {
  std::string p = prefix;
  std::transform(p.begin(), p.end(), p.begin(), [](unsigned char ch) { return std::tolower(ch); });
  const bool hex = std::all_of(p.begin(), p.end(), [](char ch) {
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || ch == '-';
  });
  if (p.size() < 4 || p.size() > 36 || !hex) {
    throw InvalidArgument(fmt::format(
        "run id '{}': give the id printed by 'talon backtest' or 'talon runs list', or 4 or "
        "more of its first or last characters",
        prefix));
  }
  // A prefix or a suffix: UUIDv7s begin with their time, so runs started close together
  // differ only towards the end.
  const SqlValue like[] = {p + "%", "%" + p};
  const SqlResult r = c.query(
      "SELECT CAST(id AS TEXT) FROM backtests WHERE deleted_at IS NULL AND (CAST(id AS TEXT) "
      "LIKE $1 OR CAST(id AS TEXT) LIKE $2) ORDER BY created_at LIMIT 3",
      like);
  if (r.rows.empty()) {
    throw InvalidArgument(
        fmt::format("run id '{}': no stored backtest in {} starts or ends with it", prefix,
                    redact_url(c.name())));
  }
  if (r.rows.size() > 1) {
    throw InvalidArgument(fmt::format("run id '{}' is ambiguous: {} and {}{} match it", prefix,
                                      row_text(r.rows[0], 0), row_text(r.rows[1], 0),
                                      r.rows.size() > 2 ? " (and more)" : ""));
  }
  return row_text(r.rows[0], 0);
}

CLI::App* add_runs_command(CLI::App& app, RunsOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "runs",
      "Stored backtests: list them (newest first, or best by a metric) and compare runs "
      "side by side");
  cmd->require_subcommand(1);
  CLI::App* list = cmd->add_subcommand("list", "List stored backtests, newest first");
  CLI::App* compare = cmd->add_subcommand(
      "compare", "Every metric of two or more runs side by side (with the difference for two)");
  for (CLI::App* sub : {list, compare}) {
    sub->add_option("--db", o.db, "Store: SQLite file or postgresql:// URL")->capture_default_str();
    sub->add_flag("--json", o.json, "Print JSON on stdout instead of a table");
  }
  list->add_option("--strategy", o.strategy, "Only runs of this strategy (e.g. sma_cross)");
  list->add_option("--symbol", o.symbol, "Only runs on this symbol (e.g. BTCUSDT)");
  list->add_option("--session", o.session,
                   "Only the runs of one 'talon optimize' session (its session id)");
  list->add_option("-n,--limit", o.limit, "At most this many runs (0: all)")->capture_default_str();
  list->add_option("--sort", o.sort,
                   "created (newest first), or a metric, best first: return_pct, sharpe_ratio, "
                   "cagr, calmar_ratio, profit_factor, max_drawdown (lowest first), ...")
      ->capture_default_str();
  compare
      ->add_option("ids", o.ids,
                   "Run ids, or 4+ of their first or last characters (unique among the runs)")
      ->required()
      ->expected(2, 32);
  return cmd;
}

int run_runs_command(const CLI::App& cmd, const RunsOptions& o) {
  const std::unique_ptr<Store> store = open_store(o.db);
  SqlConnection& c = store->connection();
  if (cmd.got_subcommand("list")) return list_runs(c, o);
  return compare_runs(c, o);
}

}  // namespace talon
