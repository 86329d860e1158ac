#pragma once
// The link between a futures account and the simulated venue that walks the price path: the
// account knows at which prices its positions are liquidated, the venue finds where the
// path reaches them and reports a PositionLiquidated.

#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/model/order.hpp>

namespace talon {

/// A price at which a futures position is liquidated, for the venue to watch.
struct LiquidationLevel {
  PositionSide side = PositionSide::Both;
  bool is_long = true;  ///< a long is liquidated when the price falls to `price`
  Decimal price;        ///< quote per base
};

/// Where the venue learns the current liquidation prices (the futures account).
class LiquidationSource {
 public:
  virtual ~LiquidationSource() = default;
  /// Appends the liquidation level of every open leveraged position to `out`.
  virtual void liquidation_levels(std::vector<LiquidationLevel>& out) const = 0;
};

}  // namespace talon
