#include <fmt/format.h>

#include <talon/core/error.hpp>
#include <talon/model/margin_tier.hpp>

namespace talon {
namespace {

struct Row {
  const char* floor;
  const char* cap;
  int leverage;
  const char* mmr;
  const char* cum;
};

template <std::size_t N>
std::vector<MarginTier> table(const Row (&rows)[N]) {
  std::vector<MarginTier> out;
  out.reserve(N);
  for (const Row& r : rows) {
    out.push_back({Decimal::parse(r.floor), Decimal::parse(r.cap), r.leverage,
                   Decimal::parse(r.mmr), Decimal::parse(r.cum)});
  }
  return out;
}

}  // namespace

// Both tables: Binance GET /fapi/v1/leverageBracket as recorded on 2024-10-24 in
// freqtrade/freqtrade freqtrade/exchange/binance_leverage_tiers.json (commit 3d9514d2,
// the `info` object of each tier: notionalFloor, notionalCap, initialLeverage,
// maintMarginRatio, cum); unchanged there since 2024-05-30. The same figures in Binance's
// own layout are data/binance_usdm/leverage_brackets_BTCUSDT_ETHUSDT_2024-10-24.json, which
// a test reads back against these.
std::vector<MarginTier> binance_btcusdt_usdm_brackets() {
  static constexpr Row rows[] = {
      {"0", "50000", 125, "0.004", "0"},
      {"50000", "600000", 100, "0.005", "50"},
      {"600000", "3000000", 75, "0.0065", "950"},
      {"3000000", "12000000", 50, "0.01", "11450"},
      {"12000000", "70000000", 25, "0.02", "131450"},
      {"70000000", "100000000", 20, "0.025", "481450"},
      {"100000000", "230000000", 10, "0.05", "2981450"},
      {"230000000", "480000000", 5, "0.1", "14481450"},
      {"480000000", "600000000", 4, "0.125", "26481450"},
      {"600000000", "800000000", 3, "0.15", "41481450"},
      {"800000000", "1200000000", 2, "0.25", "121481450"},
      {"1200000000", "1800000000", 1, "0.5", "421481450"},
  };
  return table(rows);
}

std::vector<MarginTier> binance_ethusdt_usdm_brackets() {
  static constexpr Row rows[] = {
      {"0", "50000", 125, "0.004", "0"},
      {"50000", "600000", 100, "0.005", "50"},
      {"600000", "3000000", 75, "0.0065", "950"},
      {"3000000", "12000000", 50, "0.01", "11450"},
      {"12000000", "50000000", 25, "0.02", "131450"},
      {"50000000", "65000000", 20, "0.025", "381450"},
      {"65000000", "150000000", 10, "0.05", "2006450"},
      {"150000000", "320000000", 5, "0.1", "9506450"},
      {"320000000", "400000000", 4, "0.125", "17506450"},
      {"400000000", "530000000", 3, "0.15", "27506450"},
      {"530000000", "800000000", 2, "0.25", "80506450"},
      {"800000000", "1200000000", 1, "0.5", "280506450"},
  };
  return table(rows);
}

std::optional<std::vector<MarginTier>> find_builtin_usdm_brackets(std::string_view symbol) {
  if (symbol == "BTCUSDT") return binance_btcusdt_usdm_brackets();
  if (symbol == "ETHUSDT") return binance_ethusdt_usdm_brackets();
  return std::nullopt;
}

void validate_tiers(const std::vector<MarginTier>& tiers) {
  if (tiers.empty()) throw InvalidArgument("margin tier table is empty");
  Decimal prev_cap;
  Decimal prev_mmr;
  Decimal prev_cum;
  for (std::size_t i = 0; i < tiers.size(); ++i) {
    const MarginTier& t = tiers[i];
    if (t.floor != prev_cap || t.cap <= t.floor) {
      throw InvalidArgument(fmt::format("margin tier {}: bracket [{}, {}) is not contiguous", i + 1,
                                        t.floor.to_string(), t.cap.to_string()));
    }
    if (i > 0 && t.mmr <= prev_mmr) {
      throw InvalidArgument(
          fmt::format("margin tier {}: MMR {} does not increase", i + 1, t.mmr.to_string()));
    }
    if (t.max_leverage < 1 || t.max_leverage > 125) {
      throw InvalidArgument(
          fmt::format("margin tier {}: max leverage {} outside 1..125", i + 1, t.max_leverage));
    }
    if (t.mmr.is_negative() || t.mmr >= Decimal::from_int(1)) {
      throw InvalidArgument(
          fmt::format("margin tier {}: MMR {} outside [0, 1)", i + 1, t.mmr.to_string()));
    }
    const Decimal expected = prev_cum + mul(t.floor, t.mmr - prev_mmr, Rounding::HalfUp);
    if (i > 0 && t.cum != expected) {
      throw InvalidArgument(fmt::format("margin tier {}: cum {} should be {}", i + 1,
                                        t.cum.to_string(), expected.to_string()));
    }
    prev_cap = t.cap;
    prev_mmr = t.mmr;
    prev_cum = t.cum;
  }
}

}  // namespace talon
