#pragma once
// Instruments (seed 002 Symbols) and the trading rules an order must satisfy.

#include <optional>
#include <string>
#include <string_view>

#include <talon/core/decimal.hpp>
#include <talon/model/ids.hpp>

namespace talon {

enum class InstrumentStatus { Trading, Halt, Delisted };
enum class AssetType { Spot, Perpetual, Stock, Etf };

/// One tradable symbol on one exchange with its filters. Prices are in the quote currency,
/// quantities in the base asset.
struct Instrument {
  std::string symbol;          ///< exchange symbol, e.g. "BTCUSDT"
  std::string exchange;        ///< exchange code, e.g. "BINANCE"
  std::string base_currency;   ///< e.g. "BTC"
  std::string quote_currency;  ///< e.g. "USDT"
  AssetType asset_type = AssetType::Spot;
  Decimal tick_size;     ///< price step (Binance PRICE_FILTER tickSize)
  Decimal lot_size;      ///< quantity step (Binance LOT_SIZE stepSize)
  Decimal min_quantity;  ///< LOT_SIZE minQty
  Decimal max_quantity;  ///< LOT_SIZE maxQty
  Decimal min_notional;  ///< NOTIONAL minNotional (USDⓈ-M: MIN_NOTIONAL notional), quote
  /// MARKET_LOT_SIZE stepSize, minQty, maxQty: the quantity rules of market orders where
  /// the venue sets them apart (USDⓈ-M); zero when LOT_SIZE applies to market orders too.
  Decimal market_lot_size;
  Decimal market_min_quantity;
  Decimal market_max_quantity;
  int price_precision = 8;
  int quantity_precision = 8;
  InstrumentStatus status = InstrumentStatus::Trading;

  /// The typed id: "BTCUSDT.BINANCE" for spot, "BTCUSDT-PERP.BINANCE" for a perpetual
  /// (Nautilus Trader's naming; the exchange code BINANCE_USDM names the venue BINANCE).
  /// Empty when symbol or exchange is empty. Throws InvalidArgument for a symbol or exchange
  /// that no id can hold (see ids.hpp).
  InstrumentId id() const;
};

/// The built-in instrument named `symbol` on `exchange` ("BINANCE" by default), or nullopt.
/// The rules are Binance spot's exchangeInfo filters for the symbols of talon's sample data
/// (exchange "BINANCE"), and Binance USDⓈ-M perpetual filters for BTCUSDT, ETHUSDT and
/// XRPUSDT (exchange "BINANCE_USDM", the symbols of the funding-rate data; the date and
/// source of each are in instrument.cpp). Other USDⓈ-M symbols' rules are read from
/// exchange-info JSON by data/binance_usdm_rules.hpp.
std::optional<Instrument> find_builtin_instrument(std::string_view symbol,
                                                  std::string_view exchange = "BINANCE");

/// A generic spot instrument for a symbol talon has no rules for: tick and lot 10^-8,
/// no minimums. Base and quote are split off a known quote suffix (USDT, USDC, BTC, ...).
Instrument generic_spot_instrument(std::string_view symbol, std::string_view exchange = "BINANCE");

std::string_view to_string(InstrumentStatus s) noexcept;

}  // namespace talon
