// ISO-8601 timestamps: whatever parses must print and parse back to the same instant.

#include <cstdlib>

#include <talon/core/error.hpp>
#include <talon/core/timestamp.hpp>

#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto in = talon::fuzz::text(data, size);
  try {
    const talon::Timestamp t = talon::parse_iso8601(in);
    if (talon::parse_iso8601(talon::to_iso8601(t)) != t) std::abort();
    (void)talon::to_iso_date(t);
  } catch (const talon::Error&) {
  }
  if (size >= 8) {
    std::int64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | data[i];
    (void)talon::Timestamp::checked_from_ms(v);
    (void)talon::Timestamp::checked_from_us(v);
    (void)talon::to_iso8601(talon::Timestamp::from_ns(v));
  }
  return 0;
}
