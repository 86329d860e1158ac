#pragma once
// Funding-rate series of perpetuals and their settlement into a futures account.

#include <span>
#include <string>
#include <vector>

#include <talon/execution/futures_account.hpp>
#include <talon/model/trade_tick.hpp>

namespace talon {

/// Reads a funding-rate CSV with the header `funding_time,funding_rate` (time in Unix ms
/// UTC, rate as a fraction per interval, plain or exponent notation such as 6.91e-06), the
/// layout of Binance GET /fapi/v1/fundingRate history. Throws DataError naming the file,
/// line and field for a bad header, an unparsable value or times that do not increase.
std::vector<FundingRate> read_funding_rates(const std::string& path);

/// Settles into `account` every rate of `rates` from index `next` whose time is <= `now`,
/// at the mark `price`. Returns the index of the first rate not yet settled.
std::size_t settle_funding(FuturesAccount& account, std::span<const FundingRate> rates,
                           std::size_t next, Timestamp now, Decimal price);

}  // namespace talon
