#pragma once
// Settlement of a funding-rate series into a futures account (the series is read by
// read_funding_rates in data/binance_files.hpp).

#include <span>
#include <vector>

#include <talon/execution/futures_account.hpp>
#include <talon/model/trade_tick.hpp>

namespace talon {

/// Settles into `account` every rate of `rates` from index `next` whose time is <= `now`,
/// at the mark `price`. Returns the index of the first rate not yet settled.
std::size_t settle_funding(FuturesAccount& account, std::span<const FundingRate> rates,
                           std::size_t next, Timestamp now, Decimal price);

}  // namespace talon
