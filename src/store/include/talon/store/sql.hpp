#pragma once
// The SQL seam under the Store: one connection interface, two dialects (SQLite, PostgreSQL).
// Parameters are written $1, $2, ... in both dialects. Values travel as text so that a
// Decimal is never a double on the way in or out: SQLite keeps it as TEXT, PostgreSQL
// parses it into NUMERIC(20,8).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/core/error.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/core/uuid.hpp>

namespace talon {

enum class Dialect { Sqlite, Postgresql };

/// A bound parameter. Timestamps are written as UTC with microseconds (what timestamptz
/// keeps); Uuids as their canonical text; booleans as 0/1 (SQLite) or t/f (PostgreSQL).
using SqlValue =
    std::variant<std::nullptr_t, std::int64_t, std::string, Decimal, Timestamp, Uuid, bool>;
// Bulk writers switch on SqlValue::index(); this order is part of the type.
static_assert(std::is_same_v<std::variant_alternative_t<1, SqlValue>, std::int64_t> &&
              std::is_same_v<std::variant_alternative_t<2, SqlValue>, std::string> &&
              std::is_same_v<std::variant_alternative_t<3, SqlValue>, Decimal> &&
              std::is_same_v<std::variant_alternative_t<4, SqlValue>, Timestamp> &&
              std::is_same_v<std::variant_alternative_t<5, SqlValue>, Uuid> &&
              std::is_same_v<std::variant_alternative_t<6, SqlValue>, bool>);

/// One result row: each column as text, nullopt for SQL NULL.
using SqlRow = std::vector<std::optional<std::string>>;

/// One result row seen in place, during SqlConnection::for_each_row: each column's text
/// points into the driver's buffer and is valid only until the callback returns.
using SqlRowView = std::span<const std::optional<std::string_view>>;
using SqlRowCallback = std::function<void(SqlRowView)>;

struct SqlResult {
  std::vector<SqlRow> rows;
  std::int64_t affected = 0;  ///< rows changed by INSERT/UPDATE/DELETE
};

/// Why a statement failed. Constraint: a CHECK, NOT NULL, UNIQUE or FOREIGN KEY refused the
/// row, or a value is not of the column's type (PostgreSQL SQLSTATE classes 23 and 22). Refused: a
/// trigger refused the change (immutable rows, illegal state transition).
/// Constraint: a CHECK/UNIQUE/foreign key broke; Refused: a trigger refused the write;
/// Busy: another writer held the database longer than the busy timeout; Other: the rest.
enum class SqlErrorKind { Constraint, Refused, Busy, Other };

/// A failed statement; the message names the database and the server's own reason (which
/// names the constraint or column), never the bound values (they may be secret).
class SqlError : public Error {
 public:
  SqlError(SqlErrorKind kind, const std::string& what) : Error(what), kind_(kind) {}
  SqlErrorKind kind() const noexcept { return kind_; }

 private:
  SqlErrorKind kind_;
};

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual Dialect dialect() const noexcept = 0;
  /// The file path or the URL without its password, for messages.
  virtual const std::string& name() const noexcept = 0;
  /// Runs several ;-separated statements without parameters. Throws SqlError.
  virtual void execute_script(std::string_view sql) = 0;
  /// Runs one statement with $1..$n parameters. Throws SqlError.
  virtual SqlResult query(std::string_view sql, std::span<const SqlValue> params = {}) = 0;
  /// Runs one query and calls `fn` once per row, in order, without copying the rows: for
  /// reads of millions of rows (klines for a backtest). Throws SqlError; an exception from
  /// `fn` stops the query and propagates. On PostgreSQL the rows come through a cursor in
  /// batches (inside the caller's transaction, else one of its own), so memory stays flat.
  virtual void for_each_row(std::string_view sql, std::span<const SqlValue> params,
                            const SqlRowCallback& fn) = 0;
  /// Inserts rows.size() / columns.size() rows, row-major, into `table`: COPY on PostgreSQL,
  /// one reused prepared INSERT on SQLite. Does not open a transaction of its own.
  virtual void bulk_insert(std::string_view table, std::span<const std::string_view> columns,
                           std::span<const SqlValue> values) = 0;
};

/// Opens a SQLite file in WAL mode with foreign keys on and a 60 s busy timeout (writers
/// queue behind each other instead of failing). With `create`, an absent file is created
/// readable and writable by its owner only (0600, as are its -wal and -shm files); without,
/// an absent file is an Error and nothing is created (read-only commands). Does not migrate.
/// Throws Error naming the path.
std::unique_ptr<SqlConnection> open_sqlite_connection(const std::string& path, bool create = true);

/// Connects to PostgreSQL with a libpq URL (postgresql://user[:password]@host:port/db) and
/// sets the session to UTC. Throws Error naming the URL without its password.
std::unique_ptr<SqlConnection> open_postgresql_connection(const std::string& url);

/// True when `target` names a PostgreSQL server: a postgresql:// or postgres:// URL, or a
/// libpq key=value string ("host=... dbname=... user=..."); otherwise it is a SQLite path.
bool is_postgresql_target(std::string_view target);

/// PostgreSQL when is_postgresql_target(target), else a SQLite path (created only when
/// `create`, see open_sqlite_connection).
std::unique_ptr<SqlConnection> open_connection(const std::string& target, bool create = true);

/// `url` fit to print or store: the password of "scheme://user:PASSWORD@host" (even one
/// holding '@', '/' or '?'), the values of query parameters and of libpq key=value pairs
/// whose name holds password, secret, token or key (?password=, sslpassword=, ...) are
/// replaced by "***". Text that is neither a URL nor key=value pairs is returned as is.
std::string redact_url(std::string_view url);

/// The secrets redact_url hides in `target` (passwords, secret query or key=value values).
std::vector<std::string> secrets_in(std::string_view target);

/// `text` (e.g. a libpq error, which may quote a piece of the URL it could not parse) with
/// every secret of `target` replaced by "***", and every double-quoted part that holds a
/// piece of 4 or more characters of a secret replaced by "***" whole.
std::string scrub_secrets(std::string text, std::string_view target);

/// BEGIN on construction (BEGIN IMMEDIATE on SQLite: the write lock is taken up front, so two
/// writers queue in the busy handler instead of one failing with "database is locked" when it
/// upgrades a read; a Busy error after the timeout is retried twice), ROLLBACK on destruction
/// unless commit() was called.
class SqlTransaction {
 public:
  explicit SqlTransaction(SqlConnection& c);
  ~SqlTransaction();
  SqlTransaction(const SqlTransaction&) = delete;
  SqlTransaction& operator=(const SqlTransaction&) = delete;
  void commit();

 private:
  SqlConnection& c_;
  bool done_ = false;
};

/// UTC text with exactly 6 fractional digits, "2025-06-01T00:00:00.000000Z": fixed width,
/// so that text order is time order in SQLite; PostgreSQL parses it into timestamptz.
std::string to_db_time(Timestamp t);
/// Length of to_db_time's text (every Timestamp, 1677..2262, has a 4-digit year).
inline constexpr std::size_t kDbTimeSize = 27;
/// Writes to_db_time(t) to `out` (room for kDbTimeSize chars, no NUL); returns the end.
char* write_db_time(Timestamp t, char* out);
/// Parses to_db_time's form and PostgreSQL's ISO output ("2025-06-01 00:00:00.5+00").
/// Throws ParseError.
Timestamp from_db_time(std::string_view text);

/// Column helpers for SqlRow: throw DataError naming the column when NULL where required.
Decimal row_decimal(const SqlRow& r, std::size_t i);
std::int64_t row_int(const SqlRow& r, std::size_t i);
Timestamp row_time(const SqlRow& r, std::size_t i);
std::string row_text(const SqlRow& r, std::size_t i);
bool row_bool(const SqlRow& r, std::size_t i);
/// The same helpers for a row seen in place by for_each_row.
Decimal row_decimal(SqlRowView r, std::size_t i);
std::int64_t row_int(SqlRowView r, std::size_t i);
Timestamp row_time(SqlRowView r, std::size_t i);

}  // namespace talon
