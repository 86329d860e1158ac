#include "indicator_rows.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include <talon/core/error.hpp>

namespace talon::store_detail {
namespace {

constexpr std::size_t kChunkRows = 10'000;
constexpr int kFractionDigits = 12;  // NUMERIC(30,12)
constexpr double kLimit = 1e18;      // 30 - 12 integer digits

class ValueRangeError : public DataError {
 public:
  using DataError::DataError;
};

std::string params_json(const indicators::Params& params) {
  std::string out = "{";
  for (const auto& [name, value] : params) {
    if (out.size() > 1) out += ',';
    out += fmt::format(R"("{}":{})", name, value);  // shortest round-trip: 14, 2.5
  }
  return out + '}';
}

}  // namespace

std::string indicator_value_text(double v) {
  if (!std::isfinite(v) || std::fabs(v) >= kLimit) {
    throw ValueRangeError(
        fmt::format("indicator value {} is outside what indicator_value keeps (|v| < 1e18)", v));
  }
  if (std::fabs(v) < 5e-13) return "0";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  std::string_view s(buf, static_cast<std::size_t>(r.ptr - buf));
  const std::size_t dot = s.find('.');
  if (r.ec == std::errc() &&
      (dot == std::string_view::npos || s.size() - dot - 1 <= kFractionDigits)) {
    return std::string(s);
  }
  r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, kFractionDigits);
  std::size_t n = static_cast<std::size_t>(r.ptr - buf);
  while (n > 0 && buf[n - 1] == '0') --n;
  if (n > 0 && buf[n - 1] == '.') --n;
  std::string out(buf, n);
  return out == "-0" ? std::string("0") : out;
}

std::size_t write_indicator_rows(SqlConnection& c, const Uuid& backtest_id,
                                 std::int64_t exchange_id, const std::string& symbol,
                                 std::span<const IndicatorSeries> series) {
  static constexpr std::string_view kColumns[] = {
      "id",         "exchange_id", "symbol",      "timestamp",   "indicator_name", "output_name",
      "parameters", "period",      "computed_by", "backtest_id", "indicator_value"};
  constexpr std::size_t kWidth = std::size(kColumns);
  std::vector<SqlValue> v;
  std::size_t rows = 0;
  const SqlValue sym{symbol}, engine{std::string("engine")}, bt{backtest_id}, ex{exchange_id};
  for (const IndicatorSeries& s : series) {
    const SqlValue name{s.name}, params{params_json(s.params)};
    const auto p = s.params.find("period");
    const SqlValue period =
        p == s.params.end() ? SqlValue{nullptr} : SqlValue{static_cast<std::int64_t>(p->second)};
    for (std::size_t k = 0; k < s.outputs.size() && k < s.values.size(); ++k) {
      const SqlValue output{s.outputs[k]};
      const std::vector<double>& values = s.values[k];
      if (values.size() != s.times.size()) {
        throw InvalidArgument(fmt::format("{} {}: {} values for {} bars", s.name, s.outputs[k],
                                          values.size(), s.times.size()));
      }
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (std::isnan(values[i])) continue;  // warming up: no value, no row
        std::string text;
        try {
          text = indicator_value_text(values[i]);
        } catch (const ValueRangeError& e) {
          throw DataError(fmt::format("{} {} {} at {}: {}", s.name, s.outputs[k],
                                      params_json(s.params), to_iso8601(s.times[i]), e.what()));
        }
        v.insert(v.end(), {new_uuid_v7(), ex, sym, s.times[i], name, output, params, period, engine,
                           bt, std::move(text)});
        if (v.size() >= kChunkRows * kWidth) {
          c.bulk_insert("technical_indicators", kColumns, v);
          rows += v.size() / kWidth;
          v.clear();
        }
      }
    }
  }
  if (!v.empty()) {
    c.bulk_insert("technical_indicators", kColumns, v);
    rows += v.size() / kWidth;
  }
  return rows;
}

}  // namespace talon::store_detail
