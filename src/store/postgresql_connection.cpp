// SqlConnection on PostgreSQL through libpq: text parameters (PQexecParams) and COPY FROM
// STDIN for bulk inserts, in binary format when every value has a binary form for its
// column's type (the usual case), else in text format.

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <libpq-fe.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

#include <talon/store/sql.hpp>

#include "copy_binary.hpp"

namespace talon {
namespace {

struct ResultGuard {
  PGresult* r;
  ~ResultGuard() { PQclear(r); }
};

std::string value_text(const SqlValue& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>) {
          return {};
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return std::to_string(x);
        } else if constexpr (std::is_same_v<T, bool>) {
          return x ? "t" : "f";
        } else if constexpr (std::is_same_v<T, std::string>) {
          return x;
        } else if constexpr (std::is_same_v<T, Timestamp>) {
          return to_db_time(x);
        } else {
          return x.to_string();
        }
      },
      v);
}

// COPY text format: backslash, tab, newline and carriage return are escaped; NULL is \N.
void append_text_copy_field(std::string& out, const SqlValue& v) {
  if (std::holds_alternative<std::nullptr_t>(v)) {
    out += "\\N";
    return;
  }
  if (const auto* s = std::get_if<std::string>(&v)) {
    for (char c : *s) {
      switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out += c;
      }
    }
    return;
  }
  out += value_text(v);
}

class PostgresConnection final : public SqlConnection {
 public:
  explicit PostgresConnection(const std::string& url) : name_(redact_url(url)) {
    conn_ = PQconnectdb(url.c_str());
    if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
      const std::string why = conn_ ? PQerrorMessage(conn_) : "out of memory";
      PQfinish(conn_);
      throw Error(fmt::format("{}: cannot connect to PostgreSQL: {}", name_,
                              scrub_secrets(trim(why), url)));
    }
    // Notices (e.g. "relation already exists, skipping") are not errors; keep them quiet.
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
    execute_script(
        "SET TimeZone = 'UTC'; SET DateStyle = 'ISO'; SET client_encoding = 'UTF8';"
        "SET extra_float_digits = 3;");
  }

  ~PostgresConnection() override { PQfinish(conn_); }

  Dialect dialect() const noexcept override { return Dialect::Postgresql; }
  const std::string& name() const noexcept override { return name_; }

  void execute_script(std::string_view sql) override {
    column_types_.clear();
    copy_allowed_.clear();  // a script may SET ROLE or change a table's row security
    const std::string text(sql);
    ResultGuard g{PQexec(conn_, text.c_str())};
    check(g.r);
  }

  SqlResult query(std::string_view sql, std::span<const SqlValue> params) override {
    std::vector<std::string> texts;
    std::vector<const char*> ptrs;
    texts.reserve(params.size());
    for (const SqlValue& v : params) texts.push_back(value_text(v));
    for (std::size_t i = 0; i < params.size(); ++i) {
      ptrs.push_back(std::holds_alternative<std::nullptr_t>(params[i]) ? nullptr
                                                                       : texts[i].c_str());
    }
    const std::string text(sql);
    ResultGuard g{PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()), nullptr,
                               ptrs.data(), nullptr, nullptr, 0)};
    check(g.r);
    SqlResult out;
    const int nrows = PQntuples(g.r);
    const int ncols = PQnfields(g.r);
    out.rows.reserve(static_cast<std::size_t>(nrows));
    for (int r = 0; r < nrows; ++r) {
      SqlRow row(static_cast<std::size_t>(ncols));
      for (int c = 0; c < ncols; ++c) {
        if (!PQgetisnull(g.r, r, c)) {
          row[static_cast<std::size_t>(c)].emplace(
              PQgetvalue(g.r, r, c), static_cast<std::size_t>(PQgetlength(g.r, r, c)));
        }
      }
      out.rows.push_back(std::move(row));
    }
    const char* affected = PQcmdTuples(g.r);
    if (affected != nullptr && affected[0] != '\0') out.affected = std::stoll(affected);
    return out;
  }

  void for_each_row(std::string_view sql, std::span<const SqlValue> params,
                    const SqlRowCallback& fn) override {
    // A cursor read in batches: libpq would otherwise hold the whole result in memory.
    const bool own_tx = PQtransactionStatus(conn_) == PQTRANS_IDLE;
    const std::string cursor = fmt::format("talon_rows_{}", ++cursors_);
    if (own_tx) execute_script("BEGIN");
    try {
      query(fmt::format("DECLARE {} NO SCROLL CURSOR FOR {}", cursor, sql), params);
      const std::string fetch = fmt::format("FETCH {} FROM {}", kFetchRows, cursor);
      std::vector<std::optional<std::string_view>> cells;
      for (;;) {
        ResultGuard g{PQexec(conn_, fetch.c_str())};
        check(g.r);
        const int nrows = PQntuples(g.r);
        cells.resize(static_cast<std::size_t>(PQnfields(g.r)));
        for (int r = 0; r < nrows; ++r) {
          for (std::size_t c = 0; c < cells.size(); ++c) {
            const int ci = static_cast<int>(c);
            if (PQgetisnull(g.r, r, ci)) {
              cells[c].reset();
            } else {
              cells[c].emplace(PQgetvalue(g.r, r, ci),
                               static_cast<std::size_t>(PQgetlength(g.r, r, ci)));
            }
          }
          fn(cells);
        }
        if (nrows < kFetchRows) break;
      }
      execute_script(fmt::format("CLOSE {}", cursor));
      if (own_tx) execute_script("COMMIT");
    } catch (...) {
      // Best effort: end what this call opened; the error that got here is the one to report.
      PQclear(PQexec(conn_, own_tx ? "ROLLBACK" : fmt::format("CLOSE {}", cursor).c_str()));
      throw;
    }
  }

  // PostgreSQL refuses COPY FROM into a table whose row-level security applies to the
  // session (a role that is neither its owner nor a superuser).
  bool copy_allowed(std::string_view table) {
    const std::string key(table);
    if (const auto it = copy_allowed_.find(key); it != copy_allowed_.end()) return it->second;
    const SqlValue p[] = {key};
    const bool ok = !row_bool(query("SELECT c.relrowsecurity AND NOT pg_has_role(current_user, "
                                    "c.relowner, 'MEMBER') FROM pg_class c "
                                    "WHERE c.oid = $1::regclass",
                                    p)
                                  .rows.at(0),
                              0);
    copy_allowed_.emplace(key, ok);
    return ok;
  }

  // Multi-row INSERTs (as many rows per statement as 65535 parameters allow, at most 1000):
  // the path where COPY is not allowed.
  void insert_rows(std::string_view table, std::span<const std::string_view> columns,
                   std::span<const SqlValue> values) {
    const std::size_t ncol = columns.size();
    const std::size_t nrows = values.size() / ncol;
    const std::size_t per = std::max<std::size_t>(1, std::min<std::size_t>(1000, 65535 / ncol));
    for (std::size_t row = 0; row < nrows; row += per) {
      const std::size_t n = std::min(per, nrows - row);
      std::string sql = fmt::format("INSERT INTO {} ({}) VALUES ", table, fmt::join(columns, ","));
      std::size_t param = 0;
      for (std::size_t r = 0; r < n; ++r) {
        sql += r == 0 ? "(" : ",(";
        for (std::size_t c = 0; c < ncol; ++c) sql += fmt::format("{}${}", c ? "," : "", ++param);
        sql += ')';
      }
      query(sql, values.subspan(row * ncol, n * ncol));
    }
  }

  void bulk_insert(std::string_view table, std::span<const std::string_view> columns,
                   std::span<const SqlValue> values) override {
    if (columns.empty() || values.size() % columns.size() != 0) {
      throw InvalidArgument(fmt::format("bulk insert into {}: {} values for {} columns", table,
                                        values.size(), columns.size()));
    }
    if (!copy_allowed(table)) {
      insert_rows(table, columns, values);
      return;
    }
    const std::vector<std::uint32_t> oids = column_oids(table, columns);
    bool binary = !oids.empty();
    for (std::size_t i = 0; binary && i < values.size(); ++i) {
      binary = store_detail::binary_copy_accepts(oids[i % columns.size()], values[i]);
    }
    const std::string sql = fmt::format("COPY {} ({}) FROM STDIN{}", table, fmt::join(columns, ","),
                                        binary ? " (FORMAT binary)" : "");
    {
      ResultGuard g{PQexec(conn_, sql.c_str())};
      if (PQresultStatus(g.r) != PGRES_COPY_IN) check(g.r);
    }
    std::string buf;
    buf.reserve(kCopyChunk + 4096);
    const std::size_t ncol = columns.size();
    if (binary) store_detail::append_copy_header(buf);
    for (std::size_t i = 0; i < values.size(); ++i) {
      const std::size_t c = i % ncol;
      if (binary) {
        if (c == 0) store_detail::append_copy_row(buf, static_cast<std::uint16_t>(ncol));
        store_detail::append_copy_field(buf, oids[c], values[i]);
      } else {
        append_text_copy_field(buf, values[i]);
        buf += c == ncol - 1 ? '\n' : '\t';
      }
      if (buf.size() > kCopyChunk) {
        put(buf);
        buf.clear();
      }
    }
    if (binary) store_detail::append_copy_trailer(buf);
    if (!buf.empty()) put(buf);
    if (PQputCopyEnd(conn_, nullptr) != 1) {
      throw SqlError(SqlErrorKind::Other, fmt::format("{}: COPY {} failed: {}", name_, table,
                                                      trim(PQerrorMessage(conn_))));
    }
    ResultGuard g{PQgetResult(conn_)};
    // Drain: libpq requires reading until NULL after COPY.
    while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
    check(g.r, fmt::format("COPY {}: ", table), values.size() / ncol);
  }

 private:
  static constexpr std::size_t kCopyChunk = std::size_t{1} << 20;
  static constexpr int kFetchRows = 20'000;

  // Type OID of each of `columns` of `table`, from the catalog (cached until the next
  // script, which may alter the table); empty when one is unknown (text COPY then lets
  // the server name the column).
  std::vector<std::uint32_t> column_oids(std::string_view table,
                                         std::span<const std::string_view> columns) {
    const std::string key(table);
    auto it = column_types_.find(key);
    if (it == column_types_.end()) {
      const SqlValue p[] = {key};
      std::unordered_map<std::string, std::uint32_t> types;
      for (const SqlRow& row : query("SELECT attname, atttypid FROM pg_attribute WHERE attrelid "
                                     "= $1::regclass AND attnum > 0 AND NOT attisdropped",
                                     p)
                                   .rows) {
        types.emplace(row_text(row, 0), static_cast<std::uint32_t>(row_int(row, 1)));
      }
      it = column_types_.emplace(key, std::move(types)).first;
    }
    std::vector<std::uint32_t> out;
    for (std::string_view c : columns) {
      const auto t = it->second.find(std::string(c));
      if (t == it->second.end()) return {};
      out.push_back(t->second);
    }
    return out;
  }

  void put(const std::string& buf) {
    if (PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size())) != 1) {
      throw SqlError(SqlErrorKind::Other,
                     fmt::format("{}: COPY failed: {}", name_, trim(PQerrorMessage(conn_))));
    }
  }

  static std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
  }

  // Throws SqlError unless `r` succeeded. For a COPY of `copy_rows` rows the message says
  // which row the server refused (from its CONTEXT line number, never the row's values).
  void check(PGresult* r, std::string_view context = {}, std::size_t copy_rows = 0) const {
    const ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) return;
    const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const std::string code = state ? state : "";
    SqlErrorKind kind = SqlErrorKind::Other;
    // Class 23: integrity constraint; class 22: a value the column's type refuses (text in
    // a NUMERIC, malformed JSON). Both are the database refusing the row.
    if (code.starts_with("23") || code.starts_with("22")) kind = SqlErrorKind::Constraint;
    // P0001: RAISE EXCEPTION from talon_refuse_change; 23514 from the bot-run FSM trigger is
    // a CHECK-class error but comes from a trigger, so it is reported as Refused too.
    if (code == "P0001") kind = SqlErrorKind::Refused;
    const char* ctx = PQresultErrorField(r, PG_DIAG_CONTEXT);
    if (kind == SqlErrorKind::Constraint && ctx != nullptr &&
        std::string_view(ctx).find("PL/pgSQL function") != std::string_view::npos) {
      kind = SqlErrorKind::Refused;
    }
    // The primary message names the relation and constraint; DETAIL would echo the row's
    // values, which may be secret, so it is left out.
    const char* primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    const std::string why = primary ? primary : trim(PQresultErrorMessage(r));
    std::string row;
    if (copy_rows != 0 && ctx != nullptr) {
      if (const char* line = std::strstr(ctx, ", line ")) {
        row = fmt::format(" (row {} of {})", std::strtoull(line + 7, nullptr, 10), copy_rows);
      }
    }
    throw SqlError(kind, fmt::format("{}: {}{}{} [SQLSTATE {}]", name_, context, why, row, code));
  }

  std::unordered_map<std::string, bool> copy_allowed_;
  std::string name_;
  PGconn* conn_ = nullptr;
  std::uint64_t cursors_ = 0;
  std::unordered_map<std::string, std::unordered_map<std::string, std::uint32_t>> column_types_;
};

}  // namespace

std::unique_ptr<SqlConnection> open_postgresql_connection(const std::string& url) {
  return std::make_unique<PostgresConnection>(url);
}

}  // namespace talon
