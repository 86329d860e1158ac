#include <talon/binance/parse_status.hpp>

namespace talon::binance {

bool ParseErrorCounter::record(std::string_view kind, std::string_view error) {
  ++total_;
  auto it = kinds_.find(kind);
  if (it == kinds_.end()) it = kinds_.emplace(std::string(kind), Entry{}).first;
  ++it->second.count;
  if (it->second.count == 1) {
    it->second.first = std::string(error);
    return true;
  }
  return false;
}

std::size_t ParseErrorCounter::count(std::string_view kind) const {
  const auto it = kinds_.find(kind);
  return it == kinds_.end() ? 0 : it->second.count;
}

std::string ParseErrorCounter::first_error(std::string_view kind) const {
  const auto it = kinds_.find(kind);
  return it == kinds_.end() ? std::string() : it->second.first;
}

}  // namespace talon::binance
