#include <fmt/format.h>

#include <talon/data/kline_writer.hpp>

namespace talon {

void write_klines_csv(std::ostream& out, std::span<const Bar> bars) {
  fmt::memory_buffer buf;
  for (const Bar& b : bars) {
    fmt::format_to(std::back_inserter(buf), "{},{},{},{},{},{},{},{},{},{},{},0\n",
                   b.open_time.unix_ms(), b.open.to_string(), b.high.to_string(), b.low.to_string(),
                   b.close.to_string(), b.volume.to_string(), b.close_time.unix_ms(),
                   b.quote_volume.to_string(), b.trades_count, b.taker_buy_base_volume.to_string(),
                   b.taker_buy_quote_volume.to_string());
    if (buf.size() > (1u << 20)) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
}

}  // namespace talon
