#pragma once
// A spot account of several instruments: one balance per asset (USDT, BTC, ETH), each split
// into free and locked, shared by every spot instrument of a run. BTCUSDT and ETHUSDT both
// spend the one USDT balance, as on a Binance spot account (GET /api/v3/account lists
// `balances` per asset with `free` and `locked`).
//
// Each instrument trades through its own SpotHolding, the Account its order manager books
// into: it keeps the instrument's position, cost basis, realized PnL, fees and round trips
// (a Portfolio of its own) and moves the shared balances by every fill. What is locked is
// what open orders reserve; the order managers know that, so each holding is told how to ask
// its manager (set_reservations) instead of keeping a second copy that could drift.

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/execution/account.hpp>
#include <talon/execution/portfolio.hpp>
#include <talon/model/instrument.hpp>

namespace talon {

/// One asset's balance: free for new orders, locked by open orders. Same units as the asset.
struct AssetBalance {
  Decimal free;
  Decimal locked;
  Decimal total() const { return free + locked; }
};

class SpotAccount;

/// One spot instrument's side of a SpotAccount.
class SpotHolding final : public Account {
 public:
  /// Returns how much this instrument's open orders reserve right now (quote currency for
  /// BUYs, base asset for SELLs).
  using Reserved = std::function<Decimal()>;

  /// Books a fill into the instrument's own book and moves the shared balances by the same
  /// amounts: a BUY takes price × quantity (+ a quote fee) from the quote balance and adds the
  /// quantity (− a base fee) to the base balance; a SELL the reverse. Throws InvalidArgument
  /// as Portfolio::apply_fill (selling more than this instrument holds, non-positive fill).
  void apply_fill(const Fill& fill, const Order& order) override;
  /// Base asset this instrument bought and still holds (spot: the side is ignored).
  Decimal position(PositionSide side) const override;
  bool can_short() const override { return false; }
  /// The quote balance less what the open orders of the account's *other* instruments lock;
  /// the order manager of this instrument subtracts its own reservations itself.
  Decimal available_quote() const override;

  /// Tells the holding how to read its order manager's reservations (OrderManager::
  /// locked_cash and locked_base). Until set, it reserves nothing.
  void set_reservations(Reserved quote, Reserved base);
  /// Quote currency / base asset this instrument's open orders reserve now.
  Decimal locked_quote() const;
  Decimal locked_base() const;

  const Instrument& instrument() const noexcept { return instrument_; }
  /// The instrument's own book: position, cost basis, realized PnL, fees and round trips.
  /// Its cash() is the net quote flow of this instrument's fills (negative after buying).
  const Portfolio& book() const noexcept { return book_; }

 private:
  friend class SpotAccount;
  SpotHolding(SpotAccount& account, const Instrument& instrument, bool fee_in_base);

  SpotAccount& account_;
  Instrument instrument_;
  Portfolio book_;
  Reserved locked_quote_;
  Reserved locked_base_;
};

class SpotAccount {
 public:
  /// Starts with `balances`: asset → amount held, e.g. {"USDT": 10000}. Throws
  /// InvalidArgument for a negative amount.
  explicit SpotAccount(std::map<std::string, Decimal> balances);
  SpotAccount(const SpotAccount&) = delete;
  SpotAccount& operator=(const SpotAccount&) = delete;

  /// Adds a spot instrument and returns its holding (owned by the account; its address stays
  /// valid). `fee_in_base`: BUY fees arrive in the base asset (SimulatedVenueConfig::
  /// buy_fee_in_base). Throws InvalidArgument for a perpetual (futures positions live in a
  /// FuturesAccount per instrument) or an instrument added twice.
  SpotHolding& add_instrument(const Instrument& instrument, bool fee_in_base = false);

  std::size_t instruments() const noexcept { return holdings_.size(); }
  /// The holding of the i-th instrument added (0-based); throws std::out_of_range.
  SpotHolding& holding(std::size_t i) { return *holdings_.at(i); }
  const SpotHolding& holding(std::size_t i) const { return *holdings_.at(i); }

  /// The balance of `asset`: total held, locked = what open orders of every instrument
  /// reserve in it, free = total − locked. Zero for an asset never held.
  AssetBalance balance(std::string_view asset) const;
  /// Every asset ever held, by name.
  std::map<std::string, AssetBalance> balances() const;
  /// What was held at the start.
  const std::map<std::string, Decimal>& initial_balances() const noexcept { return initial_; }

 private:
  friend class SpotHolding;
  Decimal total(std::string_view asset) const;
  void add(const std::string& asset, Decimal amount);

  std::map<std::string, Decimal> initial_;
  std::map<std::string, Decimal, std::less<>> totals_;
  std::vector<std::unique_ptr<SpotHolding>> holdings_;
};

}  // namespace talon
