#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>

#include <talon/core/error.hpp>
#include <talon/data/archive.hpp>
#include <talon/data/bar_cache.hpp>
#include <talon/data/kline_reader.hpp>

#include "bar_checks.hpp"
#include "csv_row.hpp"

namespace talon {
namespace {

constexpr std::array<std::string_view, 12> kBinanceFields = {"open_time",
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

class KlineParser {
 public:
  KlineParser(std::string_view text, std::string_view source) : text_(text), source_(source) {
    series_.source = source;
  }

  KlineSeries run() {
    // A UTF-8 byte-order mark would otherwise turn the first kline into a "header".
    std::size_t pos = text_.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    bool first = true;
    while (pos < text_.size()) {
      std::size_t nl = text_.find('\n', pos);
      if (nl == std::string_view::npos) nl = text_.size();
      std::string_view line = text_.substr(pos, nl - pos);
      pos = nl + 1;
      ++line_no_;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty()) continue;
      split(line);
      if (first) {
        first = false;
        detect_layout();
        if (header_) continue;
      }
      parse_row();
    }
    if (series_.bars.empty()) fail_line(0, "", "no klines in file");
    finish();
    return std::move(series_);
  }

 private:
  [[noreturn]] void fail_line(std::size_t line, std::string_view field,
                              std::string_view why) const {
    if (field.empty()) throw DataError(fmt::format("{}:{}: {}", source_, line, why));
    throw DataError(fmt::format("{}:{}: {}: {}", source_, line, field, why));
  }
  [[noreturn]] void fail(std::size_t column, std::string_view why) const {
    fail_line(line_no_, field_name(column), why);
  }
  std::string_view field_name(std::size_t column) const {
    return column < kBinanceFields.size() ? kBinanceFields[column] : "field";
  }

  void split(std::string_view line) {
    n_fields_ = 0;
    std::size_t start = 0;
    while (n_fields_ < fields_.size()) {
      const std::size_t comma = line.find(',', start);
      if (comma == std::string_view::npos) {
        fields_[n_fields_++] = line.substr(start);
        return;
      }
      fields_[n_fields_++] = line.substr(start, comma - start);
      start = comma + 1;
    }
    fail_line(line_no_, "", fmt::format("more than {} fields", fields_.size()));
  }

  static bool is_number_start(std::string_view f) {
    return !f.empty() && ((f[0] >= '0' && f[0] <= '9') || f[0] == '-' || f[0] == '+');
  }

  void detect_layout() {
    header_ = !is_number_start(fields_[0]);
    if (n_fields_ >= 12) {
      series_.layout = KlineLayout::Binance12;
      expected_ = 12;
    } else if (n_fields_ == 6) {
      series_.layout = KlineLayout::Ohlcv6;
      expected_ = 6;
      if (!header_) {
        fail_line(line_no_, "",
                  "6-column kline file has no header row "
                  "(expected open_time,open,high,low,close,volume)");
      }
    } else {
      fail_line(line_no_, "",
                fmt::format("expected 12 fields (Binance kline) or 6 fields "
                            "(open_time,open,high,low,close,volume), found {}",
                            n_fields_));
    }
    if (header_ && expected_ == 6) {
      for (std::size_t i = 0; i < 6; ++i) {
        std::string name(fields_[i]);
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (name != kBinanceFields[i]) {
          fail(i, fmt::format("unexpected header column '{}', expected '{}'", fields_[i],
                              kBinanceFields[i]));
        }
      }
    }
  }

  std::int64_t parse_int(std::size_t col) const {
    std::string_view f = fields_[col];
    if (f.empty()) fail(col, "empty field, expected an integer");
    std::int64_t v = 0;
    std::size_t i = 0;
    const bool neg = f[0] == '-';
    if (neg) i = 1;
    if (i == f.size()) fail(col, fmt::format("not an integer: '{}'", f));
    for (; i < f.size(); ++i) {
      const char c = f[i];
      if (c < '0' || c > '9') fail(col, fmt::format("not an integer: '{}'", f));
      if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, c - '0', &v)) {
        fail(col, fmt::format("integer out of range: '{}'", f));
      }
    }
    return neg ? -v : v;
  }

  Timestamp parse_time(std::size_t col) const {
    const std::int64_t v = parse_int(col);
    if (v < 0) fail(col, fmt::format("negative time {}", v));
    const auto t = detail::binance_epoch_time(v);
    if (!t) fail(col, detail::binance_time_range_error(v));
    return *t;
  }

  Decimal parse_decimal(std::size_t col) const {
    const auto d = Decimal::try_parse(fields_[col]);
    if (!d) {
      if (fields_[col].empty()) fail(col, "empty field, expected a number");
      fail(col, fmt::format("not a decimal number with at most 8 fractional digits: '{}'",
                            fields_[col]));
    }
    return *d;
  }

  void parse_row() {
    if (n_fields_ < expected_) {
      fail_line(line_no_, "",
                fmt::format("short row: expected {} fields, found {}", expected_, n_fields_));
    }
    Bar b;
    b.open_time = parse_time(0);
    b.open = parse_decimal(1);
    b.high = parse_decimal(2);
    b.low = parse_decimal(3);
    b.close = parse_decimal(4);
    b.volume = parse_decimal(5);
    if (expected_ == 12) {
      b.close_time = parse_time(6);
      b.quote_volume = parse_decimal(7);
      b.trades_count = parse_int(8);
      b.taker_buy_base_volume = parse_decimal(9);
      b.taker_buy_quote_volume = parse_decimal(10);
      if (b.close_time < b.open_time) fail(6, "close_time before open_time");
      if (b.trades_count < 0) fail(8, "negative trade count");
      if (b.quote_volume.is_negative()) fail(7, "negative volume");
      if (b.taker_buy_base_volume.is_negative()) fail(9, "negative volume");
      if (b.taker_buy_quote_volume.is_negative()) fail(10, "negative volume");
    }
    check(b);
    series_.bars.push_back(b);
  }

  void check(const Bar& b) const {
    for (std::size_t col = 1; col <= 4; ++col) {
      const Decimal& p = col == 1 ? b.open : col == 2 ? b.high : col == 3 ? b.low : b.close;
      if (!p.is_positive()) fail(col, fmt::format("price must be positive, got {}", p.to_string()));
    }
    if (b.volume.is_negative()) fail(5, fmt::format("negative volume {}", b.volume.to_string()));
    if (b.high < b.low) {
      fail(2, fmt::format("high {} is below low {}", b.high.to_string(), b.low.to_string()));
    }
    if (b.open < b.low || b.open > b.high) {
      fail(1, fmt::format("open {} outside [low {}, high {}]", b.open.to_string(),
                          b.low.to_string(), b.high.to_string()));
    }
    if (b.close < b.low || b.close > b.high) {
      fail(4, fmt::format("close {} outside [low {}, high {}]", b.close.to_string(),
                          b.low.to_string(), b.high.to_string()));
    }
    if (!series_.bars.empty()) {
      const Timestamp prev = series_.bars.back().open_time;
      if (b.open_time == prev) {
        fail(0, fmt::format("duplicate bar at {}", to_iso8601(b.open_time)));
      }
      if (b.open_time < prev) {
        fail(0, fmt::format("time goes backwards: {} after {}", to_iso8601(b.open_time),
                            to_iso8601(prev)));
      }
    }
  }

  void finish() {
    auto& bars = series_.bars;
    std::int64_t interval = 0;
    if (series_.layout == KlineLayout::Binance12) {
      // close_time is the last millisecond (or microsecond) of the bar.
      const Bar& b = bars.front();
      const std::int64_t tick =
          b.close_time.ns % kNanosPerMilli == 0 ? kNanosPerMilli : kNanosPerMicro;
      interval = b.close_time.ns - b.open_time.ns + tick;
    }
    if (bars.size() > 1 && interval <= 0) {
      std::uint64_t smallest = UINT64_MAX;
      for (std::size_t i = 1; i < bars.size(); ++i)
        smallest = std::min(smallest, detail::time_step(bars[i - 1].open_time, bars[i].open_time));
      interval = smallest > static_cast<std::uint64_t>(INT64_MAX)
                     ? 0
                     : static_cast<std::int64_t>(smallest);
    }
    series_.interval_ns = interval;
    if (series_.layout == KlineLayout::Ohlcv6 && interval > 0) {
      for (Bar& b : bars) {
        std::int64_t close = 0;
        if (__builtin_add_overflow(b.open_time.ns, interval - kNanosPerMilli, &close))
          close = INT64_MAX;
        b.close_time = Timestamp::from_ns(close);
      }
    }
    series_.gaps = find_gaps(bars, interval);
  }

  std::string_view text_;
  std::string_view source_;
  KlineSeries series_;
  std::array<std::string_view, 16> fields_{};
  std::size_t n_fields_ = 0;
  std::size_t expected_ = 0;
  std::size_t line_no_ = 0;
  bool header_ = false;
};

[[noreturn]] void fail_empty_cache(const std::filesystem::path& path) {
  throw DataError(fmt::format("{}:0: no klines in file", path.string()));
}

}  // namespace

std::string read_maybe_gzip(const std::filesystem::path& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) {
    throw Error(fmt::format("{}: cannot open: {}", path.string(), std::strerror(errno)));
  }
  gzbuffer(f, 1 << 20);
  std::string out;
  std::error_code ec;
  const std::uint64_t limit = max_input_bytes();
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec) out.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(size * 3, limit)));
  char buf[1 << 16];
  for (;;) {
    if (out.size() > limit) {
      gzclose(f);
      throw DataError(
          fmt::format("{}: larger than the input limit of {} bytes (set "
                      "TALON_MAX_INPUT_BYTES to read larger files)",
                      path.string(), limit));
    }
    const int n = gzread(f, buf, sizeof buf);
    if (n < 0) {
      int err = 0;
      const std::string msg = gzerror(f, &err);
      gzclose(f);
      throw Error(fmt::format("{}: cannot decompress: {}", path.string(), msg));
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  gzclose(f);
  return out;
}

KlineSeries parse_klines(std::string_view text, std::string_view source) {
  return KlineParser(text, source).run();
}

std::vector<KlineGap> find_gaps(std::span<const Bar> bars, std::int64_t interval_ns) {
  std::vector<KlineGap> gaps;
  for (std::size_t i = 1; i < bars.size() && interval_ns > 0; ++i) {
    const Timestamp a = bars[i - 1].open_time, b = bars[i].open_time;
    if (b > a && detail::time_step(a, b) > static_cast<std::uint64_t>(interval_ns))
      gaps.push_back({a, b, detail::missing_between(a, b, interval_ns)});
  }
  return gaps;
}

KlineSeries read_klines(const std::filesystem::path& path) {
  // A talon bar cache is memory-mapped, not parsed (see bar_cache.hpp).
  char magic[8] = {};
  std::ifstream(path, std::ios::binary).read(magic, sizeof magic);
  if (std::string_view(magic, sizeof magic) == "TALONBAR") {
    const BarCache cache(path);
    KlineSeries s;
    s.source = path.string();
    s.layout = KlineLayout::Binance12;
    s.interval_ns = cache.info().interval_ns;
    s.bars = cache.to_bars();
    if (s.bars.empty()) fail_empty_cache(path);
    s.gaps = find_gaps(s.bars, s.interval_ns);
    return s;
  }
  // data.binance.vision's <file>.CHECKSUM is verified wherever a file is read, not only by
  // `data check` and `data import`.
  verify_checksum(path, ChecksumPolicy::IfPresent);
  const std::string text = read_data_text(path);
  return parse_klines(text, path.string());
}

std::string interval_name(std::int64_t ns) {
  if (ns <= 0) return "unknown";
  if (ns % (7 * kNanosPerDay) == 0) return fmt::format("{}w", ns / (7 * kNanosPerDay));
  if (ns % kNanosPerDay == 0) return fmt::format("{}d", ns / kNanosPerDay);
  if (ns % kNanosPerHour == 0) return fmt::format("{}h", ns / kNanosPerHour);
  if (ns % kNanosPerMinute == 0) return fmt::format("{}m", ns / kNanosPerMinute);
  if (ns % kNanosPerSecond == 0) return fmt::format("{}s", ns / kNanosPerSecond);
  return fmt::format("{}ms", ns / kNanosPerMilli);
}

}  // namespace talon
