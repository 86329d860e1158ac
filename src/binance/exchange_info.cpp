// Binance exchange information (GET /api/v3/exchangeInfo, GET /fapi/v1/exchangeInfo): symbols
// and their filters ("Filters" page of the spot and USDⓈ-M docs) into talon Instruments.
#include "payloads.hpp"

namespace talon::binance::detail {
namespace {

// Digits after the point of a step ("0.010" → 2), at most 8.
int places_of(Decimal step) {
  if (!step.is_positive()) return 8;
  int places = 0;
  Decimal::Raw raw = step.raw();
  for (int i = 0; i < Decimal::kScale; ++i) {
    if (raw % 10 != 0) {
      places = Decimal::kScale - i;
      break;
    }
    raw /= 10;
  }
  return places;
}

InstrumentStatus status_of(std::string_view s) {
  if (s == "TRADING") return InstrumentStatus::Trading;
  if (s == "BREAK" || s == "HALT" || s == "PENDING_TRADING" || s == "PRE_TRADING" ||
      s == "POST_TRADING" || s == "AUCTION_MATCH")
    return InstrumentStatus::Halt;
  return InstrumentStatus::Delisted;
}

}  // namespace

void exchange_info(Object o, Market market, std::vector<Instrument>& out) {
  for (Element sym_el : as_array(field(o, "symbols"), "symbols")) {
    const Object s = as_object(sym_el, "a symbol");
    Instrument i;
    i.symbol = std::string(str(s, "symbol"));
    i.exchange = market == Market::Spot ? "BINANCE" : "BINANCE_USDM";
    i.base_currency = std::string(str(s, "baseAsset"));
    i.quote_currency = std::string(str(s, "quoteAsset"));
    i.status = status_of(str(s, "status"));
    if (market == Market::UsdM) {
      const auto type = str_or_empty(s, "contractType");
      // Delivery contracts (CURRENT_QUARTER, ...) have no perpetual id; talon lists them as
      // perpetual-style instruments only when PERPETUAL.
      if (!type.empty() && type != "PERPETUAL") continue;
      i.asset_type = AssetType::Perpetual;
    }
    if (const auto f = find(s, "filters")) {
      for (Element fe : as_array(*f, "filters")) {
        const Object filter = as_object(fe, "a filter");
        const auto type_el = find(filter, "filterType");
        if (!type_el) continue;  // documentation examples elide filters as {}
        const auto type = str_of(*type_el, "filterType");
        if (type == "PRICE_FILTER") {
          i.tick_size = decimal(filter, "tickSize");
        } else if (type == "LOT_SIZE") {
          i.lot_size = decimal(filter, "stepSize");
          i.min_quantity = decimal(filter, "minQty");
          i.max_quantity = decimal(filter, "maxQty");
        } else if (type == "MARKET_LOT_SIZE") {
          i.market_lot_size = decimal(filter, "stepSize");
          i.market_min_quantity = decimal(filter, "minQty");
          i.market_max_quantity = decimal(filter, "maxQty");
        } else if (type == "NOTIONAL" || (type == "MIN_NOTIONAL" && find(filter, "minNotional"))) {
          i.min_notional = decimal(filter, "minNotional");
        } else if (type == "MIN_NOTIONAL") {
          i.min_notional = decimal(filter, "notional");
        }
      }
    }
    i.price_precision = places_of(i.tick_size);
    i.quantity_precision = places_of(i.lot_size);
    if (const auto p = find(s, "pricePrecision"))
      i.price_precision = static_cast<int>(int_of(*p, "pricePrecision") & 15);
    if (const auto q = find(s, "quantityPrecision"))
      i.quantity_precision = static_cast<int>(int_of(*q, "quantityPrecision") & 15);
    if (i.lot_size.is_positive() && i.max_quantity < i.min_quantity)
      throw Malformed{"LOT_SIZE maxQty below minQty for " + i.symbol};
    out.push_back(std::move(i));
  }
}

}  // namespace talon::binance::detail
