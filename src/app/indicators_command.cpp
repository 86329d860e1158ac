#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <iostream>

#include <talon/app/indicators_command.hpp>
#include <talon/core/error.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/indicators/registry.hpp>

namespace talon {
namespace {

indicators::Params parse_params(const std::vector<std::string>& items) {
  indicators::Params p;
  for (const std::string& item : items) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0)
      throw InvalidArgument(fmt::format("--param '{}': expected name=value, e.g. period=14", item));
    const std::string key = item.substr(0, eq);
    const std::string text = item.substr(eq + 1);
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty())
      throw InvalidArgument(fmt::format("--param '{}': '{}' is not a number", item, text));
    if (!p.emplace(key, v).second)
      throw InvalidArgument(fmt::format("--param {} given twice", key));
  }
  return p;
}

std::string json_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

void append_value(std::string& buf, double v, bool json) {
  if (std::isnan(v)) {
    if (json) buf += "null";
  } else {
    fmt::format_to(std::back_inserter(buf), "{}", v);
  }
}

}  // namespace

CLI::App* add_indicators_command(CLI::App& app, IndicatorsOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "indicators",
      "Compute a technical indicator over a kline file and print one row per bar:\n"
      "open_time, then the indicator's columns (empty during warm-up). Values equal TA-Lib's.");
  cmd->add_option("--data", o.data, "Kline file (as for backtest): .csv or .csv.gz");
  cmd->add_option("--name", o.name,
                  "Indicator, TA-Lib name: SMA, EMA, RSI, MACD, BBANDS, ATR, ...");
  cmd->add_option(
      "--param", o.params,
      "Parameter name=value, repeatable; TA-Lib optIn names in lower case, TimePeriod -> "
      "period (MACD: fast slow signal; BBANDS: period nbdevup nbdevdn)");
  cmd->add_option("--format", o.format, "csv or json")->capture_default_str();
  cmd->add_flag("--list", o.list, "List every indicator with its parameters, outputs and source");
  cmd->footer(
      "Example:\n  talon indicators --data data/binance_spot_BTCUSDT_1m_2025-06.csv.gz --name RSI "
      "--param period=14");
  return cmd;
}

void write_indicator_catalog(std::ostream& out) {
  for (const indicators::IndicatorSpec& s : indicators::indicator_catalog()) {
    std::string params;
    for (const indicators::ParamSpec& p : s.params)
      params += fmt::format(" {}={}", p.name, p.default_value);
    std::string outputs;
    for (const std::string& c : s.outputs) outputs += (outputs.empty() ? "" : ",") + c;
    out << fmt::format("{:<16} {}\n{:<16}   params:{}  outputs: {}  source: {}\n", s.name,
                       s.summary, "", params.empty() ? " none" : params, outputs, s.source);
  }
}

void write_indicator_table(const IndicatorsOptions& o, std::ostream& out) {
  if (o.format != "csv" && o.format != "json")
    throw InvalidArgument(fmt::format("--format '{}': expected csv or json", o.format));
  if (o.name.empty()) throw InvalidArgument("--name is required (see --list)");
  if (o.data.empty()) throw InvalidArgument("--data is required");
  const indicators::Params params = parse_params(o.params);
  const indicators::IndicatorSpec& spec = indicators::find_indicator(o.name);
  indicators::make_indicator(spec.name, params);  // parameter errors before reading the file
  const KlineSeries series = read_klines(o.data);
  const indicators::BarColumns bars = indicators::to_columns(series.bars);
  const auto columns = indicators::compute_batch(spec.name, params, bars);
  const bool json = o.format == "json";

  std::string buf;
  buf.reserve(1 << 16);
  if (json) {
    std::string p;
    for (const indicators::ParamSpec& ps : spec.params) {
      const auto it = params.find(ps.name);
      p += fmt::format("{}\"{}\":{}", p.empty() ? "" : ",", ps.name,
                       it == params.end() ? ps.default_value : it->second);
    }
    std::string cols;
    for (const std::string& c : spec.outputs)
      cols += fmt::format("{}\"{}\"", cols.empty() ? "" : ",", c);
    buf += fmt::format(
        "{{\"indicator\":\"{}\",\"params\":{{{}}},\"source\":\"{}\",\"columns\":[{}],\"rows\":[\n",
        spec.name, p, json_escape(spec.source), cols);
  } else {
    buf += "open_time";
    for (const std::string& c : spec.outputs) buf += "," + c;
    buf += '\n';
  }
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const std::string t = to_iso8601(series.bars[i].open_time);
    if (json) {
      buf += fmt::format("{}{{\"open_time\":\"{}\"", i ? ",\n" : "", t);
      for (std::size_t k = 0; k < columns.size(); ++k) {
        buf += fmt::format(",\"{}\":", spec.outputs[k]);
        append_value(buf, columns[k][i], true);
      }
      buf += '}';
    } else {
      buf += t;
      for (const auto& col : columns) {
        buf += ',';
        append_value(buf, col[i], false);
      }
      buf += '\n';
    }
    if (buf.size() > (1 << 16)) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }
  if (json) buf += "\n]}\n";
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
}

int run_indicators_command(const IndicatorsOptions& o) {
  if (o.list) {
    write_indicator_catalog(std::cout);
    return 0;
  }
  write_indicator_table(o, std::cout);
  std::cout.flush();
  return std::cout ? 0 : 1;
}

}  // namespace talon
