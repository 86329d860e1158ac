// SqlConnection on SQLite 3 (C API: prepared statements are cached per SQL text, and $n
// parameters are mapped by name so that a statement may use them in any order).

#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <unordered_map>

#include <talon/store/sql.hpp>

namespace talon {
namespace {

class SqliteConnection final : public SqlConnection {
 public:
  SqliteConnection(std::string path, bool create) : path_(std::move(path)) {
    const bool on_disk = !path_.empty() && path_ != ":memory:" && !path_.starts_with("file:");
    if (on_disk && !create && !std::filesystem::exists(path_)) {
      throw Error(
          fmt::format("{}: no such database (this command does not create one; "
                      "'talon db migrate --db {}' does)",
                      path_, path_));
    }
    if (on_disk && create) {
      // Created here, not by SQLite, so that it is 0600 whatever the umask; SQLite gives the
      // -wal and -shm files the database file's permissions.
      const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd >= 0) {
        ::close(fd);
      } else if (errno != EEXIST) {
        throw Error(
            fmt::format("{}: cannot create SQLite database: {}", path_, std::strerror(errno)));
      }
    }
    if (sqlite3_open_v2(
            path_.c_str(), &db_,
            SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX,
            nullptr) != SQLITE_OK) {
      const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw Error(fmt::format("{}: cannot open SQLite database: {}", path_, why));
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 60'000);
    try {
      // WAL: readers never block the writer; NORMAL sync is durable across crashes of the
      // process (not of the OS) in WAL mode, the usual choice for an embedded store.
      // A 64 MiB page cache keeps the market_prices index hot during bulk imports.
      execute_script(
          "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"
          "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;");
    } catch (...) {
      sqlite3_close(db_);
      throw;
    }
  }

  ~SqliteConnection() override {
    for (auto& [sql, st] : cache_) sqlite3_finalize(st.stmt);
    sqlite3_close(db_);
  }

  Dialect dialect() const noexcept override { return Dialect::Sqlite; }
  const std::string& name() const noexcept override { return path_; }

  void execute_script(std::string_view sql) override {
    char* err = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      const std::string why = err ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      fail(sqlite3_extended_errcode(db_), why);
    }
  }

  SqlResult query(std::string_view sql, std::span<const SqlValue> params) override {
    SqlResult out;
    for_each_row(sql, params, [&out](SqlRowView cells) {
      SqlRow& row = out.rows.emplace_back(cells.size());
      for (std::size_t c = 0; c < cells.size(); ++c) {
        if (cells[c]) row[c].emplace(*cells[c]);
      }
    });
    out.affected = sqlite3_changes64(db_);
    return out;
  }

  void for_each_row(std::string_view sql, std::span<const SqlValue> params,
                    const SqlRowCallback& fn) override {
    Cached& st = prepare(sql);
    bind_all(st, params);
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() { sqlite3_reset(s); }
    } reset{st.stmt};
    const auto ncol = static_cast<std::size_t>(sqlite3_column_count(st.stmt));
    std::vector<std::optional<std::string_view>> cells(ncol);
    for (;;) {
      const int rc = sqlite3_step(st.stmt);
      if (rc == SQLITE_DONE) return;
      if (rc != SQLITE_ROW) fail(sqlite3_extended_errcode(db_), sqlite3_errmsg(db_));
      for (std::size_t c = 0; c < ncol; ++c) {
        const int ci = static_cast<int>(c);
        if (sqlite3_column_type(st.stmt, ci) == SQLITE_NULL) {
          cells[c].reset();
          continue;
        }
        // An empty BLOB has no text pointer; it is an empty value, not NULL.
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st.stmt, ci));
        cells[c].emplace(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(st.stmt, ci)));
      }
      fn(cells);
    }
  }

  void bulk_insert(std::string_view table, std::span<const std::string_view> columns,
                   std::span<const SqlValue> values) override {
    const std::size_t ncol = columns.size();
    if (ncol == 0 || values.size() % ncol != 0) {
      throw InvalidArgument(
          fmt::format("bulk insert into {}: {} values for {} columns", table, values.size(), ncol));
    }
    const std::size_t nrow = values.size() / ncol;
    // Many rows per statement: one VDBE run per chunk instead of per row. A failed chunk
    // changes nothing (statement rollback) and is replayed row by row to name the bad row.
    const std::size_t chunk = std::clamp<std::size_t>(kMaxBulkParams / ncol, 1, kMaxBulkRows);
    text_.resize(chunk * ncol * kMaxCellText);
    sqlite3_stmt* full =
        nrow >= chunk ? prepare(insert_sql(table, columns, chunk), true).stmt : nullptr;
    for (std::size_t r = 0; r < nrow; r += chunk) {
      const std::size_t k = std::min(chunk, nrow - r);
      sqlite3_stmt* st = k == chunk ? full : prepare(insert_sql(table, columns, k), true).stmt;
      if (step_rows(st, values.subspan(r * ncol, k * ncol)) == SQLITE_DONE) continue;
      const std::string why = sqlite3_errmsg(db_);
      const int code = sqlite3_extended_errcode(db_);
      if (k == 1) fail(code, fmt::format("{} (row {} of {})", why, r + 1, nrow));
      sqlite3_stmt* one = prepare(insert_sql(table, columns, 1), true).stmt;
      for (std::size_t i = r; i < r + k; ++i) {
        if (step_rows(one, values.subspan(i * ncol, ncol)) != SQLITE_DONE) {
          fail(sqlite3_extended_errcode(db_),
               fmt::format("{} (row {} of {})", sqlite3_errmsg(db_), i + 1, nrow));
        }
      }
      fail(code, why);  // the chunk failed but no single row did: report the chunk's error
    }
  }

 private:
  // SQLite's default limit is 32766 parameters; 64 rows keep a statement's text small.
  static constexpr std::size_t kMaxBulkParams = 32766;
  static constexpr std::size_t kMaxBulkRows = 64;
  static constexpr std::size_t kMaxCellText = 48;
  static_assert(kMaxCellText >= Decimal::kMaxTextSize && kMaxCellText >= kDbTimeSize &&
                kMaxCellText >= Uuid::kTextSize);

  static std::string insert_sql(std::string_view table, std::span<const std::string_view> cols,
                                std::size_t rows) {
    // Anonymous parameters, bound by position: SQLite looks each "$n" up by name among those
    // seen before while parsing, quadratic in a statement's 1,800 parameters (a tenth of a
    // 1 M-bar run went to preparing its bulk statements).
    std::string sql = fmt::format("INSERT INTO {} ({}) VALUES ", table, fmt::join(cols, ","));
    for (std::size_t r = 0; r < rows; ++r) {
      sql += r ? ",(" : "(";
      for (std::size_t c = 0; c < cols.size(); ++c) sql += c ? ",?" : "?";
      sql += ')';
    }
    return sql;
  }

  // Binds `values` to $1..$n of `st` in order (text formatted into text_, bound without a
  // copy: it outlives the step) and steps once. Returns sqlite3_step's code; resets `st`.
  int step_rows(sqlite3_stmt* st, std::span<const SqlValue> values) {
    char* cell = text_.data();
    int i = 0;
    for (const SqlValue& v : values) {
      ++i;
      switch (v.index()) {
        case 0: sqlite3_bind_null(st, i); break;
        case 1: sqlite3_bind_int64(st, i, std::get<std::int64_t>(v)); break;
        case 2: {
          const std::string& x = std::get<std::string>(v);
          sqlite3_bind_text(st, i, x.data(), static_cast<int>(x.size()), SQLITE_STATIC);
          break;
        }
        case 3: {
          char* end = std::get<Decimal>(v).write_text(cell);
          sqlite3_bind_text(st, i, cell, static_cast<int>(end - cell), SQLITE_STATIC);
          cell += kMaxCellText;
          break;
        }
        case 4: {
          char* end = write_db_time(std::get<Timestamp>(v), cell);
          sqlite3_bind_text(st, i, cell, static_cast<int>(end - cell), SQLITE_STATIC);
          cell += kMaxCellText;
          break;
        }
        case 5: {
          char* end = std::get<Uuid>(v).write_text(cell);
          sqlite3_bind_text(st, i, cell, static_cast<int>(end - cell), SQLITE_STATIC);
          cell += kMaxCellText;
          break;
        }
        default: bind(st, i, v); break;  // bool: rare in bulk tables
      }
    }
    const int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc;
  }

  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    std::vector<int> param_of_slot;  ///< slot index (1-based) -> $n (1-based)
  };

  // `positional`: the statement's parameters are anonymous "?" bound in order (the bulk
  // statements this class writes); otherwise they must be written $1..$n.
  Cached& prepare(std::string_view sql, bool positional = false) {
    const std::string key(sql);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    Cached c;
    if (sqlite3_prepare_v3(db_, key.c_str(), static_cast<int>(key.size()),
                           SQLITE_PREPARE_PERSISTENT, &c.stmt, nullptr) != SQLITE_OK) {
      fail(sqlite3_extended_errcode(db_), sqlite3_errmsg(db_));
    }
    const int n = sqlite3_bind_parameter_count(c.stmt);
    c.param_of_slot.assign(static_cast<std::size_t>(n) + 1, 0);
    for (int i = 1; i <= n; ++i) {
      if (positional) {
        c.param_of_slot[static_cast<std::size_t>(i)] = i;
        continue;
      }
      const char* pname = sqlite3_bind_parameter_name(c.stmt, i);
      int k = 0;
      if (pname == nullptr || pname[0] != '$' ||
          std::from_chars(pname + 1, pname + std::char_traits<char>::length(pname), k).ec !=
              std::errc()) {
        sqlite3_finalize(c.stmt);
        throw InvalidArgument(fmt::format("{}: parameters must be written $1..$n: {}", path_, key));
      }
      c.param_of_slot[static_cast<std::size_t>(i)] = k;
    }
    return cache_.emplace(key, c).first->second;
  }

  void bind_all(Cached& st, std::span<const SqlValue> params) {
    sqlite3_reset(st.stmt);
    for (std::size_t slot = 1; slot < st.param_of_slot.size(); ++slot) {
      const auto k = static_cast<std::size_t>(st.param_of_slot[slot]);
      if (k == 0 || k > params.size()) {
        throw InvalidArgument(fmt::format("{}: statement wants ${} but {} parameters were given",
                                          path_, k, params.size()));
      }
      bind(st.stmt, static_cast<int>(slot), params[k - 1]);
    }
  }

  static void bind(sqlite3_stmt* st, int i, const SqlValue& v) {
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>) {
            sqlite3_bind_null(st, i);
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            sqlite3_bind_int64(st, i, x);
          } else if constexpr (std::is_same_v<T, bool>) {
            sqlite3_bind_int(st, i, x ? 1 : 0);
          } else if constexpr (std::is_same_v<T, std::string>) {
            sqlite3_bind_text(st, i, x.data(), static_cast<int>(x.size()), SQLITE_TRANSIENT);
          } else if constexpr (std::is_same_v<T, Timestamp>) {
            const std::string s = to_db_time(x);
            sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
          } else {
            const std::string s = x.to_string();
            sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
          }
        },
        v);
  }

  [[noreturn]] void fail(int code, const std::string& why) const {
    SqlErrorKind kind = SqlErrorKind::Other;
    if ((code & 0xff) == SQLITE_CONSTRAINT) {
      kind = code == SQLITE_CONSTRAINT_TRIGGER ? SqlErrorKind::Refused : SqlErrorKind::Constraint;
    } else if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) {
      kind = SqlErrorKind::Busy;
    }
    throw SqlError(kind, fmt::format("{}: {}", path_, why));
  }

  std::string path_;
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, Cached> cache_;
  std::vector<char> text_;  ///< bulk_insert's formatted cells, bound SQLITE_STATIC
};

}  // namespace

std::unique_ptr<SqlConnection> open_sqlite_connection(const std::string& path, bool create) {
  return std::make_unique<SqliteConnection>(path, create);
}

}  // namespace talon
