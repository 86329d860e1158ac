#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include <talon/core/error.hpp>
#include <talon/data/binance_files.hpp>
#include <talon/model/instrument.hpp>

#include "csv_row.hpp"

namespace talon {
namespace {

using detail::LineCursor;
using detail::looks_like_header;
using Row = detail::Row<16>;

constexpr std::array<std::string_view, 7> kTradeNames = {
    "id", "price", "qty", "quote_qty", "time", "is_buyer_maker", "is_best_match"};
constexpr std::array<std::string_view, 8> kAggNames = {
    "agg_trade_id",  "price",         "quantity",       "first_trade_id",
    "last_trade_id", "transact_time", "is_buyer_maker", "is_best_match"};
constexpr std::array<std::string_view, 7> kTickerNames = {
    "update_id",    "best_bid_price",   "best_bid_qty", "best_ask_price",
    "best_ask_qty", "transaction_time", "event_time"};
constexpr std::array<std::string_view, 6> kCaptureTickerNames = {
    "local_ts_ns", "update_id", "bid_price", "bid_qty", "ask_price", "ask_qty"};
constexpr std::array<std::string_view, 4> kDepthNames = {"timestamp", "percentage", "depth",
                                                         "notional"};
constexpr std::array<std::string_view, 3> kFundingNames = {"calc_time", "funding_interval_hours",
                                                           "last_funding_rate"};
constexpr std::array<std::string_view, 2> kFunding2Names = {"funding_time", "funding_rate"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

[[noreturn]] void fail_empty(std::string_view source, std::string_view what) {
  throw DataError(fmt::format("{}:0: no {} in file", source, what));
}

// Shared trade-sequence rule: ids strictly increase, times never decrease.
void check_trade_order(const Row& row, const std::vector<TradeTick>& out, const TradeTick& t,
                       std::size_t id_col, std::size_t time_col) {
  if (out.empty()) return;
  const TradeTick& prev = out.back();
  if (t.id <= prev.id) {
    row.fail(id_col,
             fmt::format("id {} does not follow {} (duplicate or out of order)", t.id, prev.id));
  }
  if (t.at < prev.at) {
    row.fail(time_col, fmt::format("time goes backwards: {} after {}", to_iso8601(t.at),
                                   to_iso8601(prev.at)));
  }
}

}  // namespace

std::string_view to_string(BinanceMarket m) {
  return m == BinanceMarket::Spot ? "spot" : "um";
}

std::string_view to_string(BinanceDataKind k) {
  switch (k) {
    case BinanceDataKind::Klines: return "klines";
    case BinanceDataKind::AggTrades: return "aggTrades";
    case BinanceDataKind::Trades: return "trades";
    case BinanceDataKind::BookTicker: return "bookTicker";
    case BinanceDataKind::BookDepth: return "bookDepth";
    case BinanceDataKind::FundingRate: return "fundingRate";
  }
  return "klines";
}

BinanceDataKind parse_binance_data_kind(std::string_view text) {
  const std::string t = lower(text);
  for (auto k :
       {BinanceDataKind::Klines, BinanceDataKind::AggTrades, BinanceDataKind::Trades,
        BinanceDataKind::BookTicker, BinanceDataKind::BookDepth, BinanceDataKind::FundingRate}) {
    if (lower(to_string(k)) == t) return k;
  }
  throw InvalidArgument(fmt::format(
      "unknown data type '{}': expected klines, aggTrades, trades, bookTicker, bookDepth or "
      "fundingRate",
      text));
}

BinanceMarket parse_binance_market(std::string_view text) {
  const std::string t = lower(text);
  if (t == "spot") return BinanceMarket::Spot;
  if (t == "um" || t == "futures" || t == "usdm") return BinanceMarket::UsdM;
  throw InvalidArgument(fmt::format("unknown market '{}': expected spot or um", text));
}

std::optional<BinanceFileName> parse_binance_file_name(std::string_view name) {
  for (std::string_view suffix : {".zip", ".csv"}) {
    if (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix) {
      name.remove_suffix(suffix.size());
    }
  }
  // <SYMBOL>-<kind or interval>-<YYYY>-<MM>[-<DD>]
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dash = name.find('-', start);
    parts.push_back(name.substr(start, dash == std::string_view::npos ? dash : dash - start));
    if (dash == std::string_view::npos) break;
    start = dash + 1;
  }
  if (parts.size() != 4 && parts.size() != 5) return std::nullopt;
  auto digits = [](std::string_view s, std::size_t n) {
    return s.size() == n &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(parts[2], 4) || !digits(parts[3], 2)) return std::nullopt;
  if (parts.size() == 5 && !digits(parts[4], 2)) return std::nullopt;
  if (parts[0].empty()) return std::nullopt;
  BinanceFileName out;
  out.symbol = std::string(parts[0]);
  out.monthly = parts.size() == 4;
  out.period = std::string(name.substr(parts[0].size() + parts[1].size() + 2));
  try {
    out.kind = parse_binance_data_kind(parts[1]);
    if (out.kind == BinanceDataKind::Klines) return std::nullopt;  // "klines" is not a name part
  } catch (const InvalidArgument&) {
    const std::string_view iv = parts[1];
    if (iv.size() < 2 || !std::isdigit(static_cast<unsigned char>(iv[0]))) return std::nullopt;
    out.kind = BinanceDataKind::Klines;
    out.interval = std::string(iv);
  }
  return out;
}

std::vector<TradeTick> parse_binance_trades(std::string_view text, std::string_view source) {
  std::vector<TradeTick> out;
  out.reserve(text.size() / 60);
  LineCursor lines(text);
  Row row(source, kTradeNames.data(), kTradeNames.size());
  std::size_t expected = 0;
  while (auto line = lines.next()) {
    if (line->empty()) continue;
    row.split(*line, lines.line_no());
    if (expected == 0) {
      if (row.size() != 6 && row.size() != 7) {
        row.fail_row(fmt::format("expected 7 fields (spot trades) or 6 (futures trades), found {}",
                                 row.size()));
      }
      expected = row.size();
      if (looks_like_header(row[0])) continue;
    }
    row.expect_fields(expected);
    TradeTick t;
    t.id = row.integer(0);
    t.price = row.positive(1);
    t.quantity = row.positive(2);
    row.non_negative(3);
    t.at = row.epoch_time(4);
    t.buyer_is_maker = row.boolean(5);
    if (expected == 7) row.boolean(6);
    t.first_trade_id = t.last_trade_id = t.id;
    check_trade_order(row, out, t, 0, 4);
    out.push_back(t);
  }
  if (out.empty()) fail_empty(source, "trades");
  return out;
}

std::vector<TradeTick> parse_binance_agg_trades(std::string_view text, std::string_view source) {
  std::vector<TradeTick> out;
  out.reserve(text.size() / 60);
  LineCursor lines(text);
  Row row(source, kAggNames.data(), kAggNames.size());
  std::size_t expected = 0;
  while (auto line = lines.next()) {
    if (line->empty()) continue;
    row.split(*line, lines.line_no());
    if (expected == 0) {
      if (row.size() != 7 && row.size() != 8) {
        row.fail_row(fmt::format(
            "expected 8 fields (spot aggTrades) or 7 (futures aggTrades), found {}", row.size()));
      }
      expected = row.size();
      if (looks_like_header(row[0])) continue;
    }
    row.expect_fields(expected);
    TradeTick t;
    t.id = row.integer(0);
    t.price = row.positive(1);
    t.quantity = row.positive(2);
    t.first_trade_id = row.integer(3);
    t.last_trade_id = row.integer(4);
    if (t.last_trade_id < t.first_trade_id) {
      row.fail(4, fmt::format("last_trade_id {} before first_trade_id {}", t.last_trade_id,
                              t.first_trade_id));
    }
    t.at = row.epoch_time(5);
    t.buyer_is_maker = row.boolean(6);
    if (expected == 8) row.boolean(7);
    check_trade_order(row, out, t, 0, 5);
    out.push_back(t);
  }
  if (out.empty()) fail_empty(source, "aggregate trades");
  return out;
}

std::vector<BookTicker> parse_binance_book_ticker(std::string_view text, std::string_view source) {
  std::vector<BookTicker> out;
  out.reserve(text.size() / 90);
  LineCursor lines(text);
  Row row(source, kTickerNames.data(), kTickerNames.size());
  Row capture(source, kCaptureTickerNames.data(), kCaptureTickerNames.size());
  std::size_t expected = 0;
  while (auto line = lines.next()) {
    if (line->empty()) continue;
    Row& r = expected == 6 ? capture : row;
    r.split(*line, lines.line_no());
    if (expected == 0) {
      expected = r.size();
      if (expected == 6 && lower(r[0]) == "local_ts_ns") continue;
      if (expected != 7) {
        r.fail_row(
            fmt::format("expected 7 fields (update_id,best_bid_price,best_bid_qty,best_ask_price,"
                        "best_ask_qty,transaction_time,event_time), found {}",
                        expected));
      }
      if (looks_like_header(r[0])) continue;
    }
    r.expect_fields(expected);
    BookTicker b;
    if (expected == 7) {
      b.update_id = r.integer(0);
      b.bid_price = r.non_negative(1);
      b.bid_qty = r.non_negative(2);
      b.ask_price = r.non_negative(3);
      b.ask_qty = r.non_negative(4);
      b.at = r.epoch_time(5);
      b.event_time = r.epoch_time(6);
    } else {
      const std::int64_t ns = r.integer(0);
      if (ns < 0) r.fail(0, "negative time");
      b.at = b.event_time = Timestamp::from_ns(ns);
      b.update_id = r.integer(1);
      b.bid_price = r.non_negative(2);
      b.bid_qty = r.non_negative(3);
      b.ask_price = r.non_negative(4);
      b.ask_qty = r.non_negative(5);
    }
    const std::size_t id_col = expected == 7 ? 0 : 1;
    if (!out.empty() && b.update_id < out.back().update_id) {
      r.fail(id_col, fmt::format("update id {} goes backwards after {}", b.update_id,
                                 out.back().update_id));
    }
    out.push_back(b);
  }
  if (out.empty()) fail_empty(source, "book tickers");
  return out;
}

std::vector<BookDepthBand> parse_binance_book_depth(std::string_view text,
                                                    std::string_view source) {
  std::vector<BookDepthBand> out;
  LineCursor lines(text);
  Row row(source, kDepthNames.data(), kDepthNames.size());
  bool first = true;
  while (auto line = lines.next()) {
    if (line->empty()) continue;
    row.split(*line, lines.line_no());
    if (first) {
      first = false;
      if (lower(row[0]) == "timestamp") {
        row.expect_fields(4);
        continue;
      }
    }
    row.expect_fields(4);
    BookDepthBand b;
    try {
      b.at = parse_iso8601(row[0]);
    } catch (const ParseError& e) {
      row.fail(0, e.what());
    }
    b.percentage = row.decimal(1);
    if (b.percentage.is_zero()) row.fail(1, "band of 0 %");
    b.depth = row.non_negative(2);
    b.notional = row.non_negative(3);
    if (!out.empty() && b.at < out.back().at) {
      row.fail(0, fmt::format("time goes backwards: {} after {}", to_iso8601(b.at),
                              to_iso8601(out.back().at)));
    }
    out.push_back(b);
  }
  if (out.empty()) fail_empty(source, "depth bands");
  return out;
}

std::vector<FundingRate> parse_funding_rates(std::string_view text, std::string_view source) {
  std::vector<FundingRate> out;
  LineCursor lines(text);
  Row row(source, kFundingNames.data(), kFundingNames.size());
  Row row2(source, kFunding2Names.data(), kFunding2Names.size());
  int layout = 0;  // 3: public-data file, 2: REST export
  while (auto line = lines.next()) {
    if (line->empty()) continue;
    Row& r = layout == 2 ? row2 : row;
    r.split(*line, lines.line_no());
    if (layout == 0) {
      if (!looks_like_header(r[0])) {
        r.fail_row(
            "funding-rate file has no header row (expected "
            "calc_time,funding_interval_hours,last_funding_rate or "
            "funding_time,funding_rate)");
      }
      if (r.size() == 3 && lower(r[0]) == "calc_time") {
        layout = 3;
      } else if (r.size() == 2 && lower(r[0]) == "funding_time") {
        layout = 2;
      } else {
        r.fail_row(fmt::format("unexpected funding-rate header '{}'", *line));
      }
      continue;
    }
    r.expect_fields(static_cast<std::size_t>(layout));
    FundingRate f;
    f.at = r.epoch_time(0);
    if (layout == 3) {
      const std::int64_t h = r.integer(1);
      if (h <= 0 || h > 24) r.fail(1, fmt::format("funding interval {} h outside 1..24", h));
      f.interval_hours = static_cast<std::int32_t>(h);
      f.rate = r.decimal(2);
    } else {
      f.rate = r.decimal(1);
    }
    if (!out.empty() && f.at <= out.back().at) {
      r.fail(0, fmt::format("time does not increase: {} after {}", to_iso8601(f.at),
                            to_iso8601(out.back().at)));
    }
    out.push_back(f);
  }
  if (out.empty()) fail_empty(source, "funding rates");
  return out;
}

std::vector<FundingRate> read_funding_rates(const std::filesystem::path& path) {
  return parse_funding_rates(load_verified_text(path), path.string());
}

std::string load_verified_text(const std::filesystem::path& path, ChecksumPolicy policy) {
  verify_checksum(path, policy);
  return read_data_text(path);
}

std::string symbol_in_file_name(const std::string& file) {
  const std::string name = std::filesystem::path(file).filename().string();
  if (const auto b = parse_binance_file_name(name)) return b->symbol;
  std::string word;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    const char c = i < name.size() ? name[i] : '_';
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += c;
      continue;
    }
    if (word.size() >= 5 && find_builtin_instrument(word)) return word;
    word.clear();
  }
  return {};
}

}  // namespace talon
