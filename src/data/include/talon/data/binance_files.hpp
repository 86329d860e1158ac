#pragma once
// Readers for the Binance public-data files (data.binance.vision), spot and USDⓈ-M futures.
// Layouts (github.com/binance/binance-public-data README, and the files themselves):
//  - trades     spot: id,price,qty,quoteQty,time,isBuyerMaker,isBestMatch (no header)
//               um:   id,price,qty,quote_qty,time,is_buyer_maker (header row)
//  - aggTrades  spot: a,p,q,f,l,T,m,M (no header; True/False)
//               um:   agg_trade_id,price,quantity,first_trade_id,last_trade_id,
//                     transact_time,is_buyer_maker (header row)
//  - bookTicker um:   update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,
//                     transaction_time,event_time (header row)
//  - bookDepth  um:   timestamp,percentage,depth,notional; timestamp "YYYY-MM-DD HH:MM:SS" UTC
//  - fundingRate um:  calc_time,funding_interval_hours,last_funding_rate (header row)
//  - klines: see kline_reader.hpp (read_klines / parse_klines).
// Times are epoch milliseconds, or microseconds in spot files from 2025-01-01 on; the unit
// is recognised per value by magnitude. A header row is recognised by its first field not
// being a number. Every reader throws DataError "<source>:<line>: <field>: <why>" for a
// malformed row: wrong field count, a field that is not a number, a non-positive price or
// quantity, ids or times going backwards.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <talon/data/archive.hpp>
#include <talon/data/ticks.hpp>

namespace talon {

enum class BinanceMarket { Spot, UsdM };
enum class BinanceDataKind { Klines, AggTrades, Trades, BookTicker, BookDepth, FundingRate };

/// "spot" / "um"
std::string_view to_string(BinanceMarket m);
/// The path component data.binance.vision uses: "klines", "aggTrades", "trades",
/// "bookTicker", "bookDepth", "fundingRate".
std::string_view to_string(BinanceDataKind k);
/// Inverse of to_string (case-insensitive). Throws InvalidArgument listing the valid names.
BinanceDataKind parse_binance_data_kind(std::string_view text);
/// "spot" or "um" (also "futures", "usdm"). Throws InvalidArgument otherwise.
BinanceMarket parse_binance_market(std::string_view text);

/// The parts of a data.binance.vision file name, e.g. "BTCUSDT-1m-2025-06-01.zip" or
/// "XRPETH-aggTrades-2019-10.zip".
struct BinanceFileName {
  std::string symbol;
  BinanceDataKind kind = BinanceDataKind::Klines;
  std::string interval;  ///< klines only, e.g. "1m"
  std::string period;    ///< "YYYY-MM-DD" (daily file) or "YYYY-MM" (monthly file)
  bool monthly = false;
};

/// Parses a file name as data.binance.vision names its zips (a ".zip" or ".csv" suffix is
/// optional). nullopt when the name does not follow that pattern.
std::optional<BinanceFileName> parse_binance_file_name(std::string_view file_name);

/// Individual trades (spot or futures layout, detected by field count).
std::vector<TradeTick> parse_binance_trades(std::string_view text, std::string_view source);
/// Aggregate trades (spot or futures layout).
std::vector<TradeTick> parse_binance_agg_trades(std::string_view text, std::string_view source);
/// Best bid/offer updates. Also accepts the 6-column capture layout
/// local_ts_ns,update_id,bid_price,bid_qty,ask_price,ask_qty (header required), where the
/// nanosecond receive time becomes both times.
std::vector<BookTicker> parse_binance_book_ticker(std::string_view text, std::string_view source);
/// Depth bands of bookDepth files.
std::vector<BookDepthBand> parse_binance_book_depth(std::string_view text, std::string_view source);
/// Funding-rate history: the public-data layout (calc_time,funding_interval_hours,
/// last_funding_rate) or the two-column funding_time,funding_rate layout of the REST API
/// exports (/fapi/v1/fundingRate, freqtrade); a header row is required to tell them apart.
/// Times must increase strictly.
std::vector<FundingRate> parse_funding_rates(std::string_view text, std::string_view source);
/// parse_funding_rates on the file at `path` (zip, gz or plain; its .CHECKSUM verified when
/// present), the one funding-rate reader: the Binance public-data monthly files and the
/// `funding_time,funding_rate` exports of GET /fapi/v1/fundingRate. Throws DataError
/// "<path>:<line>: <field>: <why>" as parse_funding_rates, or when the file cannot be read.
std::vector<FundingRate> read_funding_rates(const std::filesystem::path& path);

/// Reads a file (zip, gz or plain), verifying its .CHECKSUM as `policy` says, and returns
/// its text. Throws as read_data_text and verify_checksum.
std::string load_verified_text(const std::filesystem::path& path,
                               ChecksumPolicy policy = ChecksumPolicy::IfPresent);

/// The symbol a file's name says it holds: a Binance public-data name
/// (BTCUSDT-1m-2025-06.zip), or a word of the name that is a symbol talon has rules for
/// (binance_spot_BTCUSDT_1m_2025-06.csv.gz). Empty when the name says none. For warnings
/// when --symbol disagrees with the file.
std::string symbol_in_file_name(const std::string& file);

}  // namespace talon
