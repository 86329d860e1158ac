// The zip and gzip readers (read_data_text picks by magic bytes) and the .CHECKSUM parser.

#include <talon/core/error.hpp>
#include <talon/data/archive.hpp>

#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  talon::fuzz::limit_input_bytes();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = talon::fuzz::as_file(data, size, ".bin");
  try {
    (void)talon::read_data_text(path);
  } catch (const talon::Error&) {
  }
  try {
    (void)talon::parse_checksum_text(talon::fuzz::text(data, size), "fuzz.CHECKSUM");
  } catch (const talon::Error&) {
  }
  return 0;
}
