#include <fmt/format.h>

#include <fstream>

#include <talon/core/error.hpp>
#include <talon/data/archive.hpp>
#include <talon/data/binance_download.hpp>

namespace talon {
namespace {

std::string file_stem(const BinanceDownloadRequest& r, const std::string& period) {
  if (r.kind == BinanceDataKind::Klines)
    return fmt::format("{}-{}-{}", r.symbol, r.interval, period);
  return fmt::format("{}-{}-{}", r.symbol, to_string(r.kind), period);
}

std::string dir_of(const BinanceDownloadRequest& r, bool monthly) {
  const std::string market = r.market == BinanceMarket::Spot ? "spot" : "futures/um";
  std::string d = fmt::format("data/{}/{}/{}/{}", market, monthly ? "monthly" : "daily",
                              to_string(r.kind), r.symbol);
  if (r.kind == BinanceDataKind::Klines) d += "/" + r.interval;
  return d;
}

std::int64_t days_in_month(std::int64_t y, unsigned m) {
  const unsigned nm = m == 12 ? 1 : m + 1;
  const std::int64_t ny = m == 12 ? y + 1 : y;
  return days_from_civil(ny, nm, 1) - days_from_civil(y, m, 1);
}

}  // namespace

std::vector<PlannedFile> plan_binance_download(const BinanceDownloadRequest& r) {
  if (r.symbol.empty()) throw InvalidArgument("download: --symbol is required");
  if (r.kind == BinanceDataKind::Klines && r.interval.empty()) {
    throw InvalidArgument("download: klines need --interval (e.g. 1m)");
  }
  if (r.market == BinanceMarket::Spot &&
      (r.kind == BinanceDataKind::BookTicker || r.kind == BinanceDataKind::BookDepth ||
       r.kind == BinanceDataKind::FundingRate)) {
    throw InvalidArgument(fmt::format(
        "download: Binance publishes {} for futures (--market um) only", to_string(r.kind)));
  }
  const std::int64_t first = r.from.epoch_day();
  const std::int64_t last = r.to.epoch_day();
  if (last < first) throw InvalidArgument("download: --to is before --from");
  const bool daily_only = r.kind == BinanceDataKind::BookDepth;
  const bool monthly_only = r.kind == BinanceDataKind::FundingRate;
  std::vector<PlannedFile> out;
  std::int64_t day = first;
  while (day <= last) {
    const CivilDate c = civil_from_days(day);
    const std::int64_t month_start = days_from_civil(c.year, c.month, 1);
    const std::int64_t month_end = month_start + days_in_month(c.year, c.month) - 1;
    const bool whole = day == month_start && month_end <= last;
    if (monthly_only || (!daily_only && r.use_monthly && whole)) {
      const std::string period = fmt::format("{:04}-{:02}", c.year, c.month);
      out.push_back({dir_of(r, true) + "/" + file_stem(r, period) + ".zip", true});
      day = month_end + 1;
      continue;
    }
    const std::string period = fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
    out.push_back({dir_of(r, false) + "/" + file_stem(r, period) + ".zip", false});
    ++day;
  }
  return out;
}

DownloadReport download_binance(const BinanceDownloadRequest& r, const DownloadProgress& progress,
                                const FetchOptions& fetch) {
  DownloadReport report;
  std::string base = r.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  for (const PlannedFile& f : plan_binance_download(r)) {
    const std::filesystem::path dest = r.out_dir / f.path;
    const std::filesystem::path sum_path = std::filesystem::path(dest.string() + ".CHECKSUM");
    const std::filesystem::path part = std::filesystem::path(dest.string() + ".part");
    const std::string url = base + "/" + f.path;
    if (std::filesystem::exists(dest) && std::filesystem::exists(sum_path)) {
      try {
        if (verify_checksum(dest, ChecksumPolicy::Require)) {
          report.files.emplace_back(f, FileOutcome::UpToDate);
          continue;
        }
      } catch (const DataError&) {
        // Damaged local copy: fetch it again.
      }
    }
    bool found = false;
    const std::string sum_text = fetch_text(url + ".CHECKSUM", found, fetch);
    if (!found) {
      report.files.emplace_back(f, FileOutcome::NotPublished);
      continue;
    }
    const std::string expected = parse_checksum_text(sum_text, url + ".CHECKSUM");
    std::filesystem::create_directories(dest.parent_path());
    std::error_code ec;
    FetchOptions opt = fetch;
    opt.progress = [&](std::uint64_t have, std::uint64_t total) {
      if (progress) progress(f.path, have, total);
    };
    bool published = true;
    // A partial file left by an earlier run may belong to a version of the file that Binance
    // has since replaced: when the resumed result does not match, start over once.
    for (int pass = 0;; ++pass) {
      const std::uint64_t before =
          std::filesystem::exists(part, ec) ? std::filesystem::file_size(part, ec) : 0;
      if (fetch_to_file(url, part, opt) == FetchStatus::NotFound) {
        std::filesystem::remove(part, ec);
        published = false;
        break;
      }
      const std::uint64_t after = std::filesystem::file_size(part);
      report.bytes_fetched += after >= before ? after - before : after;
      const std::string actual = sha256_file_hex(part);
      if (actual == expected) break;
      std::filesystem::remove(part, ec);
      if (pass == 0 && before > 0) continue;
      throw DataError(fmt::format("{}: checksum mismatch: expected {}, got {} (download deleted)",
                                  url, expected, actual));
    }
    if (!published) {
      report.files.emplace_back(f, FileOutcome::NotPublished);
      continue;
    }
    {
      std::ofstream out(sum_path, std::ios::binary | std::ios::trunc);
      out << sum_text;
      if (!out) throw Error(fmt::format("{}: cannot write", sum_path.string()));
    }
    std::filesystem::rename(part, dest);
    report.files.emplace_back(f, FileOutcome::Downloaded);
  }
  return report;
}

}  // namespace talon
