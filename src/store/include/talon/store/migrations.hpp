#pragma once
// Versioned schema migrations for both dialects. The applied versions are rows of
// schema_migrations (version, name, applied_at). Each migration runs in one transaction
// together with its schema_migrations row: it applies whole or not at all (SQLite and
// PostgreSQL both have transactional DDL).

#include <span>
#include <string>
#include <vector>

#include <talon/store/sql.hpp>

namespace talon {

struct Migration {
  int version;       ///< 1, 2, ...: strictly increasing
  const char* name;  ///< one line saying what it does
  const char* sql;   ///< the script, in the connection's dialect
};

/// talon's own migrations for a dialect, in order.
std::span<const Migration> builtin_migrations(Dialect d);

/// Highest applied version; 0 for an empty database. Reads only. Throws SqlError.
int schema_version(SqlConnection& c);

struct AppliedMigration {
  int version;
  std::string name;
  Timestamp applied_at;
};

/// Every applied migration, oldest first.
std::vector<AppliedMigration> applied_migrations(SqlConnection& c);

/// Applies every migration of `list` above the current version, each in its own transaction,
/// and returns how many were applied. On failure the failing migration leaves nothing behind
/// and SqlError names its version and the server's reason. Throws Error when the database is
/// newer than `list` knows (a newer talon migrated it).
int migrate(SqlConnection& c, std::span<const Migration> list);

/// migrate(c, builtin_migrations(c.dialect())).
int migrate(SqlConnection& c);

}  // namespace talon
