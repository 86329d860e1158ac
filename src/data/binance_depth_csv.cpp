#include <fmt/format.h>

#include <array>
#include <charconv>

#include <talon/core/error.hpp>
#include <talon/data/binance_depth_csv.hpp>

namespace talon {
namespace {

// Splits `text` into lines and each line into exactly N comma-separated fields.
template <std::size_t N, typename Fn>
void for_each_row(std::string_view text, std::string_view source, std::string_view header,
                  Fn&& fn) {
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no == 1) {
      if (line != header) {
        throw DataError(fmt::format("{}:1: expected header '{}', got '{}'", source, header, line));
      }
      continue;
    }
    if (line.empty()) continue;
    std::array<std::string_view, N> f;
    std::size_t start = 0;
    for (std::size_t i = 0; i < N; ++i) {
      const std::size_t comma = i + 1 < N ? line.find(',', start) : line.size();
      if (comma == std::string_view::npos || (i + 1 == N && line.find(',', start) != line.npos)) {
        throw DataError(fmt::format("{}:{}: expected {} fields", source, line_no, N));
      }
      f[i] = line.substr(start, comma - start);
      start = comma + 1;
    }
    fn(f, line_no);
  }
}

template <typename Int>
Int to_int(std::string_view s, std::string_view source, std::size_t line, const char* field) {
  Int v{};
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) {
    throw DataError(fmt::format("{}:{}: field {}: '{}' is not an integer", source, line, field, s));
  }
  return v;
}

Decimal to_dec(std::string_view s, std::string_view source, std::size_t line, const char* field) {
  const auto d = Decimal::try_parse(s);
  if (!d) {
    throw DataError(fmt::format("{}:{}: field {}: '{}' is not a decimal", source, line, field, s));
  }
  return *d;
}

bool to_side(std::string_view s, std::string_view source, std::size_t line) {
  if (s == "b") return true;
  if (s == "a") return false;
  throw DataError(fmt::format("{}:{}: field side: '{}' is neither b nor a", source, line, s));
}

}  // namespace

DepthSnapshot parse_depth_snapshot_csv(std::string_view text, std::string_view source) {
  DepthSnapshot s;
  for_each_row<6>(text, source, "local_ts_ns,last_update_id,side,level,price,qty",
                  [&](const auto& f, std::size_t n) {
                    s.at = Timestamp::from_ns(to_int<std::int64_t>(f[0], source, n, "local_ts_ns"));
                    s.last_update_id = to_int<std::uint64_t>(f[1], source, n, "last_update_id");
                    s.levels.push_back({to_side(f[2], source, n), to_dec(f[4], source, n, "price"),
                                        to_dec(f[5], source, n, "qty")});
                  });
  return s;
}

std::vector<DepthUpdate> parse_depth_updates_csv(std::string_view text, std::string_view source) {
  std::vector<DepthUpdate> out;
  for_each_row<7>(
      text, source, "local_ts_ns,event_time_ms,first_update_id,final_update_id,side,price,qty",
      [&](const auto& f, std::size_t n) {
        const auto first = to_int<std::uint64_t>(f[2], source, n, "first_update_id");
        const auto final = to_int<std::uint64_t>(f[3], source, n, "final_update_id");
        if (out.empty() || out.back().first_update_id != first ||
            out.back().final_update_id != final) {
          DepthUpdate u;
          u.at = Timestamp::from_ms(to_int<std::int64_t>(f[1], source, n, "event_time_ms"));
          u.first_update_id = first;
          u.final_update_id = final;
          out.push_back(std::move(u));
        }
        out.back().changes.push_back({to_side(f[4], source, n), to_dec(f[5], source, n, "price"),
                                      to_dec(f[6], source, n, "qty")});
      });
  return out;
}

std::vector<TradeTick> parse_trades_csv(std::string_view text, std::string_view source) {
  std::vector<TradeTick> out;
  for_each_row<7>(
      text, source, "trade_id,price,qty,trade_time_ms,event_time_ms,is_buyer_maker,local_ts_ns",
      [&](const auto& f, std::size_t n) {
        TradeTick t;
        t.price = to_dec(f[1], source, n, "price");
        t.quantity = to_dec(f[2], source, n, "qty");
        t.at = Timestamp::from_ms(to_int<std::int64_t>(f[3], source, n, "trade_time_ms"));
        if (f[5] != "true" && f[5] != "false") {
          throw DataError(
              fmt::format("{}:{}: field is_buyer_maker: '{}' is not a "
                          "boolean",
                          source, n, f[5]));
        }
        t.buyer_is_maker = f[5] == "true";
        out.push_back(t);
      });
  return out;
}

}  // namespace talon
