#pragma once
// Paths of the Binance fixtures copied into tests/fixtures/binance/ (see its README.md).

#include <fstream>
#include <sstream>
#include <string>

namespace talon::test {

/// tests/fixtures/binance/<name>
inline std::string binance_fixture(const std::string& name) {
  return std::string(TALON_FIXTURE_DIR) + "/binance/" + name;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace talon::test
