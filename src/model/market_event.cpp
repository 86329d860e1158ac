#include <talon/model/market_event.hpp>

namespace talon {
namespace {

template <class... F>
struct Overload : F... {
  using F::operator()...;
};
template <class... F>
Overload(F...) -> Overload<F...>;

}  // namespace

Timestamp ts_event(const MarketEvent& event) noexcept {
  return std::visit(
      Overload{[](const Bar& b) { return b.close_time; },
               [](const QuoteTick& q) { return q.ts_event; },
               [](const MarkPrice& m) { return m.ts_event; }, [](const auto& e) { return e.at; }},
      event);
}

const InstrumentId& instrument_of(const MarketEvent& event) noexcept {
  return std::visit([](const auto& e) -> const InstrumentId& { return e.instrument; }, event);
}

const char* kind_name(const MarketEvent& event) noexcept {
  return std::visit(
      Overload{[](const Bar&) { return "bar"; }, [](const TradeTick&) { return "trade"; },
               [](const QuoteTick&) { return "quote"; }, [](const DepthUpdate&) { return "depth"; },
               [](const DepthSnapshot&) { return "snapshot"; },
               [](const FundingRate&) { return "funding"; },
               [](const MarkPrice&) { return "mark"; }},
      event);
}

}  // namespace talon
