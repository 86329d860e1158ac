#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>

#include <talon/app/backtest_command.hpp>
#include <talon/core/error.hpp>

namespace talon {
namespace {

std::string scalar_text(const toml::node& node, const std::string& file, std::string_view key) {
  if (auto s = node.value<std::string>()) return *s;
  if (node.is_integer()) return std::to_string(*node.value<std::int64_t>());
  if (node.is_floating_point()) {
    // A TOML float has already lost exactness; ask for a string or an integer instead.
    throw InvalidArgument(fmt::format(
        "{}: key '{}': write decimal values as strings (\"{}\") so that they stay exact", file, key,
        *node.value<double>()));
  }
  throw InvalidArgument(fmt::format("{}: key '{}': expected a string or an integer", file, key));
}

// A data path in a config file is relative to that file, so configs travel with data.
std::string relative_to_config(const std::string& config, const std::string& path) {
  const std::filesystem::path p(path);
  if (!p.is_relative()) return path;
  return (std::filesystem::path(config).parent_path() / p).lexically_normal().string();
}

// [[instruments]]: one table per spot instrument of a several-instrument run.
void read_instruments(const toml::node& node, BacktestOptions& o) {
  const toml::array* list = node.as_array();
  if (list == nullptr || !list->is_array_of_tables()) {
    throw InvalidArgument(
        fmt::format("{}: 'instruments' must be an array of tables ([[instruments]])", o.config));
  }
  for (const toml::node& item : *list) {
    InstrumentOptions in;
    for (const auto& [k, v] : *item.as_table()) {
      const std::string key(k.str());
      std::string* target = key == "symbol"           ? &in.symbol
                            : key == "data"           ? &in.data
                            : key == "trades"         ? &in.trades
                            : key == "depth_snapshot" ? &in.depth_snapshot
                            : key == "depth_updates"  ? &in.depth_updates
                            : key == "fill"           ? &in.fill
                                                      : nullptr;
      if (target == nullptr) {
        throw InvalidArgument(
            fmt::format("{}: [[instruments]]: unknown key '{}' (known: symbol, data, trades, "
                        "depth_snapshot, depth_updates, fill)",
                        o.config, key));
      }
      *target = scalar_text(v, o.config, key);
      if (key != "symbol" && key != "fill") *target = relative_to_config(o.config, *target);
    }
    if (in.symbol.empty()) {
      throw InvalidArgument(
          fmt::format("{}: [[instruments]]: every table needs a symbol", o.config));
    }
    o.instruments.push_back(std::move(in));
  }
}

}  // namespace

void apply_backtest_config(const CLI::App& command, BacktestOptions& o) {
  if (o.config.empty()) return;
  std::error_code ec;
  if (std::filesystem::is_directory(o.config, ec)) {
    throw InvalidArgument(fmt::format("--config {}: is a directory, not a TOML file", o.config));
  }
  if (!std::filesystem::exists(o.config, ec)) {
    throw InvalidArgument(fmt::format("--config {}: no such file", o.config));
  }
  toml::table table;
  try {
    table = toml::parse_file(o.config);
  } catch (const toml::parse_error& e) {
    throw ParseError(fmt::format("{}:{}:{}: {}", o.config, e.source().begin.line,
                                 e.source().begin.column, e.description()));
  }
  auto given = [&](const char* name) { return command.get_option(name)->count() > 0; };
  for (const auto& [key_node, node] : table) {
    const std::string key(key_node.str());
    if (key == "params") {
      const toml::table* params = node.as_table();
      if (params == nullptr) {
        throw InvalidArgument(fmt::format("{}: 'params' must be a table", o.config));
      }
      if (given("--param")) continue;
      for (const auto& [pk, pv] : *params) {
        o.params.push_back(fmt::format("{}={}", pk.str(), scalar_text(pv, o.config, pk.str())));
      }
    } else if (key == "instruments") {
      read_instruments(node, o);
    } else if (key == "risk") {
      const toml::table* risk = node.as_table();
      if (risk == nullptr) {
        throw InvalidArgument(fmt::format("{}: 'risk' must be a table ([risk])", o.config));
      }
      // Before the command line's --risk entries: the later value of a key wins.
      std::vector<std::string> from_file;
      for (const auto& [rk, rv] : *risk) {
        const std::string name(rk.str());
        std::string value;
        if (const auto b = rv.value<bool>(); b && rv.is_boolean()) {
          value = *b ? "true" : "false";
        } else {
          value = scalar_text(rv, o.config, "risk." + name);
        }
        from_file.push_back(fmt::format("{}={}", name, value));
      }
      o.risk.insert(o.risk.begin(), from_file.begin(), from_file.end());
    } else if (key == "plugin") {
      if (!given("--plugin")) {
        o.plugins.push_back(relative_to_config(o.config, scalar_text(node, o.config, key)));
      }
    } else if (key == "json") {
      const auto b = node.value<bool>();
      if (!b)
        throw InvalidArgument(fmt::format("{}: key 'json': expected true or false", o.config));
      if (!given("--json")) o.json = *b;
    } else if (key == "store_indicators") {
      const auto b = node.value<bool>();
      if (!b) {
        throw InvalidArgument(
            fmt::format("{}: key 'store_indicators': expected true or false", o.config));
      }
      if (!given("--store-indicators")) o.store_indicators = *b;
    } else {
      std::string* target = key == "data"              ? &o.data
                            : key == "from_db"         ? &o.from_db
                            : key == "exchange"        ? &o.exchange
                            : key == "start"           ? &o.start
                            : key == "end"             ? &o.end
                            : key == "symbol"          ? &o.symbol
                            : key == "strategy"        ? &o.strategy
                            : key == "decisions"       ? &o.decisions
                            : key == "cash"            ? &o.cash
                            : key == "fee_bps"         ? &o.fee_bps
                            : key == "db"              ? &o.db
                            : key == "market"          ? &o.market
                            : key == "equity_interval" ? &o.equity_interval
                            : key == "leverage"        ? &o.leverage
                            : key == "margin_mode"     ? &o.margin_mode
                            : key == "position_mode"   ? &o.position_mode
                            : key == "funding"         ? &o.funding
                            : key == "mark"            ? &o.mark
                            : key == "exchange_info"   ? &o.exchange_info
                            : key == "brackets"        ? &o.brackets
                            : key == "trades"          ? &o.trades
                            : key == "depth_snapshot"  ? &o.depth_snapshot
                            : key == "depth_updates"   ? &o.depth_updates
                            : key == "bar_interval"    ? &o.bar_interval
                                                       : nullptr;
      if (target == nullptr) {
        throw InvalidArgument(
            fmt::format("{}: unknown key '{}' (known: data, from_db, exchange, start, end, symbol, "
                        "strategy, decisions, plugin, cash, fee_bps, db, json, store_indicators, "
                        "equity_interval, "
                        "market, leverage, margin_mode, position_mode, funding, mark, "
                        "exchange_info, brackets, trades, depth_snapshot, depth_updates, "
                        "bar_interval, [params], [risk], "
                        "[[instruments]])",
                        o.config, key));
      }
      std::string option = "--" + key;
      std::replace(option.begin(), option.end(), '_', '-');
      if (given(option.c_str())) continue;
      // Paths and names are text: `db = 5` would otherwise create a file named "5".
      const bool text_only = key == "data" || key == "db" || key == "from_db" ||
                             key == "exchange" || key == "symbol" || key == "strategy" ||
                             key == "funding" || key == "mark" || key == "exchange_info" ||
                             key == "brackets" || key == "market" || key == "margin_mode" ||
                             key == "position_mode" || key == "start" || key == "end";
      if (text_only && !node.is_string()) {
        throw InvalidArgument(
            fmt::format("{}: key '{}': expected a string (in quotes)", o.config, key));
      }
      *target = scalar_text(node, o.config, key);
      if (key == "data" || key == "funding" || key == "mark" || key == "exchange_info" ||
          key == "brackets" || key == "trades" || key == "depth_snapshot" ||
          key == "depth_updates") {
        *target = relative_to_config(o.config, *target);
      }
    }
  }
}

}  // namespace talon
