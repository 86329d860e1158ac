// `talon data download` against a real HTTP server on loopback that serves the committed
// mirror of data.binance.vision (tests/data/binance-vision/): planning, checksums, resume.

#include <gtest/gtest.h>

#include <talon/core/error.hpp>
#include <talon/data/binance_download.hpp>
#include <talon/data/kline_reader.hpp>

#include "data_test_util.hpp"
#include "http_test_server.hpp"

namespace talon {
namespace {

using test::expect_error;

BinanceDownloadRequest xrpeth(const std::filesystem::path& out, const std::string& base) {
  BinanceDownloadRequest r;
  r.market = BinanceMarket::Spot;
  r.kind = BinanceDataKind::AggTrades;
  r.symbol = "XRPETH";
  r.from = parse_iso8601("2019-10-11");
  r.to = parse_iso8601("2019-10-13");
  r.base_url = base;
  r.out_dir = out;
  return r;
}

FetchOptions quick() {
  FetchOptions f;
  f.retry_delay = std::chrono::milliseconds(10);
  f.timeout = std::chrono::seconds(10);
  return f;
}

const std::string kDay11 = "data/spot/daily/aggTrades/XRPETH/XRPETH-aggTrades-2019-10-11.zip";

TEST(DownloadPlan, WholeMonthsMonthlyTheRestDaily) {
  BinanceDownloadRequest r;
  r.symbol = "BTCUSDT";
  r.interval = "1m";
  r.from = parse_iso8601("2025-05-30");
  r.to = parse_iso8601("2025-07-02");
  const auto plan = plan_binance_download(r);
  std::vector<std::string> paths;
  for (const auto& p : plan) paths.push_back(p.path);
  EXPECT_EQ(paths, (std::vector<std::string>{
                       "data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2025-05-30.zip",
                       "data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2025-05-31.zip",
                       "data/spot/monthly/klines/BTCUSDT/1m/BTCUSDT-1m-2025-06.zip",
                       "data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2025-07-01.zip",
                       "data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2025-07-02.zip"}));
}

TEST(DownloadPlan, FundingRatesAreMonthlyFuturesFiles) {
  BinanceDownloadRequest r;
  r.market = BinanceMarket::UsdM;
  r.kind = BinanceDataKind::FundingRate;
  r.symbol = "BTCUSDT";
  r.from = parse_iso8601("2024-01-15");
  r.to = parse_iso8601("2024-02-03");
  const auto plan = plan_binance_download(r);
  ASSERT_EQ(plan.size(), 2u);
  EXPECT_EQ(plan[0].path,
            "data/futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2024-01.zip");
  EXPECT_EQ(plan[1].path,
            "data/futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2024-02.zip");
}

TEST(DownloadPlan, RequestsBinanceDoesNotServeAreRefused) {
  BinanceDownloadRequest r;
  r.symbol = "BTCUSDT";
  r.kind = BinanceDataKind::BookTicker;
  r.from = r.to = parse_iso8601("2024-01-01");
  expect_error<InvalidArgument>([&] { plan_binance_download(r); }, "futures (--market um) only");
  r.kind = BinanceDataKind::Klines;
  expect_error<InvalidArgument>([&] { plan_binance_download(r); }, "klines need --interval");
  r.interval = "1m";
  r.to = parse_iso8601("2023-12-31");
  expect_error<InvalidArgument>([&] { plan_binance_download(r); }, "--to is before --from");
}

TEST(Download, FetchesVerifiesAndMirrorsTheSiteLayout) {
  test::HttpTestServer server(test::test_data("binance-vision"));
  test::ScratchDir out;
  std::uint64_t last_done = 0;
  const auto report = download_binance(
      xrpeth(out.path, server.base_url()),
      [&](const std::string&, std::uint64_t done, std::uint64_t) { last_done = done; }, quick());
  ASSERT_EQ(report.files.size(), 3u);
  for (const auto& [file, outcome] : report.files) {
    EXPECT_EQ(outcome, FileOutcome::Downloaded) << file.path;
    EXPECT_EQ(test::slurp(out.path / file.path), test::slurp(test::vision(file.path)));
    EXPECT_TRUE(verify_checksum(out.path / file.path, ChecksumPolicy::Require));
    EXPECT_FALSE(std::filesystem::exists(out.path / (file.path + ".part")));
  }
  EXPECT_EQ(report.bytes_fetched, 92439u + 65992u + 38373u);
  EXPECT_GT(last_done, 0u);
}

TEST(Download, SecondRunFindsEverythingUpToDateWithoutRequests) {
  test::HttpTestServer server(test::test_data("binance-vision"));
  test::ScratchDir out;
  download_binance(xrpeth(out.path, server.base_url()), {}, quick());
  const std::size_t before = server.requests().size();
  const auto again = download_binance(xrpeth(out.path, server.base_url()), {}, quick());
  for (const auto& f : again.files) EXPECT_EQ(f.second, FileOutcome::UpToDate);
  EXPECT_EQ(server.requests().size(), before);
  EXPECT_EQ(again.bytes_fetched, 0u);
}

TEST(Download, ConnectionCutMidFileResumesWithARangeRequest) {
  test::HttpTestServer server(test::test_data("binance-vision"));
  test::ScratchDir out;
  server.cut_next("/" + kDay11, 10000);
  const auto report = download_binance(xrpeth(out.path, server.base_url()), {}, quick());
  EXPECT_EQ(report.files[0].second, FileOutcome::Downloaded);
  EXPECT_EQ(test::slurp(out.path / kDay11), test::slurp(test::vision(kDay11)));
  // The retry asks for the rest, after the 10,000 bytes that arrived (TCP delivers them
  // before the close).
  std::vector<std::string> ranges;
  for (const auto& r : server.requests()) {
    if (r.target == "/" + kDay11) ranges.push_back(r.range);
  }
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0], "");
  ASSERT_EQ(ranges[1].rfind("bytes=", 0), 0u) << ranges[1];
  EXPECT_EQ(ranges[1], "bytes=10000-");
}

TEST(Download, PartialFileFromAnEarlierRunIsResumedNotRefetched) {
  test::HttpTestServer server(test::test_data("binance-vision"));
  test::ScratchDir out;
  std::filesystem::create_directories((out.path / kDay11).parent_path());
  test::write_file(out.path / (kDay11 + ".part"),
                   test::slurp(test::vision(kDay11)).substr(0, 5000));
  const auto report = download_binance(xrpeth(out.path, server.base_url()), {}, quick());
  EXPECT_EQ(report.files[0].second, FileOutcome::Downloaded);
  EXPECT_EQ(report.bytes_fetched, 92439u - 5000u + 65992u + 38373u);
  EXPECT_TRUE(verify_checksum(out.path / kDay11, ChecksumPolicy::Require));
  EXPECT_EQ(server.requests()[1].range, "bytes=5000-");
}

TEST(Download, ChecksumMismatchDeletesTheBytesAndFails) {
  test::ScratchDir site;
  std::filesystem::copy(test::test_data("binance-vision"), site.path,
                        std::filesystem::copy_options::recursive);
  const auto sum = site.path / (kDay11 + ".CHECKSUM");
  std::string text = test::slurp(sum);
  text[0] = text[0] == '0' ? '1' : '0';
  test::write_file(sum, text);
  test::HttpTestServer server(site.path);
  test::ScratchDir out;
  expect_error<DataError>(
      [&] { download_binance(xrpeth(out.path, server.base_url()), {}, quick()); },
      "XRPETH-aggTrades-2019-10-11.zip: checksum mismatch: expected ");
  EXPECT_FALSE(std::filesystem::exists(out.path / kDay11));
  EXPECT_FALSE(std::filesystem::exists(out.path / (kDay11 + ".part")));
}

TEST(Download, DaysTheSiteDoesNotHaveAreReportedNotPublished) {
  test::HttpTestServer server(test::test_data("binance-vision"));
  test::ScratchDir out;
  auto r = xrpeth(out.path, server.base_url());
  r.to = parse_iso8601("2019-10-14");
  const auto report = download_binance(r, {}, quick());
  ASSERT_EQ(report.files.size(), 4u);
  EXPECT_EQ(report.files[3].second, FileOutcome::NotPublished);
}

TEST(Download, DownloadedKlinesReadStraightFromTheZip) {
  test::HttpTestServer server(test::test_data("binance-vision"));
  test::ScratchDir out;
  BinanceDownloadRequest r;
  r.symbol = "ADABTC";
  r.interval = "1m";
  r.from = r.to = parse_iso8601("2021-11-27");
  r.base_url = server.base_url();
  r.out_dir = out.path;
  download_binance(r, {}, quick());
  const auto zip = out.path / "data/spot/daily/klines/ADABTC/1m/ADABTC-1m-2021-11-27.zip";
  EXPECT_EQ(
      parse_klines(load_verified_text(zip, ChecksumPolicy::Require), zip.string()).bars.size(),
      10u);
}

TEST(Download, UnreachableServerFailsAfterTheRetriesWithTheUrl) {
  test::ScratchDir out;
  auto opt = quick();
  opt.attempts = 2;
  // Port 1 on loopback: nothing listens there, the connection is refused at once.
  expect_error<Error>([&] { download_binance(xrpeth(out.path, "http://127.0.0.1:1"), {}, opt); },
                      "http://127.0.0.1:1/data/spot/daily/aggTrades/XRPETH/"
                      "XRPETH-aggTrades-2019-10-11.zip.CHECKSUM: "
                      "request failed after 2 attempts");
}

TEST(Url, HttpAndHttpsUrlsSplitIntoParts) {
  const Url u = parse_url("https://data.binance.vision/data/spot/x.zip");
  EXPECT_EQ(u.scheme, "https");
  EXPECT_EQ(u.host, "data.binance.vision");
  EXPECT_EQ(u.port, "443");
  EXPECT_EQ(u.target, "/data/spot/x.zip");
  const Url v = parse_url("http://127.0.0.1:8080");
  EXPECT_EQ(v.port, "8080");
  EXPECT_EQ(v.target, "/");
  EXPECT_THROW(parse_url("ftp://x"), InvalidArgument);
}

}  // namespace
}  // namespace talon
