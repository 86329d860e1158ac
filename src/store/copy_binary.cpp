#include "copy_binary.hpp"

#include <limits>

namespace talon::store_detail {
namespace {

// PostgreSQL counts time from 2000-01-01 00:00:00 UTC, in microseconds.
constexpr std::int64_t kPgEpochUnixMicros = 946'684'800'000'000;

template <typename T>
void put_be(std::string& out, T v) {
  using U = std::make_unsigned_t<T>;
  auto u = static_cast<U>(v);
  char b[sizeof(T)];
  for (std::size_t i = sizeof(T); i-- > 0;) {
    b[i] = static_cast<char>(u & 0xff);
    u = static_cast<U>(u >> 8);
  }
  out.append(b, sizeof(T));
}

bool is_text_type(std::uint32_t oid) {
  return oid == pg_oid::kText || oid == pg_oid::kVarchar || oid == pg_oid::kBpchar ||
         oid == pg_oid::kJson || oid == pg_oid::kJsonb;
}

}  // namespace

bool binary_copy_accepts(std::uint32_t oid, const SqlValue& v) noexcept {
  switch (v.index()) {
    case 0: return true;
    case 1: {
      const std::int64_t x = std::get<std::int64_t>(v);
      if (oid == pg_oid::kInt8 || oid == pg_oid::kNumeric) return true;
      if (oid == pg_oid::kInt4) {
        return x >= std::numeric_limits<std::int32_t>::min() &&
               x <= std::numeric_limits<std::int32_t>::max();
      }
      if (oid == pg_oid::kInt2) {
        return x >= std::numeric_limits<std::int16_t>::min() &&
               x <= std::numeric_limits<std::int16_t>::max();
      }
      return false;
    }
    case 2: return is_text_type(oid);
    case 3: return oid == pg_oid::kNumeric;
    case 4: return oid == pg_oid::kTimestamptz || oid == pg_oid::kTimestamp;
    case 5: return oid == pg_oid::kUuid;
    case 6: return oid == pg_oid::kBool;
    default: return false;
  }
}

void append_copy_header(std::string& out) {
  static constexpr char kSignature[] = "PGCOPY\n\377\r\n";  // 11 bytes with its NUL
  out.append(kSignature, sizeof kSignature);
  put_be<std::int32_t>(out, 0);  // flags: no OIDs
  put_be<std::int32_t>(out, 0);  // header extension length
}

void append_copy_row(std::string& out, std::uint16_t fields) {
  put_be<std::int16_t>(out, static_cast<std::int16_t>(fields));
}

void append_copy_trailer(std::string& out) {
  put_be<std::int16_t>(out, -1);
}

void append_numeric(std::string& out, Decimal d) {
  using URaw = unsigned __int128;
  const Decimal::Raw raw = d.raw();
  const bool neg = raw < 0;
  URaw u = neg ? URaw(0) - static_cast<URaw>(raw) : static_cast<URaw>(raw);
  const auto one = static_cast<URaw>(Decimal::kOne);
  auto frac = static_cast<std::uint32_t>(u % one);  // 8 digits: two base-10000 digits
  URaw ip = u / one;

  // Up to 10 integer groups (int128 / 10^8 < 10^31) and 2 fractional ones.
  std::uint16_t digits[12];
  int n_int = 0;
  std::uint16_t int_rev[10];
  while (ip != 0) {
    int_rev[n_int++] = static_cast<std::uint16_t>(static_cast<std::uint32_t>(ip % 10000));
    ip /= 10000;
  }
  int n = 0;
  for (int i = n_int - 1; i >= 0; --i) digits[n++] = int_rev[i];
  digits[n++] = static_cast<std::uint16_t>(frac / 10000);
  digits[n++] = static_cast<std::uint16_t>(frac % 10000);
  std::int16_t weight = static_cast<std::int16_t>(n_int - 1);
  // Normal form: no leading or trailing zero groups (numeric_send never sends them).
  int first = 0;
  while (first < n && digits[first] == 0) {
    ++first;
    --weight;
  }
  while (n > first && digits[n - 1] == 0) --n;
  int dscale = 0;  // fractional decimal digits of the shortest text
  if (frac != 0) {
    dscale = Decimal::kScale;
    for (std::uint32_t f = frac; f % 10 == 0; f /= 10) --dscale;
  }
  const int ndigits = n - first;
  put_be<std::int16_t>(out, static_cast<std::int16_t>(ndigits));
  put_be<std::int16_t>(out, ndigits == 0 ? std::int16_t{0} : weight);
  put_be<std::uint16_t>(out, neg && ndigits != 0 ? 0x4000 : 0x0000);
  put_be<std::int16_t>(out, static_cast<std::int16_t>(dscale));
  for (int i = first; i < n; ++i) put_be<std::uint16_t>(out, digits[i]);
}

void append_copy_field(std::string& out, std::uint32_t oid, const SqlValue& v) {
  switch (v.index()) {
    case 0: put_be<std::int32_t>(out, -1); return;
    case 1: {
      const std::int64_t x = std::get<std::int64_t>(v);
      if (oid == pg_oid::kNumeric) {
        append_copy_field(out, oid, SqlValue{Decimal::from_int(x)});
      } else if (oid == pg_oid::kInt4) {
        put_be<std::int32_t>(out, 4);
        put_be<std::int32_t>(out, static_cast<std::int32_t>(x));
      } else if (oid == pg_oid::kInt2) {
        put_be<std::int32_t>(out, 2);
        put_be<std::int16_t>(out, static_cast<std::int16_t>(x));
      } else {
        put_be<std::int32_t>(out, 8);
        put_be<std::int64_t>(out, x);
      }
      return;
    }
    case 2: {
      const std::string& s = std::get<std::string>(v);
      const bool jsonb = oid == pg_oid::kJsonb;  // jsonb_send: version byte 1, then text
      put_be<std::int32_t>(out, static_cast<std::int32_t>(s.size() + (jsonb ? 1 : 0)));
      if (jsonb) out += '\1';
      out += s;
      return;
    }
    case 3: {
      const std::size_t at = out.size();
      put_be<std::int32_t>(out, 0);  // length, patched below
      append_numeric(out, std::get<Decimal>(v));
      const auto len = static_cast<std::uint32_t>(out.size() - at - 4);
      for (int i = 0; i < 4; ++i) {
        out[at + static_cast<std::size_t>(i)] = static_cast<char>(len >> (24 - 8 * i));
      }
      return;
    }
    case 4: {
      const std::int64_t ns = std::get<Timestamp>(v).ns;
      // Floor to microseconds, as to_db_time does: timestamptz keeps microseconds.
      const std::int64_t us = ns / 1000 - (ns % 1000 < 0 ? 1 : 0);
      put_be<std::int32_t>(out, 8);
      put_be<std::int64_t>(out, us - kPgEpochUnixMicros);
      return;
    }
    case 5: {
      const Uuid& id = std::get<Uuid>(v);
      put_be<std::int32_t>(out, 16);
      out.append(reinterpret_cast<const char*>(id.bytes.data()), id.bytes.size());
      return;
    }
    case 6:
      put_be<std::int32_t>(out, 1);
      out += std::get<bool>(v) ? '\1' : '\0';
      return;
    default: return;
  }
}

}  // namespace talon::store_detail
