#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>

#include <talon/core/error.hpp>
#include <talon/data/bar_cache.hpp>

#include "bar_checks.hpp"

namespace talon {
namespace {

constexpr char kMagic[8] = {'T', 'A', 'L', 'O', 'N', 'B', 'A', 'R'};
constexpr std::uint32_t kVersion = 1;
constexpr std::size_t kHeaderSize = 256;
constexpr int kColumns = 11;
enum Col {
  OpenTime,
  CloseTime,
  Open,
  High,
  Low,
  Close,
  Volume,
  QuoteVolume,
  TakerBase,
  TakerQuote,
  Trades
};

// Header fields at fixed offsets (all naturally aligned).
struct Header {
  char magic[8];
  std::uint32_t version;
  std::uint32_t header_size;
  std::uint64_t rows;
  std::int64_t interval_ns;
  std::uint64_t gaps;
  std::uint64_t missing_bars;
  char symbol[24];
  char source[64];
  std::uint64_t offsets[kColumns];
  std::uint8_t widths[kColumns];
};
static_assert(sizeof(Header) <= kHeaderSize);

Decimal::Raw decimal_field(const Bar& b, int c) {
  switch (c) {
    case Open: return b.open.raw();
    case High: return b.high.raw();
    case Low: return b.low.raw();
    case Close: return b.close.raw();
    case Volume: return b.volume.raw();
    case QuoteVolume: return b.quote_volume.raw();
    case TakerBase: return b.taker_buy_base_volume.raw();
    case TakerQuote: return b.taker_buy_quote_volume.raw();
    default: return 0;
  }
}

std::size_t align16(std::size_t n) {
  return (n + 15) & ~std::size_t{15};
}

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14
#endif

// Asks for huge pages and maps a large fresh buffer in one call: a year of Bars is 80 MB,
// and faulting it in 4 KiB at a time costs more than filling it (20,000 faults). Both
// calls are hints; on kernels without them nothing changes.
void prefault(const void* data, std::size_t bytes) {
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto begin = (reinterpret_cast<std::uintptr_t>(data) + page - 1) & ~(page - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(page - 1);
  if (end <= begin + (1u << 21)) return;
  ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
}

}  // namespace

std::string bar_cache_file_name(const std::string& symbol, const std::string& interval) {
  return symbol + "-" + interval + ".tbars";
}

void write_bar_cache(const std::filesystem::path& path, std::span<const Bar> bars,
                     const std::string& symbol, std::int64_t interval_ns,
                     const std::string& source) {
  Header h{};
  std::memcpy(h.magic, kMagic, 8);
  h.version = kVersion;
  h.header_size = kHeaderSize;
  h.rows = bars.size();
  h.interval_ns = interval_ns;
  std::memcpy(h.symbol, symbol.data(), std::min(symbol.size(), sizeof h.symbol - 1));
  std::memcpy(h.source, source.data(), std::min(source.size(), sizeof h.source - 1));
  for (std::size_t i = 1; i < bars.size(); ++i) {
    if (bars[i].open_time <= bars[i - 1].open_time) {
      throw InvalidArgument(fmt::format("bar cache {}: bar {} at {} is not after the bar before it",
                                        path.string(), i, to_iso8601(bars[i].open_time)));
    }
    if (interval_ns > 0 && detail::time_step(bars[i - 1].open_time, bars[i].open_time) >
                               static_cast<std::uint64_t>(interval_ns)) {
      ++h.gaps;
      h.missing_bars += static_cast<std::uint64_t>(
          detail::missing_between(bars[i - 1].open_time, bars[i].open_time, interval_ns));
    }
  }
  std::size_t offset = kHeaderSize;
  for (int c = 0; c < kColumns; ++c) {
    std::uint8_t width = 8;
    if (c >= Open && c <= TakerQuote) {
      for (const Bar& b : bars) {
        const Decimal::Raw v = decimal_field(b, c);
        if (v > INT64_MAX || v < INT64_MIN) {
          width = 16;
          break;
        }
      }
    }
    h.widths[c] = width;
    h.offsets[c] = offset;
    offset = align16(offset + bars.size() * width);
  }
  std::string buf(offset, '\0');
  std::memcpy(buf.data(), &h, sizeof h);
  for (int c = 0; c < kColumns; ++c) {
    char* dst = buf.data() + h.offsets[c];
    for (std::size_t i = 0; i < bars.size(); ++i) {
      const Bar& b = bars[i];
      if (c == OpenTime || c == CloseTime || c == Trades) {
        const std::int64_t v = c == OpenTime    ? b.open_time.ns
                               : c == CloseTime ? b.close_time.ns
                                                : b.trades_count;
        std::memcpy(dst + i * 8, &v, 8);
      } else if (h.widths[c] == 8) {
        const auto v = static_cast<std::int64_t>(decimal_field(b, c));
        std::memcpy(dst + i * 8, &v, 8);
      } else {
        const Decimal::Raw v = decimal_field(b, c);
        std::memcpy(dst + i * 16, &v, 16);
      }
    }
  }
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(fmt::format("{}: cannot write: {}", tmp.string(), std::strerror(errno)));
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    out.flush();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      throw Error(fmt::format("{}: write failed", tmp.string()));
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw Error(fmt::format("{}: cannot rename into place: {}", path.string(), ec.message()));
  }
}

BarCache::BarCache(const std::filesystem::path& path) {
  info_.path = path;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(fmt::format("{}: cannot open: {}", path.string(), std::strerror(errno)));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    throw Error(fmt::format("{}: cannot stat: {}", path.string(), std::strerror(errno)));
  }
  map_size_ = static_cast<std::size_t>(st.st_size);
  if (map_size_ < kHeaderSize) {
    ::close(fd);
    throw DataError(fmt::format("{}: not a talon bar cache (too short)", path.string()));
  }
  // MAP_POPULATE maps every page in one call instead of one fault per 4 KiB page.
  void* p = ::mmap(nullptr, map_size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  ::close(fd);
  if (p == MAP_FAILED)
    throw Error(fmt::format("{}: cannot mmap: {}", path.string(), std::strerror(errno)));
  base_ = static_cast<const std::byte*>(p);
  Header h;
  std::memcpy(&h, base_, sizeof h);
  auto fail = [&](std::string why) {
    ::munmap(const_cast<std::byte*>(base_), map_size_);
    base_ = nullptr;
    throw DataError(fmt::format("{}: {}", path.string(), why));
  };
  if (std::memcmp(h.magic, kMagic, 8) != 0) fail("not a talon bar cache (bad magic)");
  if (h.version != kVersion)
    fail(fmt::format("bar cache version {}, this talon reads {}", h.version, kVersion));
  if (h.interval_ns < 0) fail(fmt::format("corrupt header: negative interval {}", h.interval_ns));
  // Every comparison below is written so that it cannot wrap around: a crafted header may
  // hold any 64-bit values.
  if (h.rows > (map_size_ - kHeaderSize) / 8) {
    fail(fmt::format("truncated or corrupt: the header says {} bars, the file has room for {}",
                     h.rows, (map_size_ - kHeaderSize) / 8));
  }
  for (int c = 0; c < kColumns; ++c) {
    const std::uint8_t w = h.widths[c];
    if ((w != 8 && w != 16) || ((c < Open || c > TakerQuote) && w != 8))
      fail(fmt::format("corrupt column width {} of column {}", w, c));
    if (h.offsets[c] < kHeaderSize || h.offsets[c] % 8 != 0 || h.offsets[c] > map_size_ ||
        h.rows > (map_size_ - h.offsets[c]) / w) {
      fail(fmt::format("truncated: column {} runs past the end of the file", c));
    }
    offsets_[c] = h.offsets[c];
    widths_[c] = w;
  }
  h.symbol[sizeof h.symbol - 1] = '\0';
  h.source[sizeof h.source - 1] = '\0';
  info_.symbol = h.symbol;
  info_.source = h.source;
  info_.interval_ns = h.interval_ns;
  info_.rows = h.rows;
  info_.gaps = h.gaps;
  info_.missing_bars = h.missing_bars;
  if (h.rows > 0) {
    info_.first_open = Timestamp::from_ns(open_times().front());
    info_.last_open = Timestamp::from_ns(open_times().back());
  }
}

BarCache::~BarCache() {
  if (base_ != nullptr) ::munmap(const_cast<std::byte*>(base_), map_size_);
}

BarCache::BarCache(BarCache&& o) noexcept
    : info_(std::move(o.info_)), base_(o.base_), map_size_(o.map_size_) {
  std::memcpy(offsets_, o.offsets_, sizeof offsets_);
  std::memcpy(widths_, o.widths_, sizeof widths_);
  o.base_ = nullptr;
}

BarCache& BarCache::operator=(BarCache&& o) noexcept {
  if (this != &o) {
    if (base_ != nullptr) ::munmap(const_cast<std::byte*>(base_), map_size_);
    info_ = std::move(o.info_);
    base_ = o.base_;
    map_size_ = o.map_size_;
    std::memcpy(offsets_, o.offsets_, sizeof offsets_);
    std::memcpy(widths_, o.widths_, sizeof widths_);
    o.base_ = nullptr;
  }
  return *this;
}

std::span<const std::int64_t> BarCache::open_times() const {
  return {reinterpret_cast<const std::int64_t*>(column(OpenTime)), size()};
}

Decimal BarCache::dec(int c, std::size_t i) const {
  if (widths_[c] == 8) {
    std::int64_t v;
    std::memcpy(&v, column(c) + i * 8, 8);
    return Decimal::from_raw(v);
  }
  Decimal::Raw v;
  std::memcpy(&v, column(c) + i * 16, 16);
  return Decimal::from_raw(v);
}

Bar BarCache::bar(std::size_t i) const {
  Bar b;
  std::int64_t v;
  std::memcpy(&v, column(OpenTime) + i * 8, 8);
  b.open_time = Timestamp::from_ns(v);
  std::memcpy(&v, column(CloseTime) + i * 8, 8);
  b.close_time = Timestamp::from_ns(v);
  b.open = dec(Open, i);
  b.high = dec(High, i);
  b.low = dec(Low, i);
  b.close = dec(Close, i);
  b.volume = dec(Volume, i);
  b.quote_volume = dec(QuoteVolume, i);
  b.taker_buy_base_volume = dec(TakerBase, i);
  b.taker_buy_quote_volume = dec(TakerQuote, i);
  std::memcpy(&b.trades_count, column(Trades) + i * 8, 8);
  return b;
}

void BarCache::check(std::span<const Bar> bars) const {
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    auto problem = detail::bar_problem(b, i == 0 ? nullptr : &bars[i - 1]);
    if (!problem && b.close_time < b.open_time) {
      problem = detail::BarProblem{
          "close_time", fmt::format("close_time {} before open_time {}", to_iso8601(b.close_time),
                                    to_iso8601(b.open_time))};
    }
    for (const auto& [name, v] : {std::pair{"quote_volume", &b.quote_volume},
                                  std::pair{"taker_buy_base_volume", &b.taker_buy_base_volume},
                                  std::pair{"taker_buy_quote_volume", &b.taker_buy_quote_volume}}) {
      if (!problem && v->is_negative())
        problem = detail::BarProblem{name, fmt::format("negative volume {}", v->to_string())};
    }
    if (!problem && b.trades_count < 0)
      problem =
          detail::BarProblem{"trades", fmt::format("negative trade count {}", b.trades_count)};
    if (problem) {
      throw DataError(fmt::format("{}: bar {}: {}: {} (a corrupt or hand-made cache; re-import it)",
                                  info_.path.string(), i, problem->field, problem->why));
    }
  }
}

std::vector<Bar> BarCache::to_bars() const {
  std::vector<Bar> out = unchecked_bars();
  check(out);
  return out;
}

std::vector<Bar> BarCache::unchecked_bars() const {
  const std::size_t n = size();
  std::vector<Bar> out;
  out.reserve(n);
  prefault(out.data(), n * sizeof(Bar));
  bool narrow = true;
  for (int c = Open; c <= TakerQuote; ++c) narrow = narrow && widths_[c] == 8;
  if (!narrow) {
    for (std::size_t i = 0; i < n; ++i) out.push_back(bar(i));
    return out;
  }
  // Every decimal column is int64: read the 11 columns in step, writing each Bar once.
  std::array<const std::int64_t*, kColumns> p{};
  for (int c = 0; c < kColumns; ++c) p[c] = reinterpret_cast<const std::int64_t*>(column(c));
  for (std::size_t i = 0; i < n; ++i) {
    Bar& b = out.emplace_back();
    b.open_time.ns = p[OpenTime][i];
    b.close_time.ns = p[CloseTime][i];
    b.open = Decimal::from_raw(p[Open][i]);
    b.high = Decimal::from_raw(p[High][i]);
    b.low = Decimal::from_raw(p[Low][i]);
    b.close = Decimal::from_raw(p[Close][i]);
    b.volume = Decimal::from_raw(p[Volume][i]);
    b.quote_volume = Decimal::from_raw(p[QuoteVolume][i]);
    b.taker_buy_base_volume = Decimal::from_raw(p[TakerBase][i]);
    b.taker_buy_quote_volume = Decimal::from_raw(p[TakerQuote][i]);
    b.trades_count = p[Trades][i];
  }
  return out;
}

std::vector<BarCacheInfo> list_bar_caches(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) throw Error(fmt::format("{}: cannot list: {}", dir.string(), ec.message()));
  std::vector<BarCacheInfo> out;
  for (const auto& entry : it) {
    if (!entry.is_regular_file() || entry.path().extension() != ".tbars") continue;
    try {
      out.push_back(BarCache(entry.path()).info());
    } catch (const Error&) {
      continue;
    }
  }
  std::sort(out.begin(), out.end(), [](const BarCacheInfo& a, const BarCacheInfo& b) {
    return std::tie(a.symbol, a.interval_ns) < std::tie(b.symbol, b.interval_ns);
  });
  return out;
}

}  // namespace talon
