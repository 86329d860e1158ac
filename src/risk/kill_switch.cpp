#include <fmt/format.h>

#include <cstdlib>
#include <fstream>

#include <talon/core/error.hpp>
#include <talon/risk/kill_switch.hpp>

namespace talon {

KillSwitch::KillSwitch(std::filesystem::path path) : path_(std::move(path)) {
  load();
}

KillSwitch::Stamp KillSwitch::stamp() const {
  std::error_code ec;
  Stamp s;
  const auto status = std::filesystem::status(path_, ec);
  if (ec || !std::filesystem::exists(status)) return s;
  s.exists = true;
  s.time = std::filesystem::last_write_time(path_, ec);
  s.size = std::filesystem::file_size(path_, ec);
  return s;
}

void KillSwitch::load() {
  seen_ = stamp();
  std::set<std::string, std::less<>> scopes;
  if (seen_.exists) {
    std::ifstream in(path_);
    if (!in) throw DataError(fmt::format("kill switch: cannot read {}", path_.string()));
    std::string line;
    // A scope is a bot id or "*": a longer line is not one of ours (and is not kept).
    while (std::getline(in, line) && scopes.size() < 100'000) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty() && line.size() <= 200) scopes.insert(line);
    }
  }
  if (scopes != scopes_) {
    scopes_ = std::move(scopes);
    ++version_;
  }
}

bool KillSwitch::refresh() {
  if (path_.empty() || stamp() == seen_) return false;
  const std::uint64_t before = version_;
  load();
  return version_ != before;
}

void KillSwitch::engage(std::string_view scope) {
  if (scope.empty() || scope.find_first_of("\r\n") != std::string_view::npos) {
    throw InvalidArgument(
        fmt::format("kill switch: scope '{}' must be a bot id or '*', on one line", scope));
  }
  if (scopes_.emplace(scope).second) ++version_;
  save();
}

void KillSwitch::release(std::string_view scope) {
  const auto it = scopes_.find(scope);
  if (it == scopes_.end()) return;
  scopes_.erase(it);
  ++version_;
  save();
}

bool KillSwitch::engaged(std::string_view bot_id) const {
  if (scopes_.empty()) return false;
  return scopes_.contains(kGlobal) || (!bot_id.empty() && scopes_.contains(bot_id));
}

void KillSwitch::save() {
  if (path_.empty()) return;
  const std::filesystem::path tmp = path_.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    for (const std::string& s : scopes_) out << s << '\n';
    out.flush();
    if (!out) throw DataError(fmt::format("kill switch: cannot write {}", tmp.string()));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path_, ec);
  if (ec) {
    throw DataError(
        fmt::format("kill switch: cannot replace {}: {}", path_.string(), ec.message()));
  }
  seen_ = stamp();
}

std::filesystem::path default_kill_switch_path() {
  if (const char* env = std::getenv("TALON_KILL_SWITCH"); env != nullptr && *env != '\0') {
    return env;
  }
  return "talon.kill";
}

}  // namespace talon
