#include <talon/execution/funding.hpp>

namespace talon {

std::size_t settle_funding(FuturesAccount& account, std::span<const FundingRate> rates,
                           std::size_t next, Timestamp now, Decimal price) {
  while (next < rates.size() && rates[next].at <= now) {
    account.apply_funding(rates[next].rate, price, rates[next].at);
    ++next;
  }
  return next;
}

}  // namespace talon
