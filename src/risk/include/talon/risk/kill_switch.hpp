#pragma once
// The kill switch: per bot or global, engaged by an operator, it makes the risk engine
// refuse every new order (the caller cancels the open ones). It survives a restart: the
// engaged scopes are kept in a small text file, one per line ("*" = every bot, otherwise a
// bot id), rewritten whole through a temporary file and a rename so that a crash leaves
// either the old or the new list.

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>

namespace talon {

class KillSwitch {
 public:
  /// The scope that stops every bot.
  static constexpr std::string_view kGlobal = "*";

  /// Without a path: kept in memory only. With one: loaded from `path` when it exists.
  /// Throws DataError when the file exists and cannot be read.
  KillSwitch() = default;
  explicit KillSwitch(std::filesystem::path path);

  /// Engages `scope` (a bot id, or kGlobal) and saves. Throws InvalidArgument for an empty
  /// scope or one with a line break, DataError when the file cannot be written.
  void engage(std::string_view scope);
  /// Releases `scope` and saves; releasing kGlobal leaves per-bot switches engaged.
  void release(std::string_view scope);
  /// True when the global switch or `bot_id`'s is engaged.
  bool engaged(std::string_view bot_id) const;
  /// True when the global switch or any bot's is engaged (a fast check before engaged()).
  bool any() const noexcept { return !scopes_.empty(); }
  /// Re-reads the file when another process changed it since it was last read or written
  /// here (its modification time or size differ): a running bot calls this every second or
  /// so to obey `talon kill-switch on` within a second. Returns true when the engaged scopes
  /// changed. Throws DataError when the file exists and cannot be read.
  bool refresh();
  /// The file, empty when kept in memory only.
  const std::filesystem::path& path() const noexcept { return path_; }
  /// The engaged scopes, in order ("*" first when engaged).
  const std::set<std::string, std::less<>>& scopes() const noexcept { return scopes_; }

  /// Changes with every engage() or release() that changed something: a caller may keep
  /// engaged()'s answer while it stays the same.
  std::uint64_t version() const noexcept { return version_; }

 private:
  void save();
  void load();
  /// The file's state when last read or written: modification time and size.
  struct Stamp {
    std::filesystem::file_time_type time{};
    std::uintmax_t size = 0;
    bool exists = false;
    bool operator==(const Stamp&) const = default;
  };
  Stamp stamp() const;
  std::filesystem::path path_;
  Stamp seen_{};
  std::set<std::string, std::less<>> scopes_;
  std::uint64_t version_ = 0;
};

/// Where the kill switch is kept when no file is named: $TALON_KILL_SWITCH, else
/// "talon.kill" in the working directory (beside the default talon.db).
std::filesystem::path default_kill_switch_path();

}  // namespace talon
