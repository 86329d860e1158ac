#pragma once
// Private to the data module: the 12 columns of a Binance kline, in order, as the
// public-data files' header names them (github.com/binance/binance-public-data README,
// "Klines"), and the names every kline reader puts in its errors.

#include <array>
#include <string_view>

namespace talon::detail {

inline constexpr std::array<std::string_view, 12> kBinanceKlineFields = {"open_time",
                                                                         "open",
                                                                         "high",
                                                                         "low",
                                                                         "close",
                                                                         "volume",
                                                                         "close_time",
                                                                         "quote_volume",
                                                                         "count",
                                                                         "taker_buy_volume",
                                                                         "taker_buy_quote_volume",
                                                                         "ignore"};

}  // namespace talon::detail
