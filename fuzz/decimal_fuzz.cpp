// Decimal text: whatever parses must print and parse back to the same value.

#include <cstdlib>

#include <talon/core/decimal.hpp>
#include <talon/core/error.hpp>

#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto in = talon::fuzz::text(data, size);
  const auto d = talon::Decimal::try_parse(in);
  if (d) {
    const auto again = talon::Decimal::try_parse(d->to_string());
    if (!again || *again != *d) std::abort();
  }
  try {
    (void)talon::Decimal::parse(in, talon::Rounding::HalfEven);
  } catch (const talon::Error&) {
  }
  return 0;
}
