#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <climits>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include <talon/analytics/html_report.hpp>
#include <talon/analytics/metrics.hpp>
#include <talon/analytics/overfitting.hpp>
#include <talon/analytics/report.hpp>
#include <talon/app/backtest_command.hpp>
#include <talon/app/chart_library.hpp>
#include <talon/app/optimize_command.hpp>
#include <talon/app/param_grid.hpp>
#include <talon/app/progress.hpp>
#include <talon/core/error.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/engine/backtest.hpp>
#include <talon/store/store.hpp>
#include <talon/strategy/plugin.hpp>
#include <talon/strategy/registry.hpp>

namespace talon {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_sigint(int) {
  g_interrupted.store(true);
}

// Ctrl-C asks the search to stop: runs in progress finish, finished runs are stored.
class InterruptGuard {
 public:
  InterruptGuard() {
    g_interrupted.store(false);
    struct sigaction sa {};
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_);
  }
  ~InterruptGuard() { sigaction(SIGINT, &old_, nullptr); }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  struct sigaction old_ {};
};

Decimal option_decimal(const std::string& text, std::string_view option) {
  const auto d = Decimal::try_parse(text);
  if (!d) {
    throw InvalidArgument(fmt::format(
        "{}: '{}' is not a decimal number with at most 8 fractional digits", option, text));
  }
  return *d;
}

std::string params_json(const std::map<std::string, std::string>& p) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : p) j[k] = v;
  return j.dump();
}

constexpr std::int64_t kReturnSpacingNs = kNanosPerHour;

std::vector<double> returns_of(const nlohmann::json& equity) {
  std::vector<double> r;
  if (!equity.is_array() || equity.size() < 2) return r;
  r.reserve(equity.size() - 1);
  double prev = equity[0].get<double>();
  for (std::size_t i = 1; i < equity.size(); ++i) {
    const double e = equity[i].get<double>();
    r.push_back(prev == 0 ? 0 : e / prev - 1);
    prev = e;
  }
  return r;
}

// A run's stored metrics: the JSON report without the bulky arrays, plus the hourly equity
// the overfitting statistics need (so that a resumed session can compute them again).
nlohmann::json run_metrics(const BacktestMetrics& m, const BacktestResult& r) {
  nlohmann::json j = nlohmann::json::parse(format_json_report(m));
  nlohmann::json eq = nlohmann::json::array();
  for (const EquityPoint& p : r.equity_curve) eq.push_back(p.equity.to_double());
  j["equity_hourly"] = std::move(eq);
  return j;
}

// The run as the user sees it in `runs`: parameters and metrics, hourly equity left out.
nlohmann::json run_json(const OptimizeRun& run, const std::string& objective) {
  nlohmann::json j;
  if (!run.backtest_id.empty()) {
    j["backtest_id"] = run.backtest_id;
  } else {
    j["backtest_id"] = nullptr;
  }
  j["parameters"] = run.parameters;
  const std::optional<double> v = objective_value(run, objective);
  j["objective"] = v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  nlohmann::json m = run.metrics;
  m.erase("equity_hourly");
  m.erase("equity_curve");
  j["metrics"] = std::move(m);
  if (run.resumed) j["resumed"] = true;
  return j;
}

struct Shared {
  const OptimizeOptions* o = nullptr;
  const BacktestConfig* config = nullptr;
  std::span<const Bar> bars;
  const std::vector<GridAxis>* axes = nullptr;
  const std::vector<std::uint64_t>* todo = nullptr;
  const std::set<std::string>* stored = nullptr;  // parameters_json already in the session
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::atomic<std::size_t> skipped{0};
  std::atomic<std::size_t> already{0};
  std::mutex mu;
  std::vector<OptimizeRun> finished;         // guarded by mu; taken by the main thread
  std::vector<BacktestResult> results;       // guarded by mu: what the store writes
  std::vector<BacktestMetrics> run_metrics;  // guarded by mu
  std::string error;                         // first worker error, guarded by mu
};

void worker(Shared& s) {
  while (!g_interrupted.load()) {
    const std::size_t i = s.next.fetch_add(1);
    if (i >= s.todo->size()) return;
    try {
      const std::vector<std::string> point = grid_point(*s.axes, (*s.todo)[i]);
      StrategyParams params;
      for (const std::string& p : s.o->run.params) params.set_from_text(p);
      for (std::size_t a = 0; a < point.size(); ++a) params.set((*s.axes)[a].name, point[a]);
      std::unique_ptr<Strategy> strategy;
      try {
        strategy = make_strategy(s.o->run.strategy, params);
      } catch (const InvalidArgument&) {
        ++s.skipped;  // the strategy refuses the combination (e.g. fast >= slow)
        ++s.done;
        continue;
      }
      OptimizeRun run;
      run.parameters = params.effective();
      run.parameters_json = params_json(run.parameters);
      if (s.stored->count(run.parameters_json) != 0) {
        ++s.already;
        ++s.done;
        continue;
      }
      BacktestResult result = run_backtest(*s.config, s.bars, *strategy);
      BacktestMetrics metrics = compute_metrics(result);
      run.metrics = run_metrics(metrics, result);
      run.returns = returns_of(run.metrics["equity_hourly"]);
      // The store keeps figures, not the run's rows: drop what would only cost memory.
      result.orders = {};
      result.fills = {};
      result.order_events = {};
      result.round_trips = {};
      result.equity_curve = {};
      result.positions = {};
      metrics.daily_equity = {};
      {
        std::lock_guard lock(s.mu);
        s.finished.push_back(std::move(run));
        s.results.push_back(std::move(result));
        s.run_metrics.push_back(std::move(metrics));
      }
      ++s.done;
    } catch (const std::exception& e) {
      std::lock_guard lock(s.mu);
      if (s.error.empty()) s.error = e.what();
      g_interrupted.store(true);
      return;
    }
  }
}

void print_table(const std::vector<OptimizeRun>& runs, const std::vector<std::size_t>& order,
                 const OptimizeOptions& o) {
  fmt::print("{:>4}  {:<32} {:>12} {:>8} {:>10} {:>10} {:>9}\n", "rank", "parameters", o.objective,
             "trades", "return %", "max dd %", "sharpe");
  const std::size_t n = std::min(order.size(), o.top);
  for (std::size_t k = 0; k < n; ++k) {
    const OptimizeRun& r = runs[order[k]];
    std::string p;
    for (const auto& [name, v] : r.parameters) {
      if (!p.empty()) p += ' ';
      p += name + "=" + v;
    }
    const auto v = objective_value(r, o.objective);
    const double init = std::stod(r.metrics.value("initial_capital", nlohmann::json(1)).dump());
    const double fin = std::stod(r.metrics.value("final_equity", nlohmann::json(1)).dump());
    const auto& sh = r.metrics["sharpe_ratio"];
    fmt::print("{:>4}  {:<32} {:>12} {:>8} {:>10.2f} {:>10.2f} {:>9}\n", k + 1, p,
               v ? fmt::format("{:.4f}", *v) : std::string("n/a"),
               r.metrics.value("total_trades", 0), (fin / init - 1) * 100,
               std::stod(r.metrics["max_drawdown"].dump()) * 100,
               sh.is_number() ? fmt::format("{:.4f}", sh.get<double>()) : std::string("n/a"));
  }
}

// The objective over the first two axes with more than one value (the best value over any
// other axes), as html_report.hpp's heat map object; null without two such axes.
nlohmann::json heatmap(const std::vector<OptimizeRun>& runs, const std::vector<GridAxis>& axes,
                       const std::string& objective) {
  std::vector<const GridAxis*> two;
  for (const GridAxis& a : axes) {
    if (a.values.size() > 1 && two.size() < 2) two.push_back(&a);
  }
  if (two.size() < 2) return nullptr;
  const GridAxis& x = *two[0];
  const GridAxis& y = *two[1];
  const bool asc = objective_lower_is_better(objective);
  std::vector<std::vector<std::optional<double>>> cells(
      y.values.size(), std::vector<std::optional<double>>(x.values.size()));
  auto at = [](const GridAxis& a, const std::string& v) -> std::optional<std::size_t> {
    const auto it = std::find(a.values.begin(), a.values.end(), v);
    if (it == a.values.end()) return std::nullopt;
    return static_cast<std::size_t>(it - a.values.begin());
  };
  for (const OptimizeRun& r : runs) {
    const auto xv = r.parameters.find(x.name);
    const auto yv = r.parameters.find(y.name);
    if (xv == r.parameters.end() || yv == r.parameters.end()) continue;
    const auto xi = at(x, xv->second);
    const auto yi = at(y, yv->second);
    const auto v = objective_value(r, objective);
    if (!xi || !yi || !v) continue;
    std::optional<double>& c = cells[*yi][*xi];
    if (!c || (asc ? *v < *c : *v > *c)) c = *v;
  }
  nlohmann::json values = nlohmann::json::array();
  for (const auto& row : cells) {
    nlohmann::json jr = nlohmann::json::array();
    for (const auto& c : row) jr.push_back(c ? nlohmann::json(*c) : nlohmann::json(nullptr));
    values.push_back(std::move(jr));
  }
  return {{"x", x.name},    {"y", y.name},    {"objective", objective},
          {"xs", x.values}, {"ys", y.values}, {"values", std::move(values)}};
}

// The search's HTML report: the heat map, and the best run (run again, cheaply, to keep its
// trades and equity samples) charted.
void write_search_report(const OptimizeOptions& o, const BacktestConfig& config,
                         std::span<const Bar> bars, const std::vector<GridAxis>& axes,
                         const std::vector<OptimizeRun>& runs, const OptimizeRun& best,
                         const std::string& session) {
  StrategyParams params(best.parameters);
  std::unique_ptr<Strategy> strategy = make_strategy(o.run.strategy, params);
  const BacktestResult result = run_backtest(config, bars, *strategy);
  const BacktestMetrics metrics = compute_metrics(result);
  HtmlReportInput in;
  std::string described;
  for (const auto& [k, v] : best.parameters) described += " " + k + "=" + v;
  in.title =
      fmt::format("{} search {} — best by {}:{}", o.run.strategy, session, o.objective, described);
  in.metrics_json = format_json_report(metrics);
  in.trades_json = format_round_trips_json(result.round_trips);
  in.candles = chart_candles(bars);
  for (const EquityPoint& p : result.equity_curve) {
    in.equity.push_back({p.at.ns / kNanosPerSecond, p.equity.to_double()});
  }
  const nlohmann::json h = heatmap(runs, axes, o.objective);
  if (!h.is_null()) in.heatmap_json = h.dump();
  write_html_report(o.run.report, in);
  fmt::print(stderr, "wrote HTML report {}\n", o.run.report);
}

// Runs `todo` over `bars` on `threads` threads without the store; returns the finished runs
// (empty when interrupted before any finished). Throws the first run's error.
std::vector<OptimizeRun> run_grid_in_memory(const OptimizeOptions& o, const BacktestConfig& config,
                                            std::span<const Bar> bars,
                                            const std::vector<GridAxis>& axes,
                                            const std::vector<std::uint64_t>& todo,
                                            unsigned threads) {
  const std::set<std::string> none;
  Shared s;
  s.o = &o;
  s.config = &config;
  s.bars = bars;
  s.axes = &axes;
  s.todo = &todo;
  s.stored = &none;
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker, std::ref(s));
  for (std::thread& t : pool) t.join();
  if (!s.error.empty()) throw Error("optimize: a run failed: " + s.error);
  return std::move(s.finished);
}

// Walk-forward: rolling in-sample searches, each best run traded on the next out-of-sample
// window starting from the equity the previous window ended with.
int run_walk_forward(const OptimizeOptions& o, const BacktestConfig& base,
                     std::span<const Bar> bars, const std::vector<GridAxis>& axes,
                     const std::vector<std::uint64_t>& todo, unsigned threads) {
  const WalkForwardSpec spec = parse_walk_forward(o.walk_forward);
  BacktestConfig config = base;
  auto first_at = [&](Timestamp t) {
    return std::lower_bound(bars.begin(), bars.end(), t,
                            [](const Bar& b, Timestamp x) { return b.open_time < x; }) -
           bars.begin();
  };
  BacktestResult stitched;
  stitched.initial_cash = base.initial_cash;
  Decimal equity = base.initial_cash;
  std::vector<EquityPoint> curve;
  nlohmann::json windows = nlohmann::json::array();
  ProgressBar bar("walk-fwd");
  const std::int64_t span = bars.back().open_time.ns - bars.front().open_time.ns;
  for (Timestamp t0 = bars.front().open_time; !g_interrupted.load();
       t0 = Timestamp::from_ns(t0.ns + spec.test_ns)) {
    const Timestamp train_end = Timestamp::from_ns(t0.ns + spec.train_ns);
    const Timestamp test_end = Timestamp::from_ns(train_end.ns + spec.test_ns);
    const auto a = first_at(t0), m = first_at(train_end), z = first_at(test_end);
    if (m >= static_cast<std::ptrdiff_t>(bars.size()) || z == m) break;
    const std::span<const Bar> train = bars.subspan(a, m - a);
    const std::span<const Bar> test = bars.subspan(m, z - m);
    const std::vector<OptimizeRun> runs = run_grid_in_memory(o, config, train, axes, todo, threads);
    if (g_interrupted.load()) break;
    nlohmann::json w = {{"train_start", to_iso8601(train.front().open_time)},
                        {"test_start", to_iso8601(test.front().open_time)},
                        {"test_end", to_iso8601(test.back().close_time)},
                        {"in_sample_runs", runs.size()}};
    const std::vector<std::size_t> order =
        runs.empty() ? std::vector<std::size_t>{} : rank_runs(runs, o.objective, o.min_trades);
    const bool ok = !order.empty() && objective_value(runs[order[0]], o.objective) &&
                    runs[order[0]].metrics.value("total_trades", std::int64_t{0}) >= o.min_trades;
    if (!ok) {
      w["best"] = nullptr;  // nothing qualifies: stay flat through the test window
      w["out_of_sample"] = nullptr;
      windows.push_back(std::move(w));
      bar.update(static_cast<std::size_t>(test.back().open_time.ns - bars.front().open_time.ns),
                 static_cast<std::size_t>(span));
      continue;
    }
    const OptimizeRun& best = runs[order[0]];
    w["best"] = best.parameters;
    w["in_sample_objective"] = *objective_value(best, o.objective);
    config.initial_cash = equity;
    std::unique_ptr<Strategy> strategy =
        make_strategy(o.run.strategy, StrategyParams(best.parameters));
    const BacktestResult r = run_backtest(config, test, *strategy);
    const BacktestMetrics m_oos = compute_metrics(r);
    nlohmann::json oos = nlohmann::json::parse(format_json_report(m_oos));
    oos.erase("equity_curve");
    w["out_of_sample"] = std::move(oos);
    windows.push_back(std::move(w));
    // Stitch: the open position (if any) is carried as equity marked at the window's last close.
    equity = r.final_equity;
    stitched.round_trips.insert(stitched.round_trips.end(), r.round_trips.begin(),
                                r.round_trips.end());
    for (const DailyEquity& d : r.daily_equity) {
      if (!stitched.daily_equity.empty() && stitched.daily_equity.back().day == d.day) {
        stitched.daily_equity.back() = d;
      } else {
        stitched.daily_equity.push_back(d);
      }
    }
    curve.insert(curve.end(), r.equity_curve.begin(), r.equity_curve.end());
    stitched.total_fees += r.total_fees;
    if (stitched.start.ns == 0) stitched.start = r.start;
    stitched.end = r.end;
    stitched.bars += r.bars;
    bar.update(static_cast<std::size_t>(test.back().open_time.ns - bars.front().open_time.ns),
               static_cast<std::size_t>(span));
  }
  bar.finish();
  const bool interrupted = g_interrupted.load();
  stitched.final_equity = equity;
  // Drawdown of the stitched out-of-sample curve, from its hourly samples.
  Decimal peak;
  Timestamp peak_at;
  for (const EquityPoint& p : curve) {
    if (p.equity >= peak) {
      if (peak.is_positive()) {
        stitched.longest_drawdown_ns = std::max(stitched.longest_drawdown_ns, p.at.ns - peak_at.ns);
      }
      peak = p.equity;
      peak_at = p.at;
    } else if (peak.is_positive()) {
      const Decimal dd = div(peak - p.equity, peak, Rounding::HalfEven);
      if (dd > stitched.max_drawdown) stitched.max_drawdown = dd;
    }
  }
  if (!curve.empty() && curve.back().equity < peak) {
    stitched.longest_drawdown_ns =
        std::max(stitched.longest_drawdown_ns, curve.back().at.ns - peak_at.ns);
  }
  nlohmann::json out;
  out["strategy"] = o.run.strategy;
  out["objective"] = o.objective;
  out["walk_forward"] = {{"train_ns", spec.train_ns}, {"test_ns", spec.test_ns}};
  out["windows"] = windows;
  out["interrupted"] = interrupted;
  if (stitched.round_trips.empty() && curve.empty()) {
    out["out_of_sample"] = nullptr;
  } else {
    nlohmann::json st = nlohmann::json::parse(format_json_report(compute_metrics(stitched)));
    out["out_of_sample"] = std::move(st);
  }
  if (o.run.json) {
    fmt::print("{}\n", out.dump());
  } else {
    fmt::print("{:<22} {:<22} {:<36} {:>12} {:>10}\n", "train from", "test from",
               "best (in sample)", o.objective, "OOS ret %");
    for (const auto& w : windows) {
      std::string p = "none qualifies";
      if (w["best"].is_object()) {
        p.clear();
        for (const auto& [k, v] : w["best"].items())
          p += (p.empty() ? "" : " ") + k + "=" + v.get<std::string>();
      }
      double ret = 0;
      if (w["out_of_sample"].is_object()) {
        const auto& m = w["out_of_sample"];
        ret = (m["final_equity"].get<double>() / m["initial_capital"].get<double>() - 1) * 100;
      }
      fmt::print("{:<22} {:<22} {:<36} {:>12} {:>10.2f}\n", w["train_start"].get<std::string>(),
                 w["test_start"].get<std::string>(), p,
                 w.contains("in_sample_objective")
                     ? fmt::format("{:.4f}", w["in_sample_objective"].get<double>())
                     : std::string("n/a"),
                 ret);
    }
    if (out["out_of_sample"].is_object()) {
      const auto& st = out["out_of_sample"];
      fmt::print(
          "\nstitched out-of-sample: {} → {} ({} trades, sharpe {}, max drawdown {:.2f} %)\n",
          st["initial_capital"].dump(), st["final_equity"].dump(), st["total_trades"].dump(),
          st["sharpe_ratio"].dump(), st["max_drawdown"].get<double>() * 100);
    }
  }
  return interrupted ? 130 : 0;
}

}  // namespace

WalkForwardSpec parse_walk_forward(const std::string& text) {
  WalkForwardSpec spec;
  auto bad = [&]() {
    return InvalidArgument(fmt::format(
        "--walk-forward {}: expected train=DURATION,test=DURATION (e.g. train=30d,test=7d; "
        "units m, h, d, w)",
        text));
  };
  std::size_t from = 0;
  while (from < text.size()) {
    std::size_t comma = text.find(',', from);
    if (comma == std::string::npos) comma = text.size();
    const std::string part = text.substr(from, comma - from);
    const std::size_t eq = part.find('=');
    if (eq == std::string::npos || eq + 2 > part.size()) throw bad();
    const std::string key = part.substr(0, eq);
    const std::string num = part.substr(eq + 1, part.size() - eq - 2);
    const char unit = part.back();
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), n);
    if (ec != std::errc() || end != num.data() + num.size() || n <= 0) throw bad();
    const std::int64_t scale = unit == 'm'   ? kNanosPerMinute
                               : unit == 'h' ? kNanosPerHour
                               : unit == 'd' ? kNanosPerDay
                               : unit == 'w' ? 7 * kNanosPerDay
                                             : 0;
    if (scale == 0 || n > INT64_MAX / scale / 4) throw bad();
    if (key == "train") {
      spec.train_ns = n * scale;
    } else if (key == "test") {
      spec.test_ns = n * scale;
    } else {
      throw bad();
    }
    from = comma + 1;
  }
  if (spec.train_ns == 0 || spec.test_ns == 0) throw bad();
  return spec;
}

bool objective_lower_is_better(const std::string& objective) {
  return objective == "max_drawdown" || objective == "max_drawdown_duration_hours" ||
         objective == "longest_loss_streak" || objective == "losing_trades";
}

std::optional<double> objective_value(const OptimizeRun& run, const std::string& objective) {
  const auto it = run.metrics.find(objective);
  if (it == run.metrics.end()) {
    std::string known;
    for (const auto& [k, v] : run.metrics.items()) {
      if (v.is_number() || v.is_null()) known += (known.empty() ? "" : ", ") + k;
    }
    throw InvalidArgument(
        fmt::format("--objective {}: no such metric (known: {})", objective, known));
  }
  if (!it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::vector<std::size_t> rank_runs(const std::vector<OptimizeRun>& runs,
                                   const std::string& objective, std::int64_t min_trades) {
  std::vector<std::size_t> ranked, rest;
  std::vector<double> value(runs.size());
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const auto v = objective_value(runs[i], objective);
    const std::int64_t trades = runs[i].metrics.value("total_trades", std::int64_t{0});
    if (v && trades >= min_trades) {
      value[i] = *v;
      ranked.push_back(i);
    } else {
      rest.push_back(i);
    }
  }
  const bool asc = objective_lower_is_better(objective);
  std::stable_sort(ranked.begin(), ranked.end(), [&](std::size_t a, std::size_t b) {
    return asc ? value[a] < value[b] : value[a] > value[b];
  });
  ranked.insert(ranked.end(), rest.begin(), rest.end());
  return ranked;
}

nlohmann::json deflated_sharpe_json(const std::vector<OptimizeRun>& runs, std::size_t best) {
  if (runs.size() < 2 || best >= runs.size()) return nullptr;
  std::vector<double> sharpes;
  for (const OptimizeRun& r : runs) {
    if (const auto s = per_period_sharpe(r.returns)) sharpes.push_back(*s);
  }
  const auto sr = per_period_sharpe(runs[best].returns);
  if (!sr || sharpes.size() < 2) return nullptr;
  double mean = 0;
  for (double s : sharpes) mean += s;
  mean /= static_cast<double>(sharpes.size());
  double var = 0;
  for (double s : sharpes) var += (s - mean) * (s - mean);
  var /= static_cast<double>(sharpes.size() - 1);
  const Moments m = sample_moments(runs[best].returns);
  const std::size_t trials = runs.size();
  const std::size_t t = runs[best].returns.size();
  const auto dsr = deflated_sharpe_ratio(*sr, var, trials, t, m);
  if (!dsr) return nullptr;
  return {{"value", *dsr},
          {"sharpe", *sr},
          {"expected_max_sharpe", expected_max_sharpe(var, trials)},
          {"sharpe_variance", var},
          {"trials", trials},
          {"observations", t},
          {"skewness", m.skewness},
          {"kurtosis", m.kurtosis},
          {"returns", "hourly"}};
}

nlohmann::json pbo_json(const std::vector<OptimizeRun>& runs, std::size_t partitions) {
  if (runs.size() < 2) return nullptr;
  std::vector<std::vector<double>> m;
  m.reserve(runs.size());
  for (const OptimizeRun& r : runs) {
    if (r.returns.size() != runs[0].returns.size()) return nullptr;
    m.push_back(r.returns);
  }
  // Fewer rows than the partitions need: as many even partitions as fit.
  std::size_t s = std::min(partitions, m[0].size() / 2);
  s -= s % 2;
  if (s < 2) return nullptr;
  const PboResult p = probability_of_backtest_overfitting(m, s);
  return {{"value", p.pbo}, {"partitions", p.partitions}, {"combinations", p.combinations}};
}

CLI::App* add_optimize_command(CLI::App& app, OptimizeOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "optimize",
      "Run one strategy over one kline file with many parameter sets on every core; rank them "
      "by an objective, store each run (one backtest_session_id) and report the deflated "
      "Sharpe ratio and the probability of backtest overfitting.");
  BacktestOptions& b = o.run;
  add_data_option(*cmd, b);
  cmd->add_option("--start", b.start, "First bar to trade: open time, ISO-8601 UTC");
  cmd->add_option("--end", b.end, "Stop before the bar opening at this ISO-8601 UTC time");
  cmd->add_option("--symbol", b.symbol, "Instrument whose trading rules apply")
      ->capture_default_str();
  cmd->add_option("--strategy", b.strategy, "Strategy to search ('talon strategies')")
      ->capture_default_str();
  cmd->add_option("--plugin", b.plugins, "Strategy plugin to load first; repeatable");
  cmd->add_option("--param", b.params, "Fixed strategy parameter name=value, repeatable");
  cmd->add_option("--grid", o.grid,
                  "Searched parameter: name=start:end:step (both ends included), "
                  "name=start:end (step 1) or name=v1,v2,...; repeatable")
      ->required();
  cmd->add_option("--random", o.random,
                  "Run N points drawn at random (without replacement) from the grid instead of "
                  "all of it");
  cmd->add_option("--seed", o.seed, "Seed of --random")->capture_default_str();
  cmd->add_option("--objective", o.objective,
                  "Metric to maximise (minimised for max_drawdown, max_drawdown_duration_hours, "
                  "longest_loss_streak, losing_trades): any numeric key of 'talon backtest "
                  "--json'")
      ->capture_default_str();
  cmd->add_option("--min-trades", o.min_trades,
                  "Runs with fewer round trips are stored but never ranked best")
      ->capture_default_str();
  cmd->add_option("--threads", o.threads, "Worker threads; 0 = every core")->capture_default_str();
  cmd->add_option("--session", o.session,
                  "Resume this session (its id, printed at the start): combinations already "
                  "stored are not run again");
  cmd->add_option("--pbo-partitions", o.pbo_partitions,
                  "Even number of groups S for the probability of backtest overfitting (CSCV)")
      ->capture_default_str();
  cmd->add_option("--walk-forward", o.walk_forward,
                  "Walk-forward analysis, e.g. train=30d,test=7d (units m, h, d, w): search "
                  "each training window, trade its best run over the next test window, roll "
                  "by the test length; prints each window and the stitched out-of-sample "
                  "metrics (runs not stored)");
  cmd->add_option("--top", o.top, "Rows of the results table")->capture_default_str();
  cmd->add_option("--report", b.report,
                  "Also write a self-contained HTML report: a heat map of the objective over "
                  "the first two searched parameters, and the best run's charts and trades");
  cmd->add_option("--cash", b.cash, "Initial capital in the quote currency")->capture_default_str();
  cmd->add_option("--fee-bps", b.fee_bps, "Taker fee in basis points of notional")
      ->capture_default_str();
  cmd->add_option("--db", b.db, "Store receiving the runs: SQLite file or postgresql:// URL")
      ->capture_default_str();
  cmd->add_flag("--no-store", b.no_store, "Do not write the runs to the database");
  cmd->add_flag("--json", b.json,
                "Print one JSON object (session_id, runs sorted by the objective, best, "
                "deflated_sharpe_ratio, pbo) instead of the table");
  cmd->add_option("--config", b.config,
                  "TOML file with the keys of 'talon backtest --config' (data, symbol, "
                  "strategy, cash, fee_bps, db, [params]); command-line options override it");
  // Keys a backtest config may hold; optimize refuses them with a message below.
  for (const char* name :
       {"--from-db", "--exchange", "--decisions", "--store-indicators", "--equity-interval",
        "--market", "--leverage", "--margin-mode", "--position-mode", "--funding", "--mark",
        "--exchange-info", "--brackets", "--trades", "--depth-snapshot", "--depth-updates",
        "--bar-interval"}) {
    cmd->add_option(name, o.unsupported, "")->group("");
  }
  cmd->footer(
      "Example:\n  talon optimize --data data/binance_spot_BTCUSDT_1m_2025-06.csv.gz --strategy "
      "sma_cross --grid fast=5:50:5 --grid slow=20:200:10 --min-trades 30\n"
      "  talon optimize --config run.toml --grid fast=5:50 --grid slow=20:200 --random 200 "
      "--seed 7 --json > search.json");
  return cmd;
}

int run_optimize_command(const CLI::App& command, OptimizeOptions& o) {
  const InterruptGuard guard;
  BacktestOptions& b = o.run;
  apply_backtest_config(command, b);
  for (const std::string& plugin : b.plugins) load_strategy_plugin(plugin);
  if (!o.unsupported.empty() || uses_run_spec(b) || b.market != "spot" || !b.from_db.empty()) {
    throw InvalidArgument(
        "optimize: searches one spot instrument's kline file (--data FILE); multi-instrument, "
        "tick, book, --from-db and usdm runs are not supported yet");
  }
  if (b.data.empty()) throw InvalidArgument("optimize: give --data FILE (or data in --config)");
  const StrategyInfo* info = find_strategy(b.strategy);
  if (info == nullptr) make_strategy(b.strategy, {});  // throws, naming the known strategies
  std::vector<GridAxis> axes;
  for (const std::string& g : o.grid) {
    axes.push_back(parse_grid_axis(g));
    const bool declared =
        std::any_of(info->params.begin(), info->params.end(),
                    [&](const ParamSpec& p) { return p.name == axes.back().name; });
    if (!declared) {
      std::string known;
      for (const ParamSpec& p : info->params) known += (known.empty() ? "" : ", ") + p.name;
      throw InvalidArgument(fmt::format("--grid {}: {} has no parameter '{}' (known: {})", g,
                                        b.strategy, axes.back().name, known));
    }
  }
  const std::vector<std::uint64_t> todo = grid_indices(axes, o.random, o.seed);
  const Decimal cash = option_decimal(b.cash, "--cash");
  const Decimal fee_bps = option_decimal(b.fee_bps, "--fee-bps");
  if (!cash.is_positive()) throw InvalidArgument("--cash: must be positive, got " + b.cash);
  if (fee_bps.is_negative() || fee_bps > Decimal::from_int(10'000)) {
    throw InvalidArgument("--fee-bps: must be between 0 and 10000, got " + b.fee_bps);
  }
  if (!b.report.empty()) charts_library_js();  // fails before the search when missing
  if (o.pbo_partitions < 2 || o.pbo_partitions % 2 != 0) {
    throw InvalidArgument("--pbo-partitions: must be an even number ≥ 2");
  }

  BacktestConfig config;
  config.instrument = spot_rules(b.symbol);
  config.initial_cash = cash;
  config.venue.taker_fee_bps = fee_bps;
  config.equity_sample_ns = kReturnSpacingNs;

  // One read-only copy of the bars, shared by every thread.
  KlineSeries series = read_klines(b.data);
  {
    const Timestamp from = b.start.empty() ? Timestamp::from_ns(INT64_MIN) : parse_iso8601(b.start);
    const Timestamp to = b.end.empty() ? Timestamp::from_ns(INT64_MAX) : parse_iso8601(b.end);
    std::erase_if(series.bars,
                  [&](const Bar& bar) { return bar.open_time < from || bar.open_time >= to; });
    for (Bar& bar : series.bars) bar.instrument = config.instrument.id();
  }
  if (series.bars.empty()) throw DataError(b.data + ": no bars between --start and --end");

  // The session: a new one, or the stored runs of --session.
  Uuid session = o.session.empty() ? new_uuid_v7() : Uuid::parse(o.session);
  std::unique_ptr<Store> store;
  std::vector<OptimizeRun> runs;
  std::set<std::string> stored;
  if (!b.no_store && o.walk_forward.empty()) {
    store = open_store(b.db);
    for (auto& [params, metrics] : store->read_session_runs(session)) {
      OptimizeRun r;
      r.parameters_json =
          params_json(nlohmann::json::parse(params).get<std::map<std::string, std::string>>());
      r.parameters = nlohmann::json::parse(params).get<std::map<std::string, std::string>>();
      r.metrics = nlohmann::json::parse(metrics);
      r.returns = returns_of(r.metrics.value("equity_hourly", nlohmann::json::array()));
      r.resumed = true;
      if (stored.insert(r.parameters_json).second) runs.push_back(std::move(r));
    }
  } else if (!o.session.empty() && o.walk_forward.empty()) {
    throw InvalidArgument("--session resumes a stored session: drop --no-store");
  }
  const unsigned threads =
      o.threads != 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  if (!o.walk_forward.empty()) {
    if (!o.session.empty() || !b.report.empty()) {
      throw InvalidArgument("--walk-forward: --session and --report are not supported with it");
    }
    fmt::print(stderr, "walk-forward {}: {} {} combinations per window over {} bars, {} threads\n",
               o.walk_forward, todo.size(), b.strategy, series.bars.size(), threads);
    return run_walk_forward(o, config, series.bars, axes, todo, threads);
  }
  fmt::print(
      stderr, "session {}: {} {} combinations over {} bars of {}, {} thread{}{}\n",
      session.to_string(), todo.size(), b.strategy, series.bars.size(), b.data, threads,
      threads == 1 ? "" : "s",
      runs.empty() ? std::string() : fmt::format(", {} already stored (resuming)", runs.size()));

  Shared s;
  s.o = &o;
  s.config = &config;
  s.bars = series.bars;
  s.axes = &axes;
  s.todo = &todo;
  s.stored = &stored;
  const auto wall0 = std::chrono::steady_clock::now();
  std::size_t saved_runs = 0;
  const std::string timeframe = interval_name(series.interval_ns);
  // Stores what the workers finished (main thread: one store connection) in one transaction.
  auto flush = [&](std::vector<OptimizeRun>& batch, std::vector<BacktestResult>& results,
                   std::vector<BacktestMetrics>& metrics) {
    if (store && !batch.empty()) {
      std::vector<BacktestRecord> records(batch.size());
      const auto now = std::chrono::system_clock::now().time_since_epoch();
      const Timestamp created =
          Timestamp::from_ns(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count());
      for (std::size_t i = 0; i < batch.size(); ++i) {
        BacktestRecord& r = records[i];
        r.id = new_uuid_v7();
        r.strategy = b.strategy;
        r.parameters_json = batch[i].parameters_json;
        r.symbol = std::string(config.instrument.id().symbol());
        r.timeframe = timeframe;
        r.data_source = b.data;
        r.fee_bps = fee_bps;
        r.initial_cash = cash;
        r.created_at = created;
        r.backtest_session_id = session;
        r.metrics_json = batch[i].metrics.dump();
        r.result = &results[i];
        r.metrics = &metrics[i];
        r.instrument = &config.instrument;
        batch[i].backtest_id = r.id.to_string();
      }
      store->save_backtest_summaries(records);
      saved_runs += records.size();
    }
    for (OptimizeRun& r : batch) runs.push_back(std::move(r));
    batch.clear();
    results.clear();
    metrics.clear();
  };

  {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker, std::ref(s));
    ProgressBar bar("optimize");
    std::vector<OptimizeRun> batch;
    std::vector<BacktestResult> results;
    std::vector<BacktestMetrics> metrics;
    // Takes what the workers finished and stores it (on this thread: one writer).
    const auto drain = [&] {
      {
        std::lock_guard lock(s.mu);
        batch.swap(s.finished);
        results.swap(s.results);
        metrics.swap(s.run_metrics);
      }
      flush(batch, results, metrics);
      bar.update(s.done.load(), todo.size());
    };
    while (true) {
      const bool all_done = s.done.load() >= todo.size();
      drain();
      if (all_done || g_interrupted.load()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (std::thread& t : pool) t.join();
    drain();
    bar.finish();
  }
  if (!s.error.empty()) throw Error("optimize: a run failed: " + s.error);
  const bool interrupted = g_interrupted.load() && s.done.load() < todo.size();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  fmt::print(stderr, "{} runs in {:.2f} s ({} skipped: refused by {}, {} already stored){}{}\n",
             runs.size() - stored.size(), wall, s.skipped.load(), b.strategy, s.already.load(),
             store ? fmt::format("; {} stored in {}", saved_runs, redact_url(b.db)) : std::string(),
             interrupted
                 ? fmt::format("\ninterrupted: resume with --session {}", session.to_string())
                 : std::string());
  if (runs.empty()) {
    throw InvalidArgument(
        fmt::format("optimize: no combination ran ({} refused by {}); check --grid",
                    s.skipped.load(), b.strategy));
  }

  const std::vector<std::size_t> order = rank_runs(runs, o.objective, o.min_trades);
  const OptimizeRun& best = runs[order.front()];
  const bool best_ok = objective_value(best, o.objective).has_value() &&
                       best.metrics.value("total_trades", std::int64_t{0}) >= o.min_trades;
  const nlohmann::json dsr = deflated_sharpe_json(runs, order.front());
  const nlohmann::json pbo = pbo_json(runs, o.pbo_partitions);
  if (!b.report.empty()) {
    write_search_report(o, config, series.bars, axes, runs, best, session.to_string());
  }
  if (b.json) {
    nlohmann::json out;
    out["session_id"] = session.to_string();
    out["strategy"] = b.strategy;
    out["objective"] = o.objective;
    out["combinations"] = todo.size();
    out["completed"] = runs.size();
    out["skipped"] = s.skipped.load();
    out["interrupted"] = interrupted;
    out["wall_seconds"] = wall;
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t i : order) list.push_back(run_json(runs[i], o.objective));
    out["runs"] = std::move(list);
    out["best"] = best_ok ? run_json(best, o.objective) : nlohmann::json(nullptr);
    out["deflated_sharpe_ratio"] = dsr;
    out["pbo"] = pbo;
    fmt::print("{}\n", out.dump());
  } else {
    print_table(runs, order, o);
    if (!best_ok) fmt::print("\nno run meets --min-trades {}\n", o.min_trades);
    if (dsr.is_object()) {
      fmt::print(
          "\ndeflated Sharpe ratio  {:.4f}  (best hourly Sharpe {:.4f} vs {:.4f} expected from "
          "the best of {} luck-only trials)\n",
          dsr["value"].get<double>(), dsr["sharpe"].get<double>(),
          dsr["expected_max_sharpe"].get<double>(), dsr["trials"].get<std::size_t>());
    } else {
      fmt::print("\ndeflated Sharpe ratio  n/a\n");
    }
    if (pbo.is_object()) {
      fmt::print("probability of backtest overfitting  {:.4f}  (CSCV, {} partitions, {} splits)\n",
                 pbo["value"].get<double>(), pbo["partitions"].get<std::size_t>(),
                 pbo["combinations"].get<std::size_t>());
    } else {
      fmt::print("probability of backtest overfitting  n/a\n");
    }
    fmt::print("session {}\n", session.to_string());
  }
  return interrupted ? 130 : 0;
}

}  // namespace talon
