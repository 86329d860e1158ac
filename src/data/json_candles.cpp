#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <vector>

#include <talon/core/error.hpp>
#include <talon/data/ohlcv_import.hpp>

#include "bar_checks.hpp"
#include "csv_row.hpp"
#include "kline_fields.hpp"

namespace talon {
namespace {

// SAX handler that collects, as text, the scalars of every array sitting directly inside
// the array that `pointer` designates. Text, because a double cannot carry 0.1 exactly.
class CandleSax : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit CandleSax(std::vector<std::string> path) : target_(std::move(path)) {}

  std::vector<std::vector<std::string>> candles;
  bool found = false;

  bool null() override { return scalar("null"); }
  bool boolean(bool v) override { return scalar(v ? "true" : "false"); }
  bool number_integer(number_integer_t v) override { return scalar(std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) override { return scalar(std::to_string(v)); }
  bool number_float(number_float_t, const string_t& s) override { return scalar(s); }
  bool string(string_t& v) override { return scalar(v); }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    push_element();
    stack_.push_back({false, ""});
    return true;
  }
  bool key(string_t& k) override {
    stack_.back().key = k;
    return true;
  }
  bool end_object() override {
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t) override {
    push_element();
    if (in_candle_list()) {
      candles.emplace_back();
      collecting_ = true;
    } else if (at_target()) {
      found = true;
    }
    stack_.push_back({true, ""});
    return true;
  }
  bool end_array() override {
    stack_.pop_back();
    if (collecting_ && stack_.size() == target_.size() + 1) collecting_ = false;
    return true;
  }
  bool parse_error(std::size_t pos, const std::string&,
                   const nlohmann::detail::exception& e) override {
    throw ParseError(fmt::format("JSON does not parse at byte {}: {}", pos, e.what()));
  }

 private:
  struct Level {
    bool array;
    std::string key;
  };
  void push_element() {}
  // The current path (keys of enclosing objects; arrays contribute nothing) equals target.
  bool path_is(std::size_t depth_extra) const {
    std::vector<std::string> keys;
    std::size_t arrays = 0;
    for (const Level& l : stack_) {
      if (l.array)
        ++arrays;
      else
        keys.push_back(l.key);
    }
    return keys == target_ && stack_.size() == target_.size() + depth_extra;
  }
  bool at_target() const { return path_is(0); }
  bool in_candle_list() const {
    return !stack_.empty() && stack_.back().array && path_is(1) && !collecting_;
  }
  bool scalar(std::string v) {
    if (collecting_ && stack_.size() == target_.size() + 2) candles.back().push_back(std::move(v));
    return true;
  }

  std::vector<std::string> target_;
  std::vector<Level> stack_;
  bool collecting_ = false;
};

std::vector<std::string> split_pointer(std::string_view p) {
  std::vector<std::string> out;
  if (p.empty()) return out;
  if (p.front() != '/')
    throw InvalidArgument(fmt::format("JSON pointer '{}' must start with '/'", p));
  std::size_t start = 1;
  for (;;) {
    const std::size_t slash = p.find('/', start);
    const std::string_view raw =
        p.substr(start, slash == std::string_view::npos ? slash : slash - start);
    std::string part;  // RFC 6901 escapes: ~1 is '/', ~0 is '~'
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '~' && i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
        part += raw[++i] == '1' ? '/' : '~';
      } else {
        part += raw[i];
      }
    }
    out.push_back(std::move(part));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

}  // namespace

KlineSeries parse_json_candles(std::string_view text, std::string_view source,
                               std::string_view pointer) {
  CandleSax sax(split_pointer(pointer));
  try {
    nlohmann::json::sax_parse(text.begin(), text.end(), &sax);
  } catch (const ParseError& e) {
    throw ParseError(fmt::format("{}: {}", source, e.what()));
  }
  if (!sax.found) {
    throw DataError(fmt::format("{}: no array at JSON pointer '{}'", source, pointer));
  }
  KlineSeries s;
  s.source = source;
  s.layout = KlineLayout::Binance12;
  bool binance = true;
  for (const auto& c : sax.candles) binance = binance && c.size() >= 12;
  s.layout = binance && !sax.candles.empty() ? KlineLayout::Binance12 : KlineLayout::Ohlcv6;
  for (std::size_t i = 0; i < sax.candles.size(); ++i) {
    const auto& c = sax.candles[i];
    auto fail = [&](std::size_t f, std::string_view why) -> void {
      throw DataError(
          fmt::format("{}: candle {}: {}: {}", source, i, detail::kBinanceKlineFields[f], why));
    };
    if (c.size() < 6) {
      throw DataError(fmt::format("{}: candle {}: expected at least 6 elements, found {}", source,
                                  i, c.size()));
    }
    auto integer = [&](std::size_t f) {
      std::int64_t v = 0;
      const auto r = std::from_chars(c[f].data(), c[f].data() + c[f].size(), v);
      if (r.ec != std::errc() || r.ptr != c[f].data() + c[f].size() || v < 0) {
        fail(f, fmt::format("not a non-negative integer: '{}'", c[f]));
      }
      return v;
    };
    auto dec = [&](std::size_t f) {
      const auto d = Decimal::try_parse(c[f]);
      if (!d)
        fail(f, fmt::format("not a decimal number with at most 8 fractional digits: '{}'", c[f]));
      return *d;
    };
    auto time = [&](std::size_t f) {
      const std::int64_t v = integer(f);
      const auto t = detail::binance_epoch_time(v);
      if (!t) fail(f, detail::binance_time_range_error(v));
      return *t;
    };
    Bar b;
    b.open_time = time(0);
    b.open = dec(1);
    b.high = dec(2);
    b.low = dec(3);
    b.close = dec(4);
    b.volume = dec(5);
    if (s.layout == KlineLayout::Binance12) {
      b.close_time = time(6);
      b.quote_volume = dec(7);
      b.trades_count = integer(8);
      b.taker_buy_base_volume = dec(9);
      b.taker_buy_quote_volume = dec(10);
    }
    if (auto p = detail::bar_problem(b, nullptr)) {
      throw DataError(fmt::format("{}: candle {}: {}: {}", source, i, p->field, p->why));
    }
    s.bars.push_back(b);
  }
  if (s.bars.empty()) throw DataError(fmt::format("{}: no candles", source));
  if (s.bars.size() > 1 && s.bars.front().open_time > s.bars.back().open_time) {
    std::reverse(s.bars.begin(), s.bars.end());
  }
  for (std::size_t i = 1; i < s.bars.size(); ++i) {
    if (auto p = detail::bar_problem(s.bars[i], &s.bars[i - 1])) {
      throw DataError(fmt::format("{}: candle at {}: {}: {}", source,
                                  to_iso8601(s.bars[i].open_time), p->field, p->why));
    }
  }
  detail::finish_series(s, s.layout == KlineLayout::Binance12);
  return s;
}

}  // namespace talon
