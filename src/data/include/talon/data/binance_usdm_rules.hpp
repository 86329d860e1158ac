#pragma once
// Binance USDⓈ-M trading rules from the exchange's own JSON: notional brackets from
// GET /fapi/v1/leverageBracket and instrument filters from GET /fapi/v1/exchangeInfo, for
// any symbol (talon builds BTCUSDT's and ETHUSDT's in: model/margin_tier.hpp,
// model/instrument.hpp). Every field talon uses is checked; an error names the endpoint,
// the symbol and the field, e.g. "leverageBracket BTCUSDT brackets[3].cum: missing".

#include <filesystem>
#include <string_view>
#include <vector>

#include <talon/model/instrument.hpp>
#include <talon/model/margin_tier.hpp>

namespace talon {

/// The brackets of `symbol` in the body of GET /fapi/v1/leverageBracket: either the array
/// the endpoint returns without a symbol ([{"symbol", "brackets": [...]}, ...]) or the one
/// object it returns with one. Each bracket needs `bracket` (1, 2, ... in order),
/// `initialLeverage` (1..125), `notionalFloor`, `notionalCap`, `maintMarginRatio` (a
/// fraction) and `cum` (quote currency), each a JSON number or a decimal string (as
/// recorded by ccxt). `notionalCoef` (the account's multiplier) is ignored: the brackets
/// are already the account's. The table must pass validate_tiers().
/// Throws ParseError for malformed JSON, a missing symbol or a bad field.
std::vector<MarginTier> parse_leverage_brackets(std::string_view json, std::string_view symbol);
/// parse_leverage_brackets on the contents of `file`; errors also name the file. Throws
/// DataError when the file cannot be read.
std::vector<MarginTier> read_leverage_brackets(const std::filesystem::path& file,
                                               std::string_view symbol);

/// The perpetual `symbol` of a GET /fapi/v1/exchangeInfo body as an Instrument of exchange
/// "BINANCE_USDM": baseAsset, quoteAsset, status (TRADING, or a halt), pricePrecision,
/// quantityPrecision and the filters PRICE_FILTER (tickSize), LOT_SIZE (stepSize, minQty,
/// maxQty), MARKET_LOT_SIZE (the same three) and MIN_NOTIONAL (notional); decimals as
/// strings or numbers. Throws ParseError for malformed JSON, a missing symbol, a contract
/// other than PERPETUAL or a missing or bad field.
Instrument parse_usdm_exchange_info(std::string_view json, std::string_view symbol);
/// parse_usdm_exchange_info on the contents of `file`; errors also name the file. Throws
/// DataError when the file cannot be read.
Instrument read_usdm_exchange_info(const std::filesystem::path& file, std::string_view symbol);

}  // namespace talon
