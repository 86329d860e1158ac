#include <fmt/format.h>

#include <charconv>
#include <fstream>

#include <talon/core/error.hpp>
#include <talon/execution/funding.hpp>

namespace talon {

std::vector<FundingRate> read_funding_rates(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw DataError("cannot open funding-rate file " + path);
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line != "funding_time,funding_rate") {
    throw DataError(
        fmt::format("{}:1: expected header 'funding_time,funding_rate', got '{}'", path, line));
  }
  std::vector<FundingRate> out;
  std::size_t n = 1;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto comma = line.find(',');
    if (comma == std::string::npos) {
      throw DataError(fmt::format("{}:{}: expected 2 fields, got '{}'", path, n, line));
    }
    std::int64_t ms = 0;
    const auto [p, ec] = std::from_chars(line.data(), line.data() + comma, ms);
    if (ec != std::errc() || p != line.data() + comma) {
      throw DataError(fmt::format("{}:{}: field funding_time: '{}' is not an integer", path, n,
                                  line.substr(0, comma)));
    }
    const auto rate = Decimal::try_parse(std::string_view(line).substr(comma + 1));
    if (!rate) {
      throw DataError(fmt::format("{}:{}: field funding_rate: '{}' is not a decimal", path, n,
                                  line.substr(comma + 1)));
    }
    const Timestamp at = Timestamp::from_ms(ms);
    if (!out.empty() && at <= out.back().at) {
      throw DataError(fmt::format("{}:{}: field funding_time: {} does not increase", path, n, ms));
    }
    FundingRate f;
    f.at = at;
    f.rate = *rate;
    out.push_back(f);
  }
  return out;
}

std::size_t settle_funding(FuturesAccount& account, std::span<const FundingRate> rates,
                           std::size_t next, Timestamp now, Decimal price) {
  while (next < rates.size() && rates[next].at <= now) {
    account.apply_funding(rates[next].rate, price, rates[next].at);
    ++next;
  }
  return next;
}

}  // namespace talon
