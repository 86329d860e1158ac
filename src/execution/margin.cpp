#include <fmt/format.h>

#include <talon/core/error.hpp>
#include <talon/execution/margin.hpp>

namespace talon {

std::vector<MarginTier> binance_btcusdt_usdm_brackets() {
  struct Row {
    const char* floor;
    const char* cap;
    int lev;
    const char* mmr;
    const char* cum;
  };
  static constexpr Row rows[] = {
      {"0", "50000", 125, "0.004", "0"},
      {"50000", "250000", 100, "0.005", "50"},
      {"250000", "1000000", 50, "0.01", "1300"},
      {"1000000", "10000000", 20, "0.025", "16300"},
      {"10000000", "20000000", 10, "0.05", "266300"},
      {"20000000", "50000000", 5, "0.1", "1266300"},
      {"50000000", "100000000", 4, "0.125", "2516300"},
      {"100000000", "200000000", 3, "0.15", "5016300"},
      {"200000000", "300000000", 2, "0.25", "25016300"},
      {"300000000", "500000000", 1, "0.5", "100016300"},
  };
  std::vector<MarginTier> out;
  for (const Row& r : rows) {
    out.push_back({Decimal::parse(r.floor), Decimal::parse(r.cap), r.lev, Decimal::parse(r.mmr),
                   Decimal::parse(r.cum)});
  }
  return out;
}

const MarginTier& tier_for(const std::vector<MarginTier>& tiers, Decimal notional) {
  if (tiers.empty()) throw InvalidArgument("margin tier table is empty");
  const Decimal n = notional.abs();
  for (const MarginTier& t : tiers) {
    if (n < t.cap) return t;
  }
  return tiers.back();
}

Decimal maintenance_margin(const std::vector<MarginTier>& tiers, Decimal notional) {
  const MarginTier& t = tier_for(tiers, notional);
  return mul(notional.abs(), t.mmr, Rounding::HalfUp) - t.cum;
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
