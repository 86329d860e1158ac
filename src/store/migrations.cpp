#include <fmt/format.h>

#include <chrono>

#include <talon/store/migrations.hpp>

#include "migration_list.hpp"
#include "sql_values.hpp"

namespace talon {

namespace {
using store_detail::wall_now;

void ensure_version_table(SqlConnection& c) {
  c.execute_script(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "name TEXT NOT NULL, applied_at TEXT NOT NULL)");
}

// Whether schema_migrations exists, without creating it (status must not write).
bool has_version_table(SqlConnection& c) {
  const char* q = c.dialect() == Dialect::Sqlite
                      ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
                        "'schema_migrations'"
                      : "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND "
                        "tablename = 'schema_migrations'";
  return row_int(c.query(q).rows.at(0), 0) > 0;
}

}  // namespace

std::span<const Migration> builtin_migrations(Dialect d) {
  return d == Dialect::Sqlite ? store_detail::sqlite_migrations()
                              : store_detail::postgresql_migrations();
}

int schema_version(SqlConnection& c) {
  if (!has_version_table(c)) return 0;
  const SqlResult r = c.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  return static_cast<int>(row_int(r.rows.at(0), 0));
}

std::vector<AppliedMigration> applied_migrations(SqlConnection& c) {
  std::vector<AppliedMigration> out;
  if (!has_version_table(c)) return out;
  for (const SqlRow& row :
       c.query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version").rows) {
    out.push_back({static_cast<int>(row_int(row, 0)), row_text(row, 1), row_time(row, 2)});
  }
  return out;
}

int migrate(SqlConnection& c, std::span<const Migration> list) {
  for (std::size_t i = 1; i < list.size(); ++i) {
    if (list[i].version <= list[i - 1].version) {
      throw InvalidArgument(fmt::format("migrations out of order: {} after {}", list[i].version,
                                        list[i - 1].version));
    }
  }
  if (c.dialect() == Dialect::Sqlite && !has_version_table(c)) {
    // Another program's database: migrating it in place would mix talon's tables into it.
    const SqlResult t = c.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name LIMIT 1");
    if (!t.rows.empty()) {
      throw Error(
          fmt::format("{}: not a talon database: it has tables (e.g. '{}') but no talon "
                      "schema version; give talon a new file",
                      c.name(), row_text(t.rows.at(0), 0)));
    }
  }
  ensure_version_table(c);
  const int current = schema_version(c);
  const int newest = list.empty() ? 0 : list.back().version;
  if (current > newest) {
    throw Error(
        fmt::format("{}: schema version {} is newer than this talon knows ({}); upgrade talon",
                    c.name(), current, newest));
  }
  int applied = 0;
  for (const Migration& m : list) {
    if (m.version <= current) continue;
    SqlTransaction tx(c);
    // Another process may have applied it while this one waited for the write lock.
    if (schema_version(c) >= m.version) continue;
    try {
      c.execute_script(m.sql);
      const SqlValue params[] = {std::int64_t{m.version}, std::string(m.name), wall_now()};
      c.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
              params);
      tx.commit();
    } catch (const SqlError& e) {
      throw SqlError(e.kind(), fmt::format("migration {} ({}) not applied, schema left at "
                                           "version {}: {}",
                                           m.version, m.name, current + applied, e.what()));
    }
    ++applied;
  }
  return applied;
}

int migrate(SqlConnection& c) {
  return migrate(c, builtin_migrations(c.dialect()));
}

}  // namespace talon
