#include <fmt/format.h>

#include <fstream>

#include <talon/core/error.hpp>
#include <talon/risk/kill_switch.hpp>

namespace talon {

KillSwitch::KillSwitch(std::filesystem::path path) : path_(std::move(path)) {
  std::error_code ec;
  if (!std::filesystem::exists(path_, ec)) return;
  std::ifstream in(path_);
  if (!in) throw DataError(fmt::format("kill switch: cannot read {}", path_.string()));
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) scopes_.insert(line);
  }
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

void KillSwitch::save() const {
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
}

}  // namespace talon
