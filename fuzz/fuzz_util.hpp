#pragma once
// Shared by the libFuzzer targets: the input as text, and as a file for readers that take
// a path. Every target treats a talon::Error as a correct answer to a hostile input; any
// other exception, a crash or a sanitizer report is a finding.

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace talon::fuzz {

inline std::string_view text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// A per-process scratch file holding the input, with `suffix` (e.g. ".zip", ".tbars").
inline std::filesystem::path as_file(const std::uint8_t* data, std::size_t size,
                                     const std::string& suffix) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("talon-fuzz-" + std::to_string(::getpid()) + suffix);
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

/// Keeps decompression within what a fuzzer's memory limit allows.
inline void limit_input_bytes() {
  ::setenv("TALON_MAX_INPUT_BYTES", "16777216", 1);
}

}  // namespace talon::fuzz
