#pragma once
// A trading desk for risk tests: one instrument (Binance spot BTCUSDT's rules: tick 0.01,
// lot 0.00001, min notional 5), books whose position and cash the test sets, an order
// manager whose venue takes every order and never answers (orders stay open), and the risk
// engine as its pre-trade stage — the path paper and live orders take through the kernel.

#include <memory>

#include <talon/execution/order_manager.hpp>
#include <talon/risk/risk_engine.hpp>

namespace talon::test {

inline Decimal D(const char* s) {
  return Decimal::parse(s);
}

class FakeAccount final : public Account {
 public:
  void apply_fill(const Fill&, const Order&) override {}
  Decimal position(PositionSide side) const override {
    return side == PositionSide::Both ? held : Decimal{};
  }
  bool can_short() const override { return shortable; }
  Decimal available_quote() const override { return cash; }
  Decimal held;
  Decimal cash = Decimal::from_int(1'000'000);
  bool shortable = true;
};

class SilentVenue final : public ExecutionClient {
 public:
  void set_report_sink(ReportSink*) override {}
  void submit(const Order&, Timestamp) override {}
};

struct Desk {
  explicit Desk(RiskLimits limits, KillSwitch* kill = nullptr, std::string bot = "bot-1")
      : instrument(*find_builtin_instrument("BTCUSDT")),
        orders(instrument, account, venue),
        engine(std::move(limits), kill, std::move(bot), [](std::string_view) {}) {
    orders.set_pre_trade_check([this](const Order& o) {
      return engine.review(instrument, o, {now, last, &account, &orders});
    });
  }

  /// Submits `r` at `now` with the last trade `last`; the order as it stands after.
  const Order& submit(OrderRequest r) {
    if (engine.amends()) engine.amend(instrument, r, {now, last, &account, &orders});
    const ClientOrderId id = orders.submit(r, now, last);
    return *orders.find_client(id);
  }

  Instrument instrument;
  FakeAccount account;
  SilentVenue venue;
  OrderManager orders;
  RiskEngine engine;
  Timestamp now = parse_iso8601("2025-06-02T14:00:00Z");
  Decimal last = Decimal::from_int(100);
};

inline OrderRequest limit(OrderSide side, const char* qty, const char* price) {
  OrderRequest r;
  r.side = side;
  r.type = OrderType::Limit;
  r.quantity = D(qty);
  r.price = D(price);
  return r;
}
inline OrderRequest market(OrderSide side, const char* qty) {
  OrderRequest r;
  r.side = side;
  r.type = OrderType::Market;
  r.quantity = D(qty);
  return r;
}

inline RiskLimits limits(std::initializer_list<const char*> kv) {
  RiskLimits l;
  for (const char* s : kv) set_limit(l, s);
  return l;
}

/// The reason code an order was refused with: the text before the first ':' of its reason.
inline std::string code_of(const Order& o) {
  return o.status == OrderStatus::Rejected ? o.reject_reason.substr(0, o.reject_reason.find(':'))
                                           : std::string();
}

}  // namespace talon::test
