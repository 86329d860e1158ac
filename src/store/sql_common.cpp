#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>
#include <vector>

#include <talon/store/sql.hpp>

namespace talon {

SqlTransaction::SqlTransaction(SqlConnection& c) : c_(c) {
  if (c_.dialect() != Dialect::Sqlite) {
    c_.execute_script("BEGIN");
    return;
  }
  for (int attempt = 1;; ++attempt) {
    try {
      c_.execute_script("BEGIN IMMEDIATE");
      return;
    } catch (const SqlError& e) {
      if (e.kind() != SqlErrorKind::Busy || attempt == 3) throw;
    }
  }
}

SqlTransaction::~SqlTransaction() {
  if (!done_) {
    try {
      c_.execute_script("ROLLBACK");
    } catch (...) {
      // The connection is gone; the server rolls back on its own.
    }
  }
}

void SqlTransaction::commit() {
  c_.execute_script("COMMIT");
  done_ = true;
}

namespace {

char* put_digits(char* out, std::int64_t v, int n) {
  for (int i = n - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return out + n;
}

}  // namespace

char* write_db_time(Timestamp t, char* out) {
  const std::int64_t day = t.epoch_day();
  // Not t.ns - day * kNanosPerDay: near the int64 minimum that product overflows.
  const std::int64_t in_day = (t.ns % kNanosPerDay + kNanosPerDay) % kNanosPerDay;
  const CivilDate c = civil_from_days(day);
  const std::int64_t s = in_day / kNanosPerSecond;
  char* p = put_digits(out, c.year, 4);
  *p++ = '-';
  p = put_digits(p, std::int64_t{c.month}, 2);
  *p++ = '-';
  p = put_digits(p, std::int64_t{c.day}, 2);
  *p++ = 'T';
  p = put_digits(p, s / 3600, 2);
  *p++ = ':';
  p = put_digits(p, s / 60 % 60, 2);
  *p++ = ':';
  p = put_digits(p, s % 60, 2);
  *p++ = '.';
  p = put_digits(p, in_day % kNanosPerSecond / kNanosPerMicro, 6);
  *p++ = 'Z';
  return p;
}

std::string to_db_time(Timestamp t) {
  char buf[kDbTimeSize];
  return std::string(buf, write_db_time(t, buf));
}

namespace {

std::int64_t digits(std::string_view text, std::size_t pos, std::size_t n) {
  std::int64_t v = 0;
  if (pos + n > text.size()) {
    throw ParseError(fmt::format("database time '{}': too short", text));
  }
  const auto [p, ec] = std::from_chars(text.data() + pos, text.data() + pos + n, v);
  if (ec != std::errc() || p != text.data() + pos + n) {
    throw ParseError(fmt::format("database time '{}': digit expected at {}", text, pos));
  }
  return v;
}

}  // namespace

Timestamp from_db_time(std::string_view text) {
  // YYYY-MM-DD[T ]HH:MM:SS[.f{1,9}](Z|+00|+00:00)
  const std::int64_t y = digits(text, 0, 4);
  const std::int64_t mo = digits(text, 5, 2);
  const std::int64_t d = digits(text, 8, 2);
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != ' ') || text[13] != ':' || text[16] != ':') {
    throw ParseError(fmt::format("database time '{}': not YYYY-MM-DD HH:MM:SS", text));
  }
  const std::int64_t h = digits(text, 11, 2);
  const std::int64_t mi = digits(text, 14, 2);
  const std::int64_t s = digits(text, 17, 2);
  std::size_t pos = 19;
  std::int64_t frac = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int n = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (n >= 9) throw ParseError(fmt::format("database time '{}': beyond nanoseconds", text));
      frac = frac * 10 + (text[pos] - '0');
      ++n;
      ++pos;
    }
    for (; n < 9; ++n) frac *= 10;
  }
  const std::string_view zone = text.substr(pos);
  if (zone != "Z" && zone != "+00" && zone != "+00:00") {
    throw ParseError(fmt::format("database time '{}': not UTC (zone '{}')", text, zone));
  }
  const std::int64_t day = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return Timestamp::from_ns(day * kNanosPerDay + ((h * 60 + mi) * 60 + s) * kNanosPerSecond + frac);
}

namespace {

[[noreturn]] void null_cell(std::size_t i) {
  throw DataError(fmt::format("database row: column {} is NULL where a value is required", i));
}

const std::string& required(const SqlRow& r, std::size_t i) {
  if (i >= r.size() || !r[i]) null_cell(i);
  return *r[i];
}

std::string_view required(SqlRowView r, std::size_t i) {
  if (i >= r.size() || !r[i]) null_cell(i);
  return *r[i];
}

Decimal parse_decimal_cell(std::string_view s, std::size_t i) {
  if (auto d = Decimal::try_parse(s)) return *d;
  throw DataError(fmt::format("database row: column {} is '{}', not a decimal", i, s));
}

std::int64_t parse_int_cell(std::string_view s, std::size_t i) {
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) {
    throw DataError(fmt::format("database row: column {} is '{}', not an integer", i, s));
  }
  return v;
}

}  // namespace

Decimal row_decimal(const SqlRow& r, std::size_t i) {
  return parse_decimal_cell(required(r, i), i);
}

Decimal row_decimal(SqlRowView r, std::size_t i) {
  return parse_decimal_cell(required(r, i), i);
}

std::int64_t row_int(const SqlRow& r, std::size_t i) {
  return parse_int_cell(required(r, i), i);
}

std::int64_t row_int(SqlRowView r, std::size_t i) {
  return parse_int_cell(required(r, i), i);
}

Timestamp row_time(const SqlRow& r, std::size_t i) {
  return from_db_time(required(r, i));
}

Timestamp row_time(SqlRowView r, std::size_t i) {
  return from_db_time(required(r, i));
}

std::string row_text(const SqlRow& r, std::size_t i) {
  return required(r, i);
}

bool row_bool(const SqlRow& r, std::size_t i) {
  const std::string& s = required(r, i);
  return s == "1" || s == "t" || s == "true";
}

namespace {

// Connection parameters whose values are secrets (libpq's names, and any that say so).
bool secret_key(std::string_view key) {
  std::string k(key);
  for (char& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* word : {"password", "passwd", "pwd", "secret", "token", "key"}) {
    if (k.find(word) != std::string::npos) return true;
  }
  return false;
}

// A libpq "key=value key='quoted value'" string, values redacted where the key is secret
// (and collected into `secrets` when given).
std::string redact_conninfo(std::string_view s, std::vector<std::string>* secrets) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (std::isspace(static_cast<unsigned char>(s[i]))) {
      out += s[i++];
      continue;
    }
    const std::size_t eq = s.find('=', i);
    if (eq == std::string_view::npos) {
      out += s.substr(i);
      break;
    }
    std::string_view key = s.substr(i, eq - i);
    while (!key.empty() && std::isspace(static_cast<unsigned char>(key.back())))
      key.remove_suffix(1);
    std::size_t j = eq + 1;
    while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    const std::size_t value_start = j;
    if (j < s.size() && s[j] == '\'') {
      for (++j; j < s.size() && s[j] != '\''; ++j) {
        if (s[j] == '\\') ++j;
      }
      if (j < s.size()) ++j;
    } else {
      while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) {
        if (s[j] == '\\') ++j;
        ++j;
      }
    }
    j = std::min(j, s.size());
    std::string_view value = s.substr(value_start, j - value_start);
    out += s.substr(i, value_start - i);
    if (secret_key(key)) {
      out += "***";
      if (value.size() >= 2 && value.front() == '\'') value = value.substr(1, value.size() - 2);
      if (secrets != nullptr && !value.empty()) secrets->emplace_back(value);
    } else {
      out += value;
    }
    i = j;
  }
  return out;
}

std::string redact(std::string_view url, std::vector<std::string>* secrets) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) {
    return url.find('=') == std::string_view::npos ? std::string(url)
                                                   : redact_conninfo(url, secrets);
  }
  std::string out(url.substr(0, scheme + 3));
  std::string_view rest = url.substr(scheme + 3);
  // Credentials end at the last '@' (a password may hold '@', '/' or '?' unencoded): the
  // user name is kept, everything after its first ':' is hidden.
  const auto at = rest.rfind('@');
  if (at != std::string_view::npos) {
    const std::string_view cred = rest.substr(0, at);
    const auto colon = cred.find(':');
    if (colon == std::string_view::npos) {
      out += cred;
    } else {
      out += std::string(cred.substr(0, colon)) + ":***";
      if (secrets != nullptr && colon + 1 < cred.size())
        secrets->emplace_back(cred.substr(colon + 1));
    }
    out += '@';
    rest = rest.substr(at + 1);
  }
  // Query parameters: ?password=..., &sslpassword=...
  const auto q = rest.find('?');
  out += rest.substr(0, q);
  if (q == std::string_view::npos) return out;
  std::string_view query = rest.substr(q + 1);
  out += '?';
  bool first = true;
  while (true) {
    const auto amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    if (!first) out += '&';
    first = false;
    const auto eq = part.find('=');
    if (eq != std::string_view::npos && secret_key(part.substr(0, eq))) {
      out += std::string(part.substr(0, eq + 1)) + "***";
      if (secrets != nullptr && eq + 1 < part.size()) secrets->emplace_back(part.substr(eq + 1));
    } else {
      out += part;
    }
    if (amp == std::string_view::npos) break;
    query = query.substr(amp + 1);
  }
  return out;
}

}  // namespace

std::string redact_url(std::string_view url) {
  return redact(url, nullptr);
}

std::vector<std::string> secrets_in(std::string_view target) {
  std::vector<std::string> out;
  redact(target, &out);
  return out;
}

namespace {

// Whether `text` holds a piece of 4 or more characters of `secret` (or all of a shorter one).
bool holds_piece_of(std::string_view text, std::string_view secret) {
  const std::size_t len = std::min<std::size_t>(4, secret.size());
  for (std::size_t at = 0; len > 0 && at + len <= secret.size(); ++at) {
    if (text.find(secret.substr(at, len)) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

std::string scrub_secrets(std::string text, std::string_view target) {
  const std::vector<std::string> secrets = secrets_in(target);
  for (const std::string& secret : secrets) {
    for (std::size_t k = text.find(secret); !secret.empty() && k != std::string::npos;
         k = text.find(secret, k + 3)) {
      text.replace(k, secret.size(), "***");
    }
  }
  // libpq quotes the part of a URL it could not parse, split where it chose: a quoted text
  // holding any piece of a secret is hidden whole.
  std::size_t open = text.find('"');
  while (open != std::string::npos) {
    const std::size_t close = text.find('"', open + 1);
    if (close == std::string::npos) break;
    const std::string_view quoted = std::string_view(text).substr(open + 1, close - open - 1);
    bool secret = false;
    for (const std::string& s : secrets) secret = secret || holds_piece_of(quoted, s);
    if (secret) {
      text.replace(open + 1, close - open - 1, "***");
      open = text.find('"', open + 5);
    } else {
      open = text.find('"', close + 1);
    }
  }
  return text;
}

bool is_postgresql_target(std::string_view target) {
  if (target.starts_with("postgresql://") || target.starts_with("postgres://")) return true;
  // A libpq key=value string: "host=... dbname=... user=... password=...".
  for (const char* key :
       {"host=", "hostaddr=", "dbname=", "user=", "password=", "port=", "service="}) {
    if (target.starts_with(key) || target.find(std::string(" ") + key) != std::string_view::npos)
      return true;
  }
  return false;
}

std::unique_ptr<SqlConnection> open_connection(const std::string& target, bool create) {
  if (is_postgresql_target(target)) return open_postgresql_connection(target);
  return open_sqlite_connection(target, create);
}

}  // namespace talon
