#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include <talon/core/error.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/data/validate.hpp>

#include "bar_checks.hpp"
#include "csv_row.hpp"
#include "kline_fields.hpp"

namespace talon {
namespace {

struct LineBar {
  Bar bar;
  std::size_t line;
};

void add(ValidationReport& r, IssueKind k, std::size_t line, Timestamp t, std::int64_t count,
         std::string detail) {
  r.issues.push_back({k, line, t, count, std::move(detail)});
}

ValidationReport check_sequence(std::vector<LineBar> rows, std::int64_t interval_ns,
                                std::string_view source, const ValidationOptions& opt,
                                ValidationReport r) {
  if (!(opt.outlier_sigma > 0) || !std::isfinite(opt.outlier_sigma)) {
    throw InvalidArgument(fmt::format(
        "outlier threshold {} sigma: expected a positive finite number", opt.outlier_sigma));
  }
  if (opt.zero_volume_run == 0) {
    throw InvalidArgument("zero-volume run length 0: expected at least 1 bar");
  }
  r.source = source;
  // Pass 1: per-bar rules, then order. Rows breaking the order are dropped from the series.
  std::vector<LineBar> kept;
  kept.reserve(rows.size());
  for (const LineBar& lb : rows) {
    const Bar& b = lb.bar;
    if (!b.open.is_positive() || !b.high.is_positive() || !b.low.is_positive() ||
        !b.close.is_positive()) {
      add(r, IssueKind::NonPositive, lb.line, b.open_time, 1,
          fmt::format("price not positive: open {} high {} low {} close {}", b.open.to_string(),
                      b.high.to_string(), b.low.to_string(), b.close.to_string()));
    }
    if (b.volume.is_negative()) {
      add(r, IssueKind::NonPositive, lb.line, b.open_time, 1,
          fmt::format("negative volume {}", b.volume.to_string()));
    }
    if (b.high < b.low || b.open < b.low || b.open > b.high || b.close < b.low ||
        b.close > b.high) {
      add(r, IssueKind::OhlcInconsistent, lb.line, b.open_time, 1,
          fmt::format("open {} high {} low {} close {}: need low <= open, close <= high",
                      b.open.to_string(), b.high.to_string(), b.low.to_string(),
                      b.close.to_string()));
    }
    if (!kept.empty()) {
      const Timestamp prev = kept.back().bar.open_time;
      if (b.open_time == prev) {
        add(r, IssueKind::Duplicate, lb.line, b.open_time, 1,
            fmt::format("duplicate bar at {} (first at line {})", to_iso8601(b.open_time),
                        kept.back().line));
        continue;
      }
      if (b.open_time < prev) {
        add(r, IssueKind::OutOfOrder, lb.line, b.open_time, 1,
            fmt::format("bar at {} comes after {}", to_iso8601(b.open_time), to_iso8601(prev)));
        continue;
      }
    }
    kept.push_back(lb);
  }
  r.bars = kept.size();
  if (kept.empty()) return r;
  r.first_open = kept.front().bar.open_time;
  r.last_open = kept.back().bar.open_time;
  if (interval_ns <= 0 && kept.size() > 1) {
    std::uint64_t smallest = INT64_MAX;
    for (std::size_t i = 1; i < kept.size(); ++i) {
      smallest =
          std::min(smallest, detail::time_step(kept[i - 1].bar.open_time, kept[i].bar.open_time));
    }
    interval_ns = static_cast<std::int64_t>(smallest);
  }
  r.interval_ns = interval_ns > 0 ? interval_ns : 0;
  // Pass 2: gaps and zero-volume runs.
  std::size_t run = 0;
  for (std::size_t i = 0; i <= kept.size(); ++i) {
    const bool zero = i < kept.size() && kept[i].bar.volume.is_zero();
    if (zero) {
      ++run;
    } else {
      if (run >= opt.zero_volume_run && run > 0) {
        const LineBar& s = kept[i - run];
        add(r, IssueKind::ZeroVolumeRun, s.line, s.bar.open_time, static_cast<std::int64_t>(run),
            fmt::format("{} consecutive bars with zero volume from {}", run,
                        to_iso8601(s.bar.open_time)));
      }
      run = 0;
    }
    if (i == 0 || i == kept.size() || r.interval_ns == 0) continue;
    const Timestamp a = kept[i - 1].bar.open_time, b = kept[i].bar.open_time;
    if (detail::time_step(a, b) > static_cast<std::uint64_t>(r.interval_ns)) {
      const std::int64_t missing = detail::missing_between(a, b, r.interval_ns);
      if (__builtin_add_overflow(r.missing_bars, missing, &r.missing_bars))
        r.missing_bars = INT64_MAX;
      add(r, IssueKind::Gap, kept[i].line, kept[i - 1].bar.open_time, missing,
          fmt::format("{} bar{} missing between {} and {}", missing, missing == 1 ? "" : "s",
                      to_iso8601(kept[i - 1].bar.open_time), to_iso8601(kept[i].bar.open_time)));
    }
  }
  // Pass 3: outliers, |log(close_i / close_{i-1})| > k * stddev over the whole series.
  std::vector<double> rets;
  rets.reserve(kept.size());
  for (std::size_t i = 1; i < kept.size(); ++i) {
    const double a = kept[i - 1].bar.close.to_double();
    const double b = kept[i].bar.close.to_double();
    rets.push_back(a > 0 && b > 0 ? std::log(b / a) : 0.0);
  }
  if (rets.size() >= 2) {
    double mean = 0;
    for (double x : rets) mean += x;
    mean /= static_cast<double>(rets.size());
    double var = 0;
    for (double x : rets) var += (x - mean) * (x - mean);
    var /= static_cast<double>(rets.size() - 1);
    r.return_stddev = std::sqrt(var);
    if (r.return_stddev > 0) {
      for (std::size_t i = 0; i < rets.size(); ++i) {
        const double z = (rets[i] - mean) / r.return_stddev;
        if (std::fabs(z) > opt.outlier_sigma) {
          const LineBar& lb = kept[i + 1];
          add(r, IssueKind::Outlier, lb.line, lb.bar.open_time, 1,
              fmt::format("close {} after {}: log return {:.6f} is {:.1f} sigma",
                          lb.bar.close.to_string(), kept[i].bar.close.to_string(), rets[i], z));
        }
      }
    }
  }
  return r;
}

}  // namespace

std::string_view to_string(IssueKind k) {
  switch (k) {
    case IssueKind::Malformed: return "malformed";
    case IssueKind::OhlcInconsistent: return "ohlc";
    case IssueKind::NonPositive: return "non_positive";
    case IssueKind::Duplicate: return "duplicate";
    case IssueKind::OutOfOrder: return "out_of_order";
    case IssueKind::Gap: return "gap";
    case IssueKind::ZeroVolumeRun: return "zero_volume";
    case IssueKind::Outlier: return "outlier";
  }
  return "unknown";
}

std::size_t ValidationReport::count(IssueKind k) const {
  return static_cast<std::size_t>(
      std::count_if(issues.begin(), issues.end(), [k](const DataIssue& i) { return i.kind == k; }));
}

ValidationReport check_kline_text(std::string_view text, std::string_view source,
                                  const ValidationOptions& options) {
  ValidationReport report;
  detail::LineCursor lines(text);
  detail::Row<16> row(source, detail::kBinanceKlineFields.data(),
                      detail::kBinanceKlineFields.size());
  std::size_t expected = 0;
  std::int64_t interval_ns = 0;
  std::vector<LineBar> rows;
  rows.reserve(text.size() / 60);
  while (auto line = lines.next()) {
    if (line->empty()) continue;
    try {
      row.split(*line, lines.line_no());
    } catch (const DataError& e) {
      if (expected == 0) throw;
      ++report.rows;
      add(report, IssueKind::Malformed, lines.line_no(), {}, 1, e.what());
      continue;
    }
    if (expected == 0) {
      if (row.size() >= 12) {
        expected = 12;
      } else if (row.size() == 6 && detail::looks_like_header(row[0])) {
        expected = 6;
        // The same header the kline reader requires, so that check and import agree.
        for (std::size_t i = 0; i < 6; ++i) {
          std::string name(row[i]);
          for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          if (name != detail::kBinanceKlineFields[i]) {
            row.fail(i, fmt::format("unexpected header column '{}', expected '{}'", row[i],
                                    detail::kBinanceKlineFields[i]));
          }
        }
      } else {
        row.fail_row(fmt::format(
            "expected 12 fields (Binance kline) or 6 (open_time,open,high,low,close,volume "
            "with a header row), found {}",
            row.size()));
      }
      if (detail::looks_like_header(row[0])) continue;
    }
    ++report.rows;
    try {
      row.expect_fields(expected);
      LineBar lb{{}, lines.line_no()};
      Bar& b = lb.bar;
      b.open_time = row.epoch_time(0);
      b.open = row.decimal(1);
      b.high = row.decimal(2);
      b.low = row.decimal(3);
      b.close = row.decimal(4);
      b.volume = row.decimal(5);
      if (expected == 12) {
        b.close_time = row.epoch_time(6);
        b.quote_volume = row.non_negative(7);
        b.trades_count = row.integer(8);
        if (b.trades_count < 0) row.fail(8, fmt::format("negative trade count {}", b.trades_count));
        b.taker_buy_base_volume = row.non_negative(9);
        b.taker_buy_quote_volume = row.non_negative(10);
        if (b.close_time < b.open_time) {
          row.fail(6, fmt::format("close_time {} is before open_time {}", to_iso8601(b.close_time),
                                  to_iso8601(b.open_time)));
        }
        if (interval_ns == 0 && b.close_time > b.open_time) {
          const std::int64_t tick =
              b.close_time.ns % kNanosPerMilli == 0 ? kNanosPerMilli : kNanosPerMicro;
          interval_ns = b.close_time.ns - b.open_time.ns + tick;
        }
      }
      rows.push_back(lb);
    } catch (const DataError& e) {
      add(report, IssueKind::Malformed, lines.line_no(), {}, 1, e.what());
    }
  }
  if (expected == 0) throw DataError(fmt::format("{}:0: no klines in file", source));
  if (report.rows == 0) {
    throw DataError(
        fmt::format("{}:{}: no klines in file, only a header row", source, lines.line_no()));
  }
  return check_sequence(std::move(rows), interval_ns, source, options, std::move(report));
}

ValidationReport check_bars(std::span<const Bar> bars, std::int64_t interval_ns,
                            std::string_view source, const ValidationOptions& options) {
  std::vector<LineBar> rows;
  rows.reserve(bars.size());
  for (const Bar& b : bars) rows.push_back({b, 0});
  ValidationReport r;
  r.rows = bars.size();
  return check_sequence(std::move(rows), interval_ns, source, options, std::move(r));
}

std::string format_report(const ValidationReport& r, std::size_t max_issues) {
  std::string out;
  out += fmt::format("{}: {} rows, {} bars", r.source, r.rows, r.bars);
  if (r.bars > 0) {
    out += fmt::format(", interval {}, {} .. {}", interval_name(r.interval_ns),
                       to_iso8601(r.first_open), to_iso8601(r.last_open));
  }
  out += "\n";
  for (auto k : {IssueKind::Malformed, IssueKind::OhlcInconsistent, IssueKind::NonPositive,
                 IssueKind::Duplicate, IssueKind::OutOfOrder, IssueKind::Gap,
                 IssueKind::ZeroVolumeRun, IssueKind::Outlier}) {
    std::string extra;
    if (k == IssueKind::Gap) extra = fmt::format(" ({} bars missing)", r.missing_bars);
    if (k == IssueKind::Outlier) extra = fmt::format(" (return stddev {:.6f})", r.return_stddev);
    out += fmt::format("  {:<13} {}{}\n", to_string(k), r.count(k), extra);
  }
  std::size_t shown = 0;
  for (const DataIssue& i : r.issues) {
    if (shown++ == max_issues) {
      out += fmt::format("  ... {} more\n", r.issues.size() - max_issues);
      break;
    }
    if (i.kind == IssueKind::Malformed) {
      out += fmt::format("  {}: {}\n", to_string(i.kind), i.detail);
    } else if (i.line == 0) {  // bars that did not come from text lines (cache, mapped CSV)
      out += fmt::format("  {}: {}: {}\n", r.source, to_string(i.kind), i.detail);
    } else {
      out += fmt::format("  {}:{}: {}: {}\n", r.source, i.line, to_string(i.kind), i.detail);
    }
  }
  const std::size_t warnings = r.issues.size() - r.errors();
  if (r.errors() > 0) {
    out += fmt::format("result: {} issue(s)", r.errors());
  } else {
    out += "result: clean";
  }
  if (warnings > 0) out += fmt::format(", {} outlier warning(s)", warnings);
  out += "\n";
  return out;
}

}  // namespace talon
