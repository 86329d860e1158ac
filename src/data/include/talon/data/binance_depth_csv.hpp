#pragma once
// Parsers of the CSV layouts of recorded Binance spot streams (see tests/data/README.md):
// REST depth snapshots, depthUpdate level changes and trades. (The bookTicker capture is
// read by parse_binance_book_ticker, binance_files.hpp.) They take the file's text (read
// it with talon::read_data_text for .csv.gz) and name `source`, the line and the field in
// every DataError.

#include <string_view>
#include <vector>

#include <talon/model/order_book.hpp>
#include <talon/model/trade_tick.hpp>

namespace talon {

/// Header `local_ts_ns,last_update_id,side,level,price,qty`; side `b` or `a`.
DepthSnapshot parse_depth_snapshot_csv(std::string_view text, std::string_view source);

/// Header `local_ts_ns,event_time_ms,first_update_id,final_update_id,side,price,qty`; rows
/// of one message share (U, u) and are grouped into one DepthUpdate stamped with the
/// event time.
std::vector<DepthUpdate> parse_depth_updates_csv(std::string_view text, std::string_view source);

/// Header `trade_id,price,qty,trade_time_ms,event_time_ms,is_buyer_maker,local_ts_ns`;
/// stamped with the trade time.
std::vector<TradeTick> parse_trades_csv(std::string_view text, std::string_view source);

}  // namespace talon
