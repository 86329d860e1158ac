#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include <talon/core/error.hpp>
#include <talon/execution/margin.hpp>

namespace talon {

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

namespace {

std::size_t tier_index(const std::vector<MarginTier>& tiers, Decimal notional) {
  return static_cast<std::size_t>(&tier_for(tiers, notional) - tiers.data());
}

// Root of margin balance − maintenance margin with bracket tiers[idx[i]] for leg i: the
// FAQ's LP formula. Returns false when the line is flat (no single root). Numerator and
// denominator are summed exactly at 10^-16 (raw × raw) so that only the final division
// rounds; `den` < 0 means the balance falls with the price (a long-type root).
bool solve(const std::vector<MarginTier>& tiers, std::span<const MarginLeg> legs,
           std::span<const std::size_t> idx, Decimal wallet, Decimal& price, bool& is_long) {
  using Raw = Decimal::Raw;
  auto mul_raw = [](Raw a, Raw b) {
    Raw r;
    if (__builtin_mul_overflow(a, b, &r)) throw ArithmeticError("liquidation price overflow");
    return r;
  };
  auto add_raw = [](Raw a, Raw b) {
    Raw r;
    if (__builtin_add_overflow(a, b, &r)) throw ArithmeticError("liquidation price overflow");
    return r;
  };
  const Raw one = Decimal::kOne;
  Raw num = mul_raw(wallet.raw(), one);
  Raw den = 0;
  for (std::size_t i = 0; i < legs.size(); ++i) {
    const MarginLeg& l = legs[i];
    const MarginTier& t = tiers[idx[i]];
    const Raw q = l.quantity.raw();
    num = add_raw(num, mul_raw(t.cum.raw(), one));
    num = add_raw(num, -l.direction * mul_raw(q, l.entry_price.raw()));
    den = add_raw(den, mul_raw(q, t.mmr.raw()));
    den = add_raw(den, -l.direction * mul_raw(q, one));
  }
  if (den == 0) return false;
  // num and den are both scaled by 10^16; read as Decimals (10^-8 units) their ratio is
  // unchanged.
  price = div(Decimal::from_raw(num), Decimal::from_raw(den), Rounding::HalfEven);
  is_long = den < 0;
  return true;
}

// One leg: the balance minus maintenance is monotone in P, and the line of any bracket lies
// on or above the true curve (the curve is concave). So when bracket k's root falls below
// bracket k, the true root is below it too, and above when above: step toward it one
// bracket at a time. A step that would turn back means the root sits on the boundary
// between the two brackets, where both lines meet (up to rounding).
LiquidationPoint one_leg(const std::vector<MarginTier>& tiers, const MarginLeg& leg, Decimal wallet,
                         Decimal mark) {
  std::size_t k =
      mark.is_positive() ? tier_index(tiers, mul(leg.quantity, mark, Rounding::HalfUp)) : 0;
  int last_step = 0;
  for (;;) {
    Decimal price;
    bool is_long = true;
    const std::size_t one_idx[1] = {k};
    if (!solve(tiers, std::span<const MarginLeg>(&leg, 1), one_idx, wallet, price, is_long)) {
      return {Decimal{}, leg.direction > 0};
    }
    int step = 0;
    if (!price.is_positive()) {
      step = -1;
    } else {
      const std::size_t at = tier_index(tiers, mul(leg.quantity, price, Rounding::HalfUp));
      step = at == k ? 0 : (at > k ? 1 : -1);
    }
    if (step == 0 || (last_step != 0 && step != last_step)) {
      return {price.is_positive() ? price : Decimal{}, is_long};
    }
    if (step < 0 && k == 0) return {Decimal{}, is_long};  // no positive root
    k = step > 0 ? k + 1 : k - 1;
    last_step = step;
  }
}

// Several legs: the balance minus maintenance is linear between the prices where some leg
// changes bracket. Solve every such segment with its brackets and keep the roots inside.
LiquidationPoint many_legs(const std::vector<MarginTier>& tiers, std::span<const MarginLeg> legs,
                           Decimal wallet) {
  std::vector<Decimal> bounds{Decimal{}};
  for (const MarginLeg& l : legs) {
    for (std::size_t k = 1; k < tiers.size(); ++k) {
      bounds.push_back(div(tiers[k].floor, l.quantity, Rounding::HalfEven));
    }
  }
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  std::optional<LiquidationPoint> lower;  // long-type root
  std::optional<LiquidationPoint> upper;  // short-type root
  std::vector<std::size_t> idx(legs.size());
  for (std::size_t s = 0; s < bounds.size(); ++s) {
    const Decimal lo = bounds[s];
    const bool last = s + 1 == bounds.size();
    const Decimal hi = last ? Decimal{} : bounds[s + 1];
    const Decimal inside =
        last ? lo + Decimal::from_int(1) : div(lo + hi, Decimal::from_int(2), Rounding::HalfEven);
    for (std::size_t i = 0; i < legs.size(); ++i) {
      idx[i] = tier_index(tiers, mul(legs[i].quantity, inside, Rounding::HalfUp));
    }
    Decimal price;
    bool is_long = true;
    if (!solve(tiers, legs, idx, wallet, price, is_long)) continue;
    if (!price.is_positive() || price < lo || (!last && price > hi)) continue;
    auto& slot = is_long ? lower : upper;
    if (!slot) slot = LiquidationPoint{price, is_long};
  }
  Decimal net;
  for (const MarginLeg& l : legs) net += l.quantity * l.direction;
  const auto& first = net.is_positive() ? lower : upper;
  const auto& second = net.is_positive() ? upper : lower;
  if (first) return *first;
  if (second) return *second;
  return {Decimal{}, net.is_positive()};
}

}  // namespace

LiquidationPoint liquidation_point(const std::vector<MarginTier>& tiers,
                                   std::span<const MarginLeg> legs, Decimal wallet, Decimal mark) {
  if (tiers.empty()) throw InvalidArgument("margin tier table is empty");
  if (legs.empty()) throw InvalidArgument("liquidation_point: no positions");
  for (const MarginLeg& l : legs) {
    if (!l.quantity.is_positive()) {
      throw InvalidArgument("liquidation_point: quantity must be positive, got " +
                            l.quantity.to_string());
    }
  }
  return legs.size() == 1 ? one_leg(tiers, legs[0], wallet, mark) : many_legs(tiers, legs, wallet);
}

}  // namespace talon
