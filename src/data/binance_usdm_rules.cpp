#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include <talon/core/error.hpp>
#include <talon/data/binance_usdm_rules.hpp>

namespace talon {
namespace {

using nlohmann::json;

// Names where a value sits, for error messages: "leverageBracket BTCUSDT brackets[3].cum".
struct Where {
  std::string prefix;
  [[noreturn]] void fail(std::string_view field, std::string_view why) const {
    throw ParseError(fmt::format("{}{}: {}", prefix, field, why));
  }
};

const json& member(const json& obj, const char* key, const Where& at, std::string_view path) {
  const auto it = obj.find(key);
  if (it == obj.end()) at.fail(path, "missing");
  return *it;
}

// Decimals come as JSON numbers from Binance and as strings from recorders such as ccxt. A
// double is read through its shortest round-trip text, which is the text Binance sent for
// the few significant digits these fields have.
Decimal decimal_of(const json& v, const Where& at, std::string_view path) {
  try {
    if (v.is_string()) return Decimal::parse(v.get_ref<const std::string&>());
    if (v.is_number_unsigned()) return Decimal::parse(std::to_string(v.get<std::uint64_t>()));
    if (v.is_number_integer()) return Decimal::parse(std::to_string(v.get<std::int64_t>()));
    if (v.is_number_float()) return Decimal::from_double(v.get<double>(), Rounding::HalfEven);
  } catch (const Error& e) {
    at.fail(path, e.what());
  }
  at.fail(path, "expected a number or a decimal string, got " + v.dump());
}

Decimal decimal_field(const json& obj, const char* key, const Where& at, std::string_view path) {
  return decimal_of(member(obj, key, at, path), at, path);
}

std::int64_t integer_field(const json& obj, const char* key, const Where& at,
                           std::string_view path) {
  const json& v = member(obj, key, at, path);
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    std::int64_t out = 0;
    std::size_t used = 0;
    try {
      out = std::stoll(s, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == s.size() && used > 0) return out;
  }
  at.fail(path, "expected an integer, got " + v.dump());
}

std::string string_field(const json& obj, const char* key, const Where& at, std::string_view path) {
  const json& v = member(obj, key, at, path);
  if (!v.is_string() || v.get_ref<const std::string&>().empty()) {
    at.fail(path, "expected a non-empty string, got " + v.dump());
  }
  return v.get<std::string>();
}

json parse_json(std::string_view text, std::string_view endpoint) {
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    throw ParseError(fmt::format("{}: not JSON: {}", endpoint, e.what()));
  }
}

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw DataError(file.string() + ": cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw DataError(file.string() + ": read error");
  return std::move(text).str();
}

template <typename F>
auto with_file(const std::filesystem::path& file, F&& parse) {
  const std::string text = read_text(file);
  try {
    return parse(text);
  } catch (const ParseError& e) {
    throw ParseError(file.string() + ": " + e.what());
  }
}

}  // namespace

std::vector<MarginTier> parse_leverage_brackets(std::string_view text, std::string_view symbol) {
  const json doc = parse_json(text, "leverageBracket");
  const json* entry = nullptr;
  const Where top{"leverageBracket: "};
  auto matches = [&](const json& e) {
    if (!e.is_object()) top.fail("[]", "expected objects, got " + e.dump());
    const auto it = e.find("symbol");
    return it != e.end() && it->is_string() && it->get_ref<const std::string&>() == symbol;
  };
  if (doc.is_array()) {
    for (const json& e : doc) {
      if (matches(e)) {
        entry = &e;
        break;
      }
    }
  } else if (doc.is_object()) {
    if (matches(doc)) entry = &doc;
  } else {
    top.fail("body", "expected an array or an object");
  }
  if (entry == nullptr) top.fail("symbol", fmt::format("no entry for {}", symbol));

  const Where at{fmt::format("leverageBracket {} ", symbol)};
  const json& brackets = member(*entry, "brackets", at, "brackets");
  if (!brackets.is_array() || brackets.empty()) at.fail("brackets", "expected a non-empty array");
  std::vector<MarginTier> out;
  out.reserve(brackets.size());
  for (std::size_t i = 0; i < brackets.size(); ++i) {
    const json& b = brackets[i];
    const std::string path = fmt::format("brackets[{}]", i);
    if (!b.is_object()) at.fail(path, "expected an object");
    auto field = [&](const char* key) { return path + "." + key; };
    const std::int64_t number = integer_field(b, "bracket", at, field("bracket"));
    if (number != static_cast<std::int64_t>(i) + 1) {
      at.fail(field("bracket"), fmt::format("expected {}, got {}", i + 1, number));
    }
    const std::int64_t leverage = integer_field(b, "initialLeverage", at, field("initialLeverage"));
    if (leverage < 1 || leverage > 125) {
      at.fail(field("initialLeverage"), fmt::format("{} outside 1..125", leverage));
    }
    MarginTier t;
    t.max_leverage = static_cast<int>(leverage);
    t.floor = decimal_field(b, "notionalFloor", at, field("notionalFloor"));
    t.cap = decimal_field(b, "notionalCap", at, field("notionalCap"));
    t.mmr = decimal_field(b, "maintMarginRatio", at, field("maintMarginRatio"));
    t.cum = decimal_field(b, "cum", at, field("cum"));
    out.push_back(t);
  }
  try {
    validate_tiers(out);
  } catch (const InvalidArgument& e) {
    at.fail("brackets", e.what());
  }
  return out;
}

std::vector<MarginTier> read_leverage_brackets(const std::filesystem::path& file,
                                               std::string_view symbol) {
  return with_file(file,
                   [&](std::string_view text) { return parse_leverage_brackets(text, symbol); });
}

Instrument parse_usdm_exchange_info(std::string_view text, std::string_view symbol) {
  const json doc = parse_json(text, "exchangeInfo");
  const Where top{"exchangeInfo: "};
  if (!doc.is_object()) top.fail("body", "expected an object");
  const json& symbols = member(doc, "symbols", top, "symbols");
  if (!symbols.is_array()) top.fail("symbols", "expected an array");
  const json* entry = nullptr;
  for (const json& s : symbols) {
    const auto it = s.is_object() ? s.find("symbol") : s.end();
    if (s.is_object() && it != s.end() && it->is_string() &&
        it->get_ref<const std::string&>() == symbol) {
      entry = &s;
      break;
    }
  }
  if (entry == nullptr) top.fail("symbols", fmt::format("no entry for {}", symbol));
  const json& e = *entry;
  const Where at{fmt::format("exchangeInfo {} ", symbol)};

  const std::string contract = string_field(e, "contractType", at, "contractType");
  if (contract != "PERPETUAL") at.fail("contractType", contract + ": only PERPETUAL is supported");
  Instrument i;
  i.symbol = symbol;
  i.exchange = "BINANCE_USDM";
  i.asset_type = AssetType::Perpetual;
  i.base_currency = string_field(e, "baseAsset", at, "baseAsset");
  i.quote_currency = string_field(e, "quoteAsset", at, "quoteAsset");
  const std::string status = string_field(e, "status", at, "status");
  // USDⓈ-M contract statuses: TRADING, PENDING_TRADING, PRE_DELIVERING, DELIVERING,
  // DELIVERED, PRE_SETTLE, SETTLING, CLOSE.
  i.status = status == "TRADING"                            ? InstrumentStatus::Trading
             : (status == "CLOSE" || status == "DELIVERED") ? InstrumentStatus::Delisted
                                                            : InstrumentStatus::Halt;
  const std::int64_t price_precision = integer_field(e, "pricePrecision", at, "pricePrecision");
  const std::int64_t qty_precision = integer_field(e, "quantityPrecision", at, "quantityPrecision");
  if (price_precision < 0 || price_precision > Decimal::kScale) {
    at.fail("pricePrecision", fmt::format("{} outside 0..8", price_precision));
  }
  if (qty_precision < 0 || qty_precision > Decimal::kScale) {
    at.fail("quantityPrecision", fmt::format("{} outside 0..8", qty_precision));
  }
  i.price_precision = static_cast<int>(price_precision);
  i.quantity_precision = static_cast<int>(qty_precision);

  const json& filters = member(e, "filters", at, "filters");
  if (!filters.is_array()) at.fail("filters", "expected an array");
  auto filter = [&](const char* type) -> const json& {
    for (const json& f : filters) {
      const auto it = f.is_object() ? f.find("filterType") : f.end();
      if (f.is_object() && it != f.end() && it->is_string() &&
          it->get_ref<const std::string&>() == type) {
        return f;
      }
    }
    at.fail(fmt::format("filters.{}", type), "missing");
  };
  auto positive = [&](const json& f, const char* type, const char* key) {
    const std::string path = fmt::format("filters.{}.{}", type, key);
    const Decimal d = decimal_field(f, key, at, path);
    if (!d.is_positive()) at.fail(path, d.to_string() + " is not positive");
    return d;
  };
  const json& price = filter("PRICE_FILTER");
  i.tick_size = positive(price, "PRICE_FILTER", "tickSize");
  const json& lot = filter("LOT_SIZE");
  i.lot_size = positive(lot, "LOT_SIZE", "stepSize");
  i.min_quantity = positive(lot, "LOT_SIZE", "minQty");
  i.max_quantity = positive(lot, "LOT_SIZE", "maxQty");
  const json& market = filter("MARKET_LOT_SIZE");
  i.market_lot_size = positive(market, "MARKET_LOT_SIZE", "stepSize");
  i.market_min_quantity = positive(market, "MARKET_LOT_SIZE", "minQty");
  i.market_max_quantity = positive(market, "MARKET_LOT_SIZE", "maxQty");
  i.min_notional = positive(filter("MIN_NOTIONAL"), "MIN_NOTIONAL", "notional");
  if (i.max_quantity < i.min_quantity) {
    at.fail("filters.LOT_SIZE.maxQty", "below minQty " + i.min_quantity.to_string());
  }
  if (i.market_max_quantity < i.market_min_quantity) {
    at.fail("filters.MARKET_LOT_SIZE.maxQty", "below minQty " + i.market_min_quantity.to_string());
  }
  return i;
}

Instrument read_usdm_exchange_info(const std::filesystem::path& file, std::string_view symbol) {
  return with_file(file,
                   [&](std::string_view text) { return parse_usdm_exchange_info(text, symbol); });
}

}  // namespace talon
