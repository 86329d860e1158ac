#pragma once
// Paths of the real data files the tests read.

#include <string>

namespace talon::test {

/// tests/data/<name>
inline std::string test_data(const std::string& name) {
  return std::string(TALON_TEST_DATA_DIR) + "/" + name;
}

/// data/<name> (the repository's main-job data)
inline std::string repo_data(const std::string& name) {
  return std::string(TALON_REPO_DATA_DIR) + "/" + name;
}

}  // namespace talon::test
