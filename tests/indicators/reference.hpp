#pragma once
// TA-Lib reference files (tests/data/talib/, written by tools/talib-ref/generate.js) and the
// real bars they were computed from.

#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <talon/data/kline_reader.hpp>
#include <talon/indicators/registry.hpp>

#include "test_data.hpp"

namespace talon::test {

inline const indicators::BarColumns& reference_bars() {
  static const indicators::BarColumns bars = [] {
    const KlineSeries s = read_klines(test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"));
    return indicators::to_columns(s.bars);
  }();
  return bars;
}

struct Reference {
  std::vector<std::string> columns;  // output names after open_time
  std::vector<std::int64_t> open_time_ms;
  std::vector<std::vector<double>> values;  // values[k][i], NaN where TA-Lib gave none
};

inline Reference read_reference(const std::string& stem) {
  const std::string text = read_maybe_gzip(test_data("talib/" + stem + ".csv.gz"));
  std::istringstream in(text);
  std::string line;
  Reference r;
  std::getline(in, line);
  {
    std::istringstream h(line);
    std::string cell;
    std::getline(h, cell, ',');  // open_time
    while (std::getline(h, cell, ',')) r.columns.push_back(cell);
  }
  r.values.resize(r.columns.size());
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream row(line);
    while (std::getline(row, cell, ',')) cells.push_back(cell);
    cells.resize(r.columns.size() + 1);  // trailing empty cells
    r.open_time_ms.push_back(std::stoll(cells[0]));
    for (std::size_t k = 0; k < r.columns.size(); ++k) {
      r.values[k].push_back(cells[k + 1].empty() ? std::numeric_limits<double>::quiet_NaN()
                                                 : std::stod(cells[k + 1]));
    }
  }
  return r;
}

/// |a - b| <= 1e-9 * |b|, or both exactly zero.
inline bool within_1e9(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::fabs(b);
}

}  // namespace talon::test
