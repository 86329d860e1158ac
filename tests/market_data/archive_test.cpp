// Zip reading and .CHECKSUM verification (SHA-256, as `sha256sum -c` does it).

#include <gtest/gtest.h>

#include <talon/core/error.hpp>
#include <talon/data/archive.hpp>

#include "data_test_util.hpp"

namespace talon {
namespace {

using test::expect_error;
using test::vision;

TEST(Checksum, Sha256OfKnownTextEqualsFips180Example) {
  // FIPS 180-2 appendix B.1: SHA-256("abc").
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Checksum, CommittedZipVerifiesAgainstItsChecksumFile) {
  EXPECT_TRUE(verify_checksum(vision("data/spot/daily/klines/ADABTC/1m/ADABTC-1m-2021-11-27.zip"),
                              ChecksumPolicy::Require));
}

TEST(Checksum, ChangedByteInZipIsCaught) {
  test::ScratchDir dir;
  const auto src = vision("data/spot/daily/klines/ADABTC/1m/ADABTC-1m-2021-11-27.zip");
  const auto zip = dir / "ADABTC-1m-2021-11-27.zip";
  std::string bytes = test::slurp(src);
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x01);
  test::write_file(zip, bytes);
  std::filesystem::copy_file(std::filesystem::path(src.string() + ".CHECKSUM"),
                             std::filesystem::path(zip.string() + ".CHECKSUM"));
  expect_error<DataError>([&] { verify_checksum(zip, ChecksumPolicy::IfPresent); },
                          "ADABTC-1m-2021-11-27.zip: checksum mismatch: expected ");
}

TEST(Checksum, MissingChecksumFileIsAnErrorOnlyWhenRequired) {
  test::ScratchDir dir;
  const auto zip = dir / "ADABTC-1m-2021-11-27.zip";
  std::filesystem::copy_file(vision("data/spot/daily/klines/ADABTC/1m/ADABTC-1m-2021-11-27.zip"),
                             zip);
  EXPECT_FALSE(verify_checksum(zip, ChecksumPolicy::IfPresent));
  expect_error<Error>([&] { verify_checksum(zip, ChecksumPolicy::Require); }, "is missing");
}

TEST(Checksum, MalformedChecksumFileRejected) {
  expect_error<DataError>([] { parse_checksum_text("deadbeef  x.zip\n", "x.zip.CHECKSUM"); },
                          "x.zip.CHECKSUM:1: not a sha256sum line");
}

TEST(Zip, CorruptEntryDataIsReportedNotReturned) {
  test::ScratchDir dir;
  const auto zip = dir / "BTCUSDT-trades-2024-08-09.zip";
  std::string bytes =
      test::slurp(vision("data/spot/daily/trades/BTCUSDT/BTCUSDT-trades-2024-08-09.zip"));
  bytes[200] = static_cast<char>(bytes[200] ^ 0x55);  // inside the deflated data
  test::write_file(zip, bytes);
  EXPECT_THROW(read_zip_entry(zip), Error);
}

TEST(Zip, NotAZipIsReportedWithItsName) {
  test::ScratchDir dir;
  const auto p = dir / "fake.zip";
  test::write_file(p, "PK\x03\x04 not really a zip");
  expect_error<Error>([&] { read_zip_entry(p); }, "fake.zip: cannot open zip");
}

TEST(Zip, DataTextRecognisesZipGzipAndPlainByContent) {
  const auto zip = vision("data/spot/daily/klines/ADABTC/1m/ADABTC-1m-2021-11-27.zip");
  const std::string plain =
      read_data_text(test::test_data("binance_spot_ADABTC_1m_2021-11-27_rawformat_sample.csv"));
  EXPECT_EQ(read_data_text(zip), plain);
  EXPECT_EQ(
      read_data_text(test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz")).substr(0, 9),
      "open_time");
}

}  // namespace
}  // namespace talon
