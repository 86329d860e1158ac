#pragma once
// `talon data download`: fetches Binance public-data zips (data.binance.vision) for a date
// range into a local mirror with the site's own layout, verifying every zip against its
// .CHECKSUM (SHA-256) and resuming interrupted downloads.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <talon/core/timestamp.hpp>
#include <talon/data/binance_files.hpp>
#include <talon/data/http_fetch.hpp>

namespace talon {

struct BinanceDownloadRequest {
  BinanceMarket market = BinanceMarket::Spot;
  BinanceDataKind kind = BinanceDataKind::Klines;
  std::string symbol;    ///< upper case, e.g. "BTCUSDT"
  std::string interval;  ///< klines only, e.g. "1m"
  Timestamp from;        ///< first UTC day wanted (time of day ignored)
  Timestamp to;          ///< last UTC day wanted, inclusive
  std::string base_url = "https://data.binance.vision";
  std::filesystem::path out_dir;  ///< the mirror root; files go to <out_dir>/data/...
  bool use_monthly = true;        ///< whole calendar months as one monthly file
};

/// One file to fetch: its path on the site (also its path under out_dir).
struct PlannedFile {
  std::string path;  ///< e.g. "data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2025-06-01.zip"
  bool monthly = false;
};

/// The files that cover [from, to]: monthly files for calendar months entirely inside the
/// range (when use_monthly), daily files for the rest. fundingRate exists only as monthly
/// files (every month touched is planned), bookDepth only as daily files; bookTicker and
/// bookDepth exist only for futures. Throws InvalidArgument for an empty symbol, to < from,
/// a kline request without interval, or a kind the market does not publish.
std::vector<PlannedFile> plan_binance_download(const BinanceDownloadRequest& request);

enum class FileOutcome {
  Downloaded,    ///< fetched (or finished from a partial download) and verified
  UpToDate,      ///< already present and matching its checksum; nothing fetched
  NotPublished,  ///< 404: the site has no such file (day before listing, not yet published)
};

struct DownloadReport {
  std::vector<std::pair<PlannedFile, FileOutcome>> files;
  std::uint64_t bytes_fetched = 0;
};

/// Per-file progress: (file path on the site, bytes present, total bytes or 0).
using DownloadProgress = std::function<void(const std::string&, std::uint64_t, std::uint64_t)>;

/// Fetches every planned file not already present and verified. Each zip is downloaded to
/// "<name>.zip.part" (resumed on the next run if interrupted), checked against the
/// .CHECKSUM fetched beside it, and only then renamed to "<name>.zip" with its .CHECKSUM
/// written next to it, so a complete-looking file is always a verified one.
/// Throws DataError "<url>: checksum mismatch ..." when a fetched file does not match (the
/// bad bytes are deleted), Error for network failures after the retries.
DownloadReport download_binance(const BinanceDownloadRequest& request,
                                const DownloadProgress& progress = {},
                                const FetchOptions& fetch = {});

}  // namespace talon
