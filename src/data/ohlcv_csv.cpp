#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>

#include <talon/core/error.hpp>
#include <talon/data/archive.hpp>
#include <talon/data/ohlcv_import.hpp>

#include "bar_checks.hpp"
#include "csv_row.hpp"

namespace talon {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

KlineSeries parse_ohlcv_csv(std::string_view text, std::string_view source,
                            const OhlcvCsvOptions& opt) {
  const std::array<const std::string*, 6> wanted = {&opt.columns.time,  &opt.columns.open,
                                                    &opt.columns.high,  &opt.columns.low,
                                                    &opt.columns.close, &opt.columns.volume};
  std::array<std::string_view, 6> names;
  for (std::size_t i = 0; i < 6; ++i) names[i] = *wanted[i];
  std::array<std::ptrdiff_t, 6> col;
  col.fill(-1);
  if (opt.utc_offset_minutes < -24 * 60 || opt.utc_offset_minutes > 24 * 60) {
    throw InvalidArgument(fmt::format("{}: UTC offset {} minutes is not within a day", source,
                                      opt.utc_offset_minutes));
  }
  KlineSeries s;
  s.source = source;
  s.layout = KlineLayout::Ohlcv6;
  detail::LineCursor lines(text);
  detail::Row<64> row(source, nullptr, 0);
  bool mapped = false;
  std::array<std::string_view, 64> col_names{};
  auto fail = [&](std::size_t which, std::string_view why) -> void {
    throw DataError(fmt::format("{}:{}: {}: {}", source, row.line_no(), names[which], why));
  };
  auto map_by_index = [&](std::size_t n_fields) {
    for (std::size_t i = 0; i < 6; ++i) {
      if (wanted[i]->empty()) continue;
      std::size_t idx = 0;
      const auto* b = wanted[i]->data();
      const auto r = std::from_chars(b, b + wanted[i]->size(), idx);
      if (r.ec != std::errc() || r.ptr != b + wanted[i]->size()) {
        throw InvalidArgument(
            fmt::format("{}: column '{}' must be a 0-based index when the file has no header",
                        source, *wanted[i]));
      }
      if (idx >= n_fields) {
        row.fail_row(fmt::format("column index {} for {} but the row has {} fields", idx,
                                 i == 0 ? "time" : *wanted[i], n_fields));
      }
      col[i] = static_cast<std::ptrdiff_t>(idx);
    }
  };
  while (auto line = lines.next()) {
    if (line->empty()) continue;
    row.split(*line, lines.line_no(), opt.delimiter);
    if (!mapped) {
      mapped = true;
      if (opt.has_header) {
        for (std::size_t i = 0; i < 6; ++i) {
          if (wanted[i]->empty()) continue;
          for (std::size_t f = 0; f < row.size(); ++f) {
            if (lower(row[f]) == lower(*wanted[i])) col[i] = static_cast<std::ptrdiff_t>(f);
          }
          if (col[i] < 0) {
            row.fail_row(fmt::format("header has no column '{}' (columns: {})", *wanted[i],
                                     std::string(*line)));
          }
        }
        for (std::size_t f = 0; f < row.size() && f < col_names.size(); ++f) col_names[f] = row[f];
        continue;
      }
      map_by_index(row.size());
    }
    Bar b;
    auto field = [&](std::size_t which) -> std::string_view {
      const auto c = static_cast<std::size_t>(col[which]);
      if (c >= row.size()) {
        row.fail_row(fmt::format("short row: no field {} for {}", c + 1, names[which]));
      }
      return row[c];
    };
    auto dec = [&](std::size_t which) -> Decimal {
      if (col[which] < 0) return Decimal{};
      const std::string_view f = field(which);
      auto d = Decimal::try_parse(f);
      if (!d && opt.round_excess_digits) {
        try {
          d = Decimal::parse(f, Rounding::HalfEven);
        } catch (const ParseError&) {
        }
      }
      if (!d) fail(which, fmt::format("not a decimal number: '{}'", f));
      return *d;
    };
    const std::string_view tf = field(0);
    TimeFormat fmt_ = opt.time_format;
    std::int64_t ns = 0;
    if (fmt_ == TimeFormat::Auto)
      fmt_ = all_digits(tf) ? TimeFormat::EpochNanos : TimeFormat::Iso8601;
    if (fmt_ == TimeFormat::Iso8601) {
      try {
        ns = parse_iso8601(tf).ns;
      } catch (const ParseError& e) {
        fail(0, e.what());
      }
      const bool has_offset =
          tf.size() > 10 && (tf.back() == 'Z' || tf.find('+', 10) != std::string_view::npos ||
                             tf.find('-', 10) != std::string_view::npos);
      if (!has_offset && tf.size() > 10 &&
          __builtin_sub_overflow(ns, std::int64_t{opt.utc_offset_minutes} * kNanosPerMinute, &ns)) {
        fail(0, fmt::format("time '{}' is out of range after the UTC offset ({})", tf,
                            kTimestampRangeText));
      }
    } else {
      std::int64_t v = 0;
      const auto r = std::from_chars(tf.data(), tf.data() + tf.size(), v);
      if (r.ec != std::errc() || r.ptr != tf.data() + tf.size() || v < 0) {
        fail(0, fmt::format("not an epoch time: '{}'", tf));
      }
      // Auto magnitudes: seconds < 1e11 (year 5138), ms < 1e14, µs < 1e17, else ns.
      const bool a = opt.time_format == TimeFormat::Auto;
      const bool secs = a ? v < 100'000'000'000 : fmt_ == TimeFormat::EpochSeconds;
      const bool ms = a ? !secs && v < 100'000'000'000'000 : fmt_ == TimeFormat::EpochMillis;
      const bool us =
          a ? !secs && !ms && v < 100'000'000'000'000'000 : fmt_ == TimeFormat::EpochMicros;
      const std::int64_t unit = secs ? kNanosPerSecond
                                : ms ? kNanosPerMilli
                                : us ? kNanosPerMicro
                                     : 1;
      if (__builtin_mul_overflow(v, unit, &ns)) {
        fail(0, fmt::format("time {} is out of range: read as {} it is after 2262-04-11 ({})", tf,
                            secs ? "seconds"
                            : ms ? "milliseconds"
                                 : "microseconds",
                            kTimestampRangeText));
      }
    }
    b.open_time = Timestamp::from_ns(ns);
    b.open = dec(1);
    b.high = dec(2);
    b.low = dec(3);
    b.close = dec(4);
    b.volume = dec(5);
    if (auto p = detail::bar_problem(b, s.bars.empty() ? nullptr : &s.bars.back())) {
      std::size_t which = 0;
      for (std::size_t i = 1; i < 6; ++i) {
        if (p->field ==
            std::array<std::string_view, 6>{"time", "open", "high", "low", "close", "volume"}[i])
          which = i;
      }
      fail(which, p->why);
    }
    s.bars.push_back(b);
  }
  if (s.bars.empty()) throw DataError(fmt::format("{}:0: no bars in file", source));
  detail::finish_series(s, false);
  return s;
}

KlineSeries read_ohlcv_csv(const std::filesystem::path& path, const OhlcvCsvOptions& options) {
  const std::string text = read_data_text(path);
  return parse_ohlcv_csv(text, path.string(), options);
}

}  // namespace talon
