// A corpus of hostile inputs, generated here, against every bar reader: each must end in a
// clean DataError or Error that names the file, the line and the field where one applies --
// never a crash, a silent wrong value, or a change to any file already on disk.

#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <talon/core/error.hpp>
#include <talon/data/archive.hpp>
#include <talon/data/bar_cache.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/data/ohlcv_import.hpp>
#include <talon/data/validate.hpp>

#include "data_test_util.hpp"

namespace talon {
namespace {

// A real BTCUSDT minute (2025-06-01T00:00Z) in the 12-column Binance layout.
const std::vector<std::string> kGood = {"1748736000000", "104000.00", "104100.00",     "103900.00",
                                        "104050.00",     "12.5",      "1748736059999", "1300000.0",
                                        "100",           "6.0",       "624000.0",      "0"};
const std::vector<std::string> kNext = {
    "1748736060000", "104050.00", "104060.00", "104000.00", "104010.00", "3.5",
    "1748736119999", "364000.0",  "40",        "1.0",       "104000.0",  "0"};
const char* const kFieldNames[] = {"open_time",
                                   "open",
                                   "high",
                                   "low",
                                   "close",
                                   "volume",
                                   "close_time",
                                   "quote_volume",
                                   "count",
                                   "taker_buy_volume",
                                   "taker_buy_quote_volume"};

std::string join(const std::vector<std::string>& f) {
  std::string out;
  for (std::size_t i = 0; i < f.size(); ++i) out += (i ? "," : "") + f[i];
  return out;
}

struct Case {
  std::string name;   // what is hostile about it
  std::string text;   // file content
  std::size_t line;   // line the error must name (0: any)
  std::string field;  // field the error must name ("" : none required)
};

// Every field of the second line replaced by each bad value: the error names line 2 and
// the field. Values that are bad for every numeric field, then per-kind ones.
std::vector<Case> field_cases() {
  const std::vector<std::string> bad_any = {"",
                                            "abc",
                                            "1e999",
                                            "NaN",
                                            "inf",
                                            "0x10",
                                            " 1",
                                            "--1",
                                            "1..2",
                                            "99999999999999999999999999999999",
                                            "\xEF\xBB\xBF"
                                            "1",
                                            std::string("1\0", 2)};
  std::vector<Case> out;
  for (std::size_t f = 0; f < 11; ++f) {
    std::vector<std::string> values = bad_any;
    if (f == 0 || f == 6) {
      values.insert(values.end(), {"-1", "1748736000000000000", "9300000000000000",
                                   "9223372036854775807", "1.5"});
    } else if (f == 8) {
      values.insert(values.end(), {"-1", "1.5", "9223372036854775808"});
    } else {
      values.insert(values.end(), {"-1", "1.123456789"});
      if (f <= 4) values.push_back("0");
    }
    for (const auto& v : values) {
      auto row = kNext;
      row[f] = v;
      // A bad open_time that parses shifts close_time checks; name both acceptable below.
      out.push_back({"field " + std::string(kFieldNames[f]) + " = '" + v + "'",
                     join(kGood) + "\n" + join(row) + "\n", 2, kFieldNames[f]});
    }
  }
  return out;
}

// Whole-file damage: structure, encodings, order.
std::vector<Case> structure_cases() {
  const std::string g = join(kGood), n = join(kNext);
  auto with = [&](std::size_t f, const std::string& v) {
    auto row = kNext;
    row[f] = v;
    return join(row);
  };
  return {
      {"empty file", "", 0, ""},
      {"only newlines", "\n\n\r\n\n", 0, ""},
      {"header only", "open_time,open,high,low,close,volume\n", 0, ""},
      {"BOM and header only", "\xEF\xBB\xBFopen_time,open,high,low,close,volume\n", 0, ""},
      {"binary garbage", std::string("\x00\x01\x02\xff\xfe PK\x03\x04", 10), 1, ""},
      {"five fields", "1748736000000,1,2,1,2\n", 1, ""},
      {"seventeen fields", g + ",1,2,3,4,5\n", 1, ""},
      {"short second row", g + "\n1748736060000,1,2,1\n", 2, ""},
      {"duplicate row", g + "\n" + g + "\n", 2, "open_time"},
      {"time goes backwards", n + "\n" + g + "\n", 2, "open_time"},
      {"close_time before open_time", g + "\n" + with(6, "1748736000000") + "\n", 2, "close_time"},
      {"high below low", g + "\n" + with(2, "103000.00") + "\n", 2, "high"},
      {"open above high", g + "\n" + with(1, "105000.00") + "\n", 2, "open"},
      {"close below low", g + "\n" + with(4, "100.00") + "\n", 2, "close"},
      {"negative trade count", g + "\n" + with(8, "-5") + "\n", 2, "count"},
      {"very long line", g + "\n" + std::string(1 << 20, '9') + "\n", 2, ""},
      {"six columns, no header", "1748736000000,1,2,1,2,3\n", 1, ""},
      {"six columns, wrong header", "time,open,high,low,close,volume\n1748736000000,1,2,1,2,3\n", 1,
       "open_time"},
      {"nanosecond open times", "1748736000000000000,1,2,1,2,3,1748736059999999999,1,1,1,1,0\n", 1,
       "open_time"},
      {"milliseconds past 2262", "9300000000000000,1,2,1,2,3,9300000000059999,1,1,1,1,0\n", 1,
       "open_time"},
      {"microseconds past 2262", "9223372036854775,1,2,1,2,3,9223372036854776,1,1,1,1,0\n", 1,
       "close_time"},
      {"CR only line ends", g + "\r" + n + "\r", 1, ""},
      {"NUL inside a line",
       g + "\n" +
           std::string("17487360\0"
                       "60000",
                       14) +
           n.substr(13) + "\n",
       2, "open_time"},
      {"tab separated", "1748736000000\t1\t2\t1\t2\t3\n", 1, ""},
  };
}

// What a reader must say: the file, and when known the line and the field.
void expect_clean_error(const std::function<void()>& read, const Case& c,
                        const std::string& source) {
  try {
    read();
    ADD_FAILURE() << c.name << ": accepted";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind(source, 0), 0u) << c.name << ": does not start with the file: " << what;
    if (c.line > 0) {
      EXPECT_NE(what.find(source + ":" + std::to_string(c.line) + ":"), std::string::npos)
          << c.name << ": no line " << c.line << ": " << what;
    }
    if (!c.field.empty()) {
      EXPECT_NE(what.find(c.field), std::string::npos) << c.name << ": no field: " << what;
    }
  } catch (const std::exception& e) {
    ADD_FAILURE() << c.name << ": not a talon error: " << e.what();
  }
}

TEST(HostileInput, EveryBadKlineFieldIsAnErrorNamingFileLineAndField) {
  const auto cases = field_cases();
  ASSERT_GE(cases.size(), 150u);
  for (const Case& c : cases) {
    expect_clean_error([&] { (void)parse_klines(c.text, "bad.csv"); }, c, "bad.csv");
  }
}

TEST(HostileInput, DamagedKlineFilesAreErrorsNamingFileAndLine) {
  for (const Case& c : structure_cases()) {
    expect_clean_error([&] { (void)parse_klines(c.text, "bad.csv"); }, c, "bad.csv");
  }
}

// `data check` reads the same text leniently: every bad row must be listed (never "clean").
TEST(HostileInput, DataCheckNeverCallsABadFileClean) {
  auto cases = field_cases();
  for (auto& c : structure_cases()) cases.push_back(c);
  for (const Case& c : cases) {
    try {
      const auto r = check_kline_text(c.text, "bad.csv", {});
      EXPECT_FALSE(r.clean()) << c.name << ":\n" << format_report(r, 10);
      bool named = false;
      for (const auto& i : r.issues) {
        named = named || ((i.line == c.line || c.line == 0) &&
                          (c.field.empty() || i.detail.find(c.field) != std::string::npos ||
                           i.kind != IssueKind::Malformed));
      }
      EXPECT_TRUE(named) << c.name << ":\n" << format_report(r, 10);
    } catch (const DataError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("bad.csv:", 0), 0u) << c.name << ": " << e.what();
    } catch (const std::exception& e) {
      ADD_FAILURE() << c.name << ": " << e.what();
    }
  }
}

TEST(HostileInput, AByteOrderMarkDoesNotDropTheFirstKline) {
  const std::string text = "\xEF\xBB\xBF" + join(kGood) + "\n" + join(kNext) + "\n";
  EXPECT_EQ(parse_klines(text, "bom.csv").bars.size(), 2u);
  EXPECT_EQ(check_kline_text(text, "bom.csv", {}).bars, 2u);
  const std::string csv =
      "\xEF\xBB\xBFopen_time,open,high,low,close,volume\n2025-06-01T00:00:00Z,1,2,1,2,1\n"
      "2025-06-01T00:01:00Z,1,2,1,2,1\n";
  EXPECT_EQ(parse_ohlcv_csv(csv, "bom.csv", {}).bars.size(), 2u);
}

TEST(HostileInput, GenericCsvTimesOutsideTheRangeAreErrorsNamingTheField) {
  const std::vector<Case> cases = {
      {"seconds past 2262", "open_time,open,high,low,close,volume\n99999999999,1,2,1,2,1\n", 2,
       "open_time"},
      {"ms past 2262", "open_time,open,high,low,close,volume\n99999999999999,1,2,1,2,1\n", 2,
       "open_time"},
      {"µs past 2262", "open_time,open,high,low,close,volume\n99999999999999999,1,2,1,2,1\n", 2,
       "open_time"},
      {"year 9999", "open_time,open,high,low,close,volume\n9999-01-01T00:00:00Z,1,2,1,2,1\n", 2,
       "open_time"},
      {"year 1000", "open_time,open,high,low,close,volume\n1000-01-01,1,2,1,2,1\n", 2, "open_time"},
      {"negative", "open_time,open,high,low,close,volume\n-5,1,2,1,2,1\n", 2, "open_time"},
      {"zero price", "open_time,open,high,low,close,volume\n2025-06-01,0,2,1,2,1\n", 2, "open"},
      {"missing column", "time,open,high,low\n2025-06-01,1,2,1\n", 1, ""},
      {"header only", "open_time,open,high,low,close,volume\n", 0, ""},
  };
  for (const Case& c : cases) {
    expect_clean_error([&] { (void)parse_ohlcv_csv(c.text, "g.csv", {}); }, c, "g.csv");
  }
  OhlcvCsvOptions far;
  far.utc_offset_minutes = 2'000'000'000;
  EXPECT_THROW(
      (void)parse_ohlcv_csv("open_time,open,high,low,close,volume\n2025-06-01T00:00,1,2,1,2,1\n",
                            "g.csv", far),
      InvalidArgument);
}

TEST(HostileInput, JsonCandlesOutsideTheRangeOrMalformedAreErrors) {
  const std::vector<std::string> bodies = {
      "",
      "{",
      "[[",
      "[]",
      "{\"a\":1}",
      "[[1748736000000000000,\"1\",\"2\",\"1\",\"2\",\"3\"]]",
      "[[9300000000000000,\"1\",\"2\",\"1\",\"2\",\"3\"]]",
      "[[-1,\"1\",\"2\",\"1\",\"2\",\"3\"]]",
      "[[1748736000000,\"0\",\"2\",\"1\",\"2\",\"3\"]]",
      "[[1748736000000,\"1\",\"0.5\",\"1\",\"2\",\"3\"]]",
      "[[1748736000000,\"1\",\"2\",\"1\"]]",
      "[[1748736000000,\"x\",\"2\",\"1\",\"2\",\"3\"]]",
      "[[1748736000000,\"1\",\"2\",\"1\",\"2\",\"3\"],[1748736000000,\"1\",\"2\",\"1\",\"2\","
      "\"3\"]]",
      std::string(10000, '['),
  };
  for (const auto& b : bodies) {
    try {
      (void)parse_json_candles(b, "c.json");
      ADD_FAILURE() << b.substr(0, 80) << ": accepted";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()).rfind("c.json", 0), 0u) << e.what();
    }
  }
}

// --- the .tbars cache: a crafted or damaged file is untrusted input --------------------------

std::vector<Bar> two_bars() {
  return parse_klines(join(kGood) + "\n" + join(kNext) + "\n", "good.csv").bars;
}

// Overwrites `n` bytes at `offset` of file `p`.
void poke(const std::filesystem::path& p, std::size_t offset, const void* bytes, std::size_t n) {
  std::string s = test::slurp(p);
  ASSERT_LE(offset + n, s.size());
  std::memcpy(s.data() + offset, bytes, n);
  test::write_file(p, s);
}

template <typename T>
void poke_value(const std::filesystem::path& p, std::size_t offset, T v) {
  poke(p, offset, &v, sizeof v);
}

// Header offsets (see bar_cache.cpp): rows at 16, interval 24, column offsets at 136 (8 bytes
// each), widths at 224.
constexpr std::size_t kRowsAt = 16, kIntervalAt = 24, kOffsetsAt = 136, kWidthsAt = 224;

TEST(HostileInput, CraftedCacheHeadersAreRefusedWithoutReadingOutsideTheFile) {
  test::ScratchDir dir;
  const auto good = dir / "good.tbars";
  write_bar_cache(good, two_bars(), "BTCUSDT", kNanosPerMinute, "t");
  const std::string bytes = test::slurp(good);
  struct Poke {
    std::string name;
    std::size_t at;
    std::uint64_t value;
    std::size_t width;
  };
  std::vector<Poke> pokes = {
      {"rows 2^64-1", kRowsAt, UINT64_MAX, 8},
      {"rows 2^61 (rows*8 wraps)", kRowsAt, std::uint64_t{1} << 61, 8},
      {"rows 2^60+1", kRowsAt, (std::uint64_t{1} << 60) + 1, 8},
      {"rows one more than fits", kRowsAt, bytes.size(), 8},
      {"negative interval", kIntervalAt, static_cast<std::uint64_t>(-60), 8},
      {"magic", 0, 0x4141414141414141, 8},
      {"version 2", 8, 2, 4},
      {"width 0", kWidthsAt, 0, 1},
      {"width 255", kWidthsAt + 3, 255, 1},
      {"time column 16 wide", kWidthsAt, 16, 1},
  };
  for (int c = 0; c < 11; ++c) {
    pokes.push_back(
        {"offset 2^64-8 col " + std::to_string(c), kOffsetsAt + 8 * c, UINT64_MAX - 7, 8});
    pokes.push_back(
        {"offset past end col " + std::to_string(c), kOffsetsAt + 8 * c, bytes.size() + 8, 8});
    pokes.push_back({"offset inside header col " + std::to_string(c), kOffsetsAt + 8 * c, 8, 8});
  }
  for (const auto& p : pokes) {
    const auto bad = dir / "bad.tbars";
    test::write_file(bad, bytes);
    poke(bad, p.at, &p.value, p.width);
    try {
      const BarCache cache(bad);
      (void)cache.to_bars();
      ADD_FAILURE() << p.name << ": accepted";
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find(bad.string()), std::string::npos) << e.what();
    }
    // Every reader that maps caches refuses it too, and nothing else in the directory changes.
    EXPECT_THROW((void)read_klines(bad), DataError) << p.name;
    EXPECT_EQ(test::slurp(good), bytes);
  }
  // Truncated at every length short of the whole file.
  for (std::size_t n = 0; n < bytes.size(); n += 7) {
    const auto bad = dir / "cut.tbars";
    test::write_file(bad, bytes.substr(0, n));
    EXPECT_THROW(BarCache{bad}, DataError) << "cut at " << n;
  }
}

TEST(HostileInput, CachedBarsAreValidatedOnRead) {
  test::ScratchDir dir;
  const auto path = dir / "c.tbars";
  write_bar_cache(path, two_bars(), "BTCUSDT", kNanosPerMinute, "t");
  const std::string bytes = test::slurp(path);
  std::uint64_t off[11];
  std::memcpy(off, bytes.data() + kOffsetsAt, sizeof off);
  struct Bad {
    std::string field;
    int column;
    std::size_t row;
    std::int64_t value;
  };
  const std::vector<Bad> bads = {
      {"open", 2, 1, 0},
      {"open", 2, 0, -100'000'000},
      {"high", 3, 1, 1},  // high below low
      {"low", 4, 0, -1},
      {"close", 5, 1, 0},
      {"volume", 6, 0, -1},
      {"quote_volume", 7, 0, -1},
      {"taker_buy_base_volume", 8, 1, -1},
      {"taker_buy_quote_volume", 9, 1, -1},
      {"trades", 10, 0, -7},
      {"time", 0, 1, INT64_MIN},  // not after the bar before
      {"time", 0, 0, INT64_MAX},
      {"close_time", 1, 1, INT64_MIN},
  };
  for (const auto& b : bads) {
    test::write_file(path, bytes);
    poke_value(path, off[b.column] + 8 * b.row, b.value);
    try {
      (void)BarCache(path).to_bars();
      ADD_FAILURE() << b.field << " = " << b.value << ": accepted";
    } catch (const DataError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(path.string() + ": bar " + std::to_string(b.row)), std::string::npos)
          << what;
      EXPECT_NE(what.find(b.field), std::string::npos) << what;
    }
  }
}

TEST(HostileInput, ExtremeCachedTimesGiveGapCountsWithoutOverflow) {
  std::vector<Bar> bars = two_bars();
  bars[0].open_time = Timestamp::from_ns(INT64_MIN);
  bars[1].open_time = Timestamp::from_ns(INT64_MAX);
  const auto gaps = find_gaps(bars, 1);
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].missing, INT64_MAX);
  const auto minute = find_gaps(bars, kNanosPerMinute);
  ASSERT_EQ(minute.size(), 1u);
  EXPECT_EQ(minute[0].missing, 307'445'733);  // (2^64 - 1) ns / 1 min - 1
  const auto r = check_bars(bars, 0, "x.tbars", {});
  EXPECT_GT(r.interval_ns, 0);
}

TEST(HostileInput, AnEmptyCacheIsAnErrorForEveryReader) {
  test::ScratchDir dir;
  const auto path = dir / "e.tbars";
  write_bar_cache(path, {}, "BTCUSDT", kNanosPerMinute, "t");
  EXPECT_TRUE(BarCache(path).to_bars().empty());
  test::expect_error<DataError>([&] { (void)read_klines(path); }, "no klines");
}

TEST(HostileInput, AWrongChecksumIsRefusedByEveryReaderOfTheFile) {
  test::ScratchDir dir;
  const auto zip = dir / "ADABTC-1m-2021-11-27.zip";
  std::filesystem::copy_file(
      test::vision("data/spot/daily/klines/ADABTC/1m/ADABTC-1m-2021-11-27.zip"), zip);
  EXPECT_GT(read_klines(zip).bars.size(), 0u);
  test::write_file(dir / "ADABTC-1m-2021-11-27.zip.CHECKSUM",
                   std::string(64, '0') + "  ADABTC-1m-2021-11-27.zip\n");
  test::expect_error<DataError>([&] { (void)read_klines(zip); }, "checksum mismatch");
}

// --- archives and sizes -----------------------------------------------------------------------

TEST(HostileInput, AnEndlessInputStopsAtTheSizeLimitAndSaysSo) {
  ::setenv("TALON_MAX_INPUT_BYTES", "1048576", 1);
  test::expect_error<DataError>([] { (void)read_data_text("/dev/zero"); },
                                "/dev/zero: larger than the input limit of 1048576 bytes");
  ::unsetenv("TALON_MAX_INPUT_BYTES");
}

// A one-entry zip whose headers declare `declared` uncompressed bytes for a deflate stream
// that holds "abc" (one stored block): 70-odd bytes on disk.
std::string zip_declaring(std::uint32_t declared) {
  std::string out;
  auto u16 = [&](std::uint16_t v) { out.append(reinterpret_cast<const char*>(&v), 2); };
  auto u32 = [&](std::uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); };
  const std::string name = "x.csv";
  const std::string data = std::string("\x01\x03\x00\xfc\xff", 5) + "abc";
  u32(0x04034b50), u16(20), u16(0), u16(8), u16(0), u16(0x21), u32(0x352441c2);
  u32(static_cast<std::uint32_t>(data.size())), u32(declared), u16(5), u16(0);
  out += name + data;
  const auto cd = static_cast<std::uint32_t>(out.size());
  u32(0x02014b50), u16(20), u16(20), u16(0), u16(8), u16(0), u16(0x21), u32(0x352441c2);
  u32(static_cast<std::uint32_t>(data.size())), u32(declared), u16(5), u16(0), u16(0), u16(0);
  u16(0), u32(0), u32(0);
  out += name;
  const auto cd_size = static_cast<std::uint32_t>(out.size()) - cd;
  u32(0x06054b50), u16(0), u16(0), u16(1), u16(1), u32(cd_size), u32(cd), u16(0);
  return out;
}

TEST(HostileInput, AZipDeclaringFourGigabytesIsRefusedBeforeAnyAllocation) {
  test::ScratchDir dir;
  const auto ok = dir / "ok.zip";
  test::write_file(ok, zip_declaring(3));
  EXPECT_EQ(read_data_text(ok), "abc");  // the builder makes a valid zip
  const auto bomb = dir / "bomb.zip";
  test::write_file(bomb, zip_declaring(0xFFFFFFF0u));
  test::expect_error<DataError>([&] { (void)read_data_text(bomb); },
                                "declares 4294967280 bytes from 8 compressed bytes");
  ::setenv("TALON_MAX_INPUT_BYTES", "2", 1);
  test::expect_error<DataError>([&] { (void)read_data_text(ok); }, "larger than the input limit");
  ::unsetenv("TALON_MAX_INPUT_BYTES");
}

}  // namespace
}  // namespace talon
