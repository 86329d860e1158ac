#pragma once
// Paths of the real data files the tests read.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
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

/// A fresh directory under the system temp dir, named after the running test, removed
/// with everything in it when the object goes.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            (std::string("talon_") + info->test_suite_name() + "_" + info->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  /// path()/name as a string.
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  /// Writes `text` to path()/name; returns that path.
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
    return file(name);
  }

 private:
  std::filesystem::path path_;
};

}  // namespace talon::test
