#pragma once
// avellaneda_stoikov: a market maker for the L2 book mode (Avellaneda & Stoikov, "High-
// frequency trading in a limit order book", Quantitative Finance 8(3), 2008), on spot.
//
// It keeps its own copy of the book from the depth snapshot and updates (on_book) and, from
// the first snapshot on, requotes every `refresh_ms` by timer: it cancels its open quotes
// and, with s the mid price, q the base inventory, τ = T − t the time left of the current
// session of `horizon_s` seconds (sessions restart back to back), posts
//   reservation price  r = s − q γ σ² τ                     (A&S eq. 29)
//   total spread       δ = γ σ² τ + (2 / γ) ln(1 + γ / κ)    (A&S eq. 30)
//   bid r − δ/2 rounded down to the tick, ask r + δ/2 rounded up (never crossing the book:
//   at most best ask − 1 tick, at least best bid + 1 tick),
// as post-only (GTX) LIMIT orders of `order_qty`: the bid while q + order_qty ≤
// max_inventory, the ask while q ≥ order_qty (spot cannot sell what it does not hold).
// σ is a parameter (quote currency per √second), γ the risk aversion (per quote unit), κ the
// order-arrival decay (per quote unit). Every quote is a BUY or SELL decision.

#include <optional>

#include <talon/model/order_book.hpp>
#include <talon/strategy/params.hpp>
#include <talon/strategy/strategy.hpp>

namespace talon {

class AvellanedaStoikov final : public Strategy {
 public:
  /// Reads gamma (0.1), kappa (1.5), sigma (1), horizon_s (60), order_qty (0.001),
  /// max_inventory (0.01), refresh_ms (1000).
  explicit AvellanedaStoikov(const StrategyParams& params);
  void on_bar(StrategyContext& ctx, const Bar& bar) override;
  void on_book(StrategyContext& ctx, const DepthUpdate& update) override;
  void on_book(StrategyContext& ctx, const DepthSnapshot& snapshot) override;
  void on_timer(StrategyContext& ctx, const Timer& timer) override;

  /// The quotes for mid `s`, inventory `q` and time left `tau_s` seconds: {bid, ask} before
  /// rounding, in quote currency (the formulas above).
  struct Quotes {
    double bid = 0;
    double ask = 0;
  };
  Quotes quotes(double s, double q, double tau_s) const;

 private:
  void quote(StrategyContext& ctx);
  double gamma_, kappa_, sigma_;
  std::int64_t horizon_ns_, refresh_ns_;
  Decimal order_qty_, max_inventory_;
  L2Book book_;
  bool started_ = false;
  Timestamp session_start_{};
};

}  // namespace talon
