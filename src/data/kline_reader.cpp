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
#include "kline_fields.hpp"

namespace talon {
namespace {

class KlineParser {
 public:
  KlineParser(std::string_view text, std::string_view source) : text_(text), source_(source) {
    series_.source = source;
  }
  explicit KlineParser(std::string_view source) : source_(source) { series_.source = source; }

  KlineSeries run() {
    feed(text_);
    if (series_.bars.empty()) fail_line(0, "", "no klines in file");
    finish();
    return std::move(series_);
  }

  // Streaming (KlineStream): parses every whole line of `text`, appending to bars(); the
  // layout, line numbers and the previous bar's time carry over from one call to the next.
  void feed(std::string_view text) {
    // A UTF-8 byte-order mark would otherwise turn the first kline into a "header".
    std::size_t pos = line_no_ == 0 && text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    while (pos < text.size()) {
      std::size_t nl = text.find('\n', pos);
      if (nl == std::string_view::npos) nl = text.size();
      std::string_view line = text.substr(pos, nl - pos);
      pos = nl + 1;
      ++line_no_;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty()) continue;
      split(line);
      if (first_) {
        first_ = false;
        detect_layout();
        if (header_) continue;
      }
      parse_row();
    }
  }
  std::vector<Bar>& bars() noexcept { return series_.bars; }
  KlineSeries& series() noexcept { return series_; }
  /// Sets close times and gaps of the bars parsed since the last call, with the interval
  /// found in the first batch (the smallest step there) kept for the rest of the stream.
  void finish_batch() {
    auto& bars = series_.bars;
    if (bars.empty()) return;
    if (series_.interval_ns <= 0) {
      finish();
      if (series_.interval_ns > 0) {
        last_open_ = bars.back().open_time;
        have_last_ = true;
      }
      return;
    }
    const std::int64_t interval = series_.interval_ns;
    if (series_.layout == KlineLayout::Ohlcv6) {
      for (Bar& b : bars) {
        std::int64_t close = 0;
        if (__builtin_add_overflow(b.open_time.ns, interval - kNanosPerMilli, &close))
          close = INT64_MAX;
        b.close_time = Timestamp::from_ns(close);
      }
    }
    series_.gaps.clear();
    const Timestamp first = bars.front().open_time;
    if (have_last_ && first > last_open_ &&
        detail::time_step(last_open_, first) > static_cast<std::uint64_t>(interval)) {
      series_.gaps.push_back(
          {last_open_, first, detail::missing_between(last_open_, first, interval)});
    }
    for (const KlineGap& g : find_gaps(bars, interval)) series_.gaps.push_back(g);
    last_open_ = bars.back().open_time;
    have_last_ = true;
  }
  std::size_t line_no() const noexcept { return line_no_; }

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
    return column < detail::kBinanceKlineFields.size() ? detail::kBinanceKlineFields[column]
                                                       : "field";
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
        if (name != detail::kBinanceKlineFields[i]) {
          fail(i, fmt::format("unexpected header column '{}', expected '{}'", fields_[i],
                              detail::kBinanceKlineFields[i]));
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
    prev_open_ = b.open_time;
    have_prev_ = true;
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
    if (have_prev_) {
      const Timestamp prev = prev_open_;
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
  bool first_ = true;
  bool have_prev_ = false;
  Timestamp prev_open_;
  Timestamp last_open_;  ///< streaming: last bar of the previous batch
  bool have_last_ = false;
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

struct KlineStream::Impl {
  explicit Impl(const std::string& source) : parser(source) {}
  KlineParser parser;
  gzFile file = nullptr;
  std::string buffer;  ///< decompressed text not yet parsed (a partial last line)
  // A zip archive or a bar cache: read whole, handed out in batches.
  std::vector<Bar> whole;
  std::size_t whole_next = 0;
  bool whole_mode = false;
  bool eof = false;
  bool any = false;
  std::uintmax_t file_size = 0;
};

namespace {
constexpr std::size_t kStreamBlock = 4 << 20;  // text per batch: ~60,000 klines
constexpr std::size_t kWholeBatch = 65'536;
}  // namespace

KlineStream::KlineStream(const std::filesystem::path& path)
    : source_(path.string()), impl_(std::make_unique<Impl>(source_)) {
  char magic[8] = {};
  std::ifstream(path, std::ios::binary).read(magic, sizeof magic);
  const std::string_view m(magic, sizeof magic);
  if (m == "TALONBAR" || m.substr(0, 2) == "PK") {
    KlineSeries s = read_klines(path);
    impl_->parser.series().layout = s.layout;
    impl_->parser.series().interval_ns = s.interval_ns;
    impl_->parser.series().gaps = std::move(s.gaps);
    impl_->whole = std::move(s.bars);
    impl_->whole_mode = true;
    return;
  }
  // data.binance.vision's <file>.CHECKSUM is verified here too, as read_klines does.
  verify_checksum(path, ChecksumPolicy::IfPresent);
  impl_->file = gzopen(path.c_str(), "rb");
  if (impl_->file == nullptr) {
    throw Error(fmt::format("{}: cannot open: {}", source_, std::strerror(errno)));
  }
  gzbuffer(impl_->file, 1 << 20);
  std::error_code ec;
  impl_->file_size = std::filesystem::file_size(path, ec);
}

double KlineStream::fraction_read() const {
  const Impl& m = *impl_;
  if (m.whole_mode) {
    return m.whole.empty()
               ? 1.0
               : static_cast<double>(m.whole_next) / static_cast<double>(m.whole.size());
  }
  if (m.eof) return 1.0;
  if (m.file_size == 0 || m.file == nullptr) return 0.0;
  const auto at = gzoffset(m.file);
  return at <= 0 ? 0.0 : std::min(1.0, static_cast<double>(at) / static_cast<double>(m.file_size));
}

KlineStream::~KlineStream() {
  if (impl_ && impl_->file != nullptr) gzclose(impl_->file);
}

bool KlineStream::next(std::vector<Bar>& out) {
  Impl& m = *impl_;
  out.clear();
  if (m.whole_mode) {
    if (m.whole_next == m.whole.size()) return false;
    const std::size_t n = std::min(kWholeBatch, m.whole.size() - m.whole_next);
    out.assign(m.whole.begin() + static_cast<std::ptrdiff_t>(m.whole_next),
               m.whole.begin() + static_cast<std::ptrdiff_t>(m.whole_next + n));
    // Gaps of a whole file were found at once; hand them out with the first batch.
    if (m.whole_next != 0) m.parser.series().gaps.clear();
    m.whole_next += n;
    return true;
  }
  std::vector<Bar>& bars = m.parser.bars();
  bars.swap(out);  // parse straight into the caller's storage (keeps its capacity)
  bars.clear();
  while (bars.empty() && !m.eof) {
    const std::size_t old = m.buffer.size();
    m.buffer.resize(old + kStreamBlock);
    const int n = gzread(m.file, m.buffer.data() + old, static_cast<unsigned>(kStreamBlock));
    if (n < 0) {
      int err = 0;
      const std::string msg = gzerror(m.file, &err);
      throw Error(fmt::format("{}: cannot decompress: {}", source_, msg));
    }
    m.buffer.resize(old + static_cast<std::size_t>(n));
    std::size_t upto = m.buffer.size();
    if (n == 0) {
      m.eof = true;
    } else {
      const std::size_t nl = m.buffer.rfind('\n');
      if (nl == std::string::npos) continue;  // no whole line yet
      upto = nl + 1;
    }
    m.parser.feed(std::string_view(m.buffer).substr(0, upto));
    m.buffer.erase(0, upto);
  }
  if (bars.empty()) {
    if (!m.any) throw DataError(fmt::format("{}:0: no klines in file", source_));
    bars.swap(out);
    return false;
  }
  m.any = true;
  m.parser.finish_batch();
  bars.swap(out);
  return true;
}

const std::vector<KlineGap>& KlineStream::batch_gaps() const {
  return impl_->parser.series().gaps;
}

std::int64_t KlineStream::interval_ns() const {
  return impl_->parser.series().interval_ns;
}

KlineLayout KlineStream::layout() const {
  return impl_->parser.series().layout;
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
