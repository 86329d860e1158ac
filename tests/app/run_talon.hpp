#pragma once
// Runs the built `talon` program (TALON_BIN) as a separate process, as a user would.

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

extern char** environ;

namespace talon::test {

/// A started `talon` process whose stdout and stderr go to files.
struct TalonProcess {
  pid_t pid = -1;
  std::filesystem::path out, err;
};

/// Starts `talon args...` with stdout/stderr redirected to `<base>.out` / `<base>.err`.
inline TalonProcess start_talon(const std::vector<std::string>& args,
                                const std::filesystem::path& base) {
  TalonProcess p{-1, base.string() + ".out", base.string() + ".err"};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, p.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, 2, p.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<std::string> all = {TALON_BIN};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (posix_spawn(&p.pid, TALON_BIN, &fa, nullptr, argv.data(), environ) != 0) p.pid = -1;
  posix_spawn_file_actions_destroy(&fa);
  return p;
}

/// Waits for `p`; returns its exit code (-1 when it did not exit normally).
inline int wait_talon(const TalonProcess& p) {
  int status = 0;
  if (p.pid < 0 || ::waitpid(p.pid, &status, 0) != p.pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// Runs `talon args...` to the end; returns the exit code, stdout+stderr in `output`.
inline int run_talon(const std::vector<std::string>& args, const std::filesystem::path& base,
                     std::string* output = nullptr) {
  const TalonProcess p = start_talon(args, base);
  const int rc = wait_talon(p);
  if (output != nullptr) *output = read_all(p.out) + read_all(p.err);
  return rc;
}

}  // namespace talon::test
