#include <fmt/format.h>

#include <talon/core/error.hpp>
#include <talon/execution/spot_account.hpp>

namespace talon {

SpotHolding::SpotHolding(SpotAccount& account, const Instrument& instrument, bool fee_in_base)
    : account_(account),
      instrument_(instrument),
      book_(Decimal{}, fee_in_base ? instrument.base_currency : std::string()) {}

void SpotHolding::apply_fill(const Fill& fill, const Order& order) {
  const Decimal cash_before = book_.cash();
  const Decimal base_before = book_.position_quantity();
  book_.apply_fill(fill, order);
  // The instrument's book has done the exact arithmetic (fees in either asset); the shared
  // balances move by the same deltas so the two can never disagree.
  account_.add(instrument_.quote_currency, book_.cash() - cash_before);
  account_.add(instrument_.base_currency, book_.position_quantity() - base_before);
}

Decimal SpotHolding::position(PositionSide side) const {
  return book_.position(side);
}

Decimal SpotHolding::available_quote() const {
  Decimal other_locked;
  for (const auto& h : account_.holdings_) {
    if (h.get() != this && h->instrument_.quote_currency == instrument_.quote_currency) {
      other_locked += h->locked_quote();
    }
  }
  return account_.total(instrument_.quote_currency) - other_locked;
}

void SpotHolding::set_reservations(Reserved quote, Reserved base) {
  locked_quote_ = std::move(quote);
  locked_base_ = std::move(base);
}

Decimal SpotHolding::locked_quote() const {
  return locked_quote_ ? locked_quote_() : Decimal{};
}

Decimal SpotHolding::locked_base() const {
  return locked_base_ ? locked_base_() : Decimal{};
}

SpotAccount::SpotAccount(std::map<std::string, Decimal> balances) : initial_(std::move(balances)) {
  for (const auto& [asset, amount] : initial_) {
    if (amount.is_negative()) {
      throw InvalidArgument(fmt::format("spot balance of {} must not be negative, got {}", asset,
                                        amount.to_string()));
    }
    totals_[asset] = amount;
  }
}

SpotHolding& SpotAccount::add_instrument(const Instrument& instrument, bool fee_in_base) {
  if (instrument.asset_type == AssetType::Perpetual) {
    throw InvalidArgument(fmt::format(
        "{} is a perpetual: futures positions are kept by a FuturesAccount, not spot balances",
        instrument.symbol));
  }
  for (const auto& h : holdings_) {
    if (h->instrument_.id() == instrument.id()) {
      throw InvalidArgument(fmt::format("{} is already in the account", instrument.symbol));
    }
  }
  holdings_.push_back(
      std::unique_ptr<SpotHolding>(new SpotHolding(*this, instrument, fee_in_base)));
  return *holdings_.back();
}

Decimal SpotAccount::total(std::string_view asset) const {
  const auto it = totals_.find(asset);
  return it == totals_.end() ? Decimal{} : it->second;
}

void SpotAccount::add(const std::string& asset, Decimal amount) {
  totals_[asset] += amount;
}

AssetBalance SpotAccount::balance(std::string_view asset) const {
  AssetBalance b;
  for (const auto& h : holdings_) {
    if (h->instrument_.quote_currency == asset) b.locked += h->locked_quote();
    if (h->instrument_.base_currency == asset) b.locked += h->locked_base();
  }
  b.free = total(asset) - b.locked;
  return b;
}

std::map<std::string, AssetBalance> SpotAccount::balances() const {
  std::map<std::string, AssetBalance> out;
  for (const auto& [asset, amount] : totals_) out[asset] = balance(asset);
  return out;
}

}  // namespace talon
