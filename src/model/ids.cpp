#include <fmt/format.h>

#include <algorithm>

#include <talon/core/error.hpp>
#include <talon/model/ids.hpp>

namespace talon {
namespace {

void check_part(std::string_view text, std::size_t max, const char* field, bool is_venue) {
  if (text.empty()) throw InvalidArgument(fmt::format("instrument id: {} is empty", field));
  if (text.size() > max) {
    throw InvalidArgument(
        fmt::format("instrument id: {} '{}' is longer than {} characters", field, text, max));
  }
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || (is_venue && c == '.')) {
      throw InvalidArgument(
          fmt::format("instrument id: {} '{}' holds a space, a control or non-ASCII character{}",
                      field, text, is_venue ? " or a '.'" : ""));
    }
  }
}

}  // namespace

InstrumentId::InstrumentId(std::string_view symbol, std::string_view venue) {
  check_part(symbol, kMaxSymbol, "symbol", false);
  check_part(venue, kMaxVenue, "venue", true);
  std::copy(symbol.begin(), symbol.end(), symbol_.begin());
  std::copy(venue.begin(), venue.end(), venue_.begin());
  symbol_len_ = static_cast<std::uint8_t>(symbol.size());
  venue_len_ = static_cast<std::uint8_t>(venue.size());
}

InstrumentId InstrumentId::parse(std::string_view text) {
  const auto dot = text.rfind('.');
  if (dot == std::string_view::npos) {
    throw ParseError(fmt::format("instrument id '{}': expected SYMBOL.VENUE", text));
  }
  return InstrumentId(text.substr(0, dot), text.substr(dot + 1));
}

std::string InstrumentId::to_string() const {
  if (is_empty()) return {};
  std::string out(symbol());
  out += '.';
  out += venue();
  return out;
}

}  // namespace talon
