#pragma once
// Data-quality report for bar series: what `talon data check` prints. Unlike read_klines,
// which refuses a bad file at its first bad row, the checker reads every row, keeps the
// good ones and lists every problem with its line, so that a user sees all of them at once.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <talon/model/bar.hpp>

namespace talon {

enum class IssueKind {
  Malformed,         ///< the row does not parse (field count, number format); skipped
  OhlcInconsistent,  ///< high < low, open or close outside [low, high]; kept
  NonPositive,       ///< a price <= 0 or a volume < 0; kept
  Duplicate,         ///< same open time as the bar before; skipped
  OutOfOrder,        ///< open time before the bar before; skipped
  Gap,               ///< bars missing between two bars (one issue per run)
  ZeroVolumeRun,     ///< at least `zero_volume_run` consecutive bars with zero volume
  Outlier,           ///< close-to-close log return beyond `outlier_sigma` standard deviations
};

/// "malformed", "ohlc", "non_positive", "duplicate", "out_of_order", "gap", "zero_volume",
/// "outlier".
std::string_view to_string(IssueKind k);

struct DataIssue {
  IssueKind kind;
  std::size_t line = 0;    ///< line in the file (0 when the series did not come from text)
  Timestamp time;          ///< open time of the bar concerned (start of the run for runs)
  std::int64_t count = 0;  ///< bars missing (Gap), bars in the run (ZeroVolumeRun), else 1
  std::string detail;      ///< human-readable explanation with the values involved
};

struct ValidationOptions {
  /// Outlier threshold in standard deviations of the file's close-to-close log returns.
  double outlier_sigma = 8.0;
  /// Shortest run of zero-volume bars reported.
  std::size_t zero_volume_run = 3;
};

struct ValidationReport {
  std::string source;
  std::size_t rows = 0;          ///< data rows read (header excluded)
  std::size_t bars = 0;          ///< rows kept as bars
  std::int64_t interval_ns = 0;  ///< detected bar length (0 when unknown)
  Timestamp first_open;
  Timestamp last_open;
  std::int64_t missing_bars = 0;  ///< sum over gaps
  double return_stddev = 0;       ///< of close-to-close log returns (for the outlier rule)
  std::vector<DataIssue> issues;  ///< in file order within each pass

  /// Number of issues of one kind.
  std::size_t count(IssueKind k) const;
  /// True when there is no issue at all.
  bool clean() const { return issues.empty(); }
  /// Issues other than outliers: damage a backtest must not read. Outliers are warnings
  /// (real markets have 8-sigma minutes) unless a caller asks to fail on them.
  std::size_t errors() const { return issues.size() - count(IssueKind::Outlier); }
};

/// Checks a kline text (the layouts of kline_reader.hpp: Binance 12 columns with or without a
/// header, or open_time,open,high,low,close,volume with a header). Never throws for bad rows;
/// throws DataError only when the text has no recognisable layout at all.
ValidationReport check_kline_text(std::string_view text, std::string_view source,
                                  const ValidationOptions& options = {});

/// The sequence checks (OHLC, non-positive, duplicates, order, gaps, zero-volume runs,
/// outliers) over bars already in memory; `interval_ns` 0 means "detect the smallest step".
ValidationReport check_bars(std::span<const Bar> bars, std::int64_t interval_ns,
                            std::string_view source, const ValidationOptions& options = {});

/// The report as text: a summary line per kind, then up to `max_issues` issues
/// ("<source>:<line>: <kind>: <detail>").
std::string format_report(const ValidationReport& report, std::size_t max_issues = 50);

}  // namespace talon
