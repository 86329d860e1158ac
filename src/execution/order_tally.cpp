#include <algorithm>

#include <talon/execution/backtest_result.hpp>

namespace talon {

void tally_order(OrderTally& tally, const Order& order) {
  ++tally.orders;
  if (order.status != OrderStatus::Rejected && order.status != OrderStatus::Expired) return;
  const std::string& why = order.reject_reason;
  tally.refusals[why.substr(0, std::min(why.find(':'), why.size()))] += 1;
  if (tally.first_refusal.empty()) tally.first_refusal = why;
}

}  // namespace talon
