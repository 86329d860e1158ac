#pragma once
// Test databases on both backends: a fresh SQLite file, or a fresh database on the real
// PostgreSQL 15 test server (started by the ctest fixture store.postgresql_server_start, or
// by this process when run outside ctest). Every test gets its own database, dropped after.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <ostream>
#include <string>

#include <talon/store/migrations.hpp>
#include <talon/store/sql.hpp>
#include <talon/store/store.hpp>

namespace talon {
/// Lets gtest print a backend by name in test lists.
inline void PrintTo(Dialect d, std::ostream* os) {
  *os << (d == Dialect::Sqlite ? "Sqlite" : "Postgresql");
}
}  // namespace talon

namespace talon::test {

/// A database that exists for the life of this object.
class TestDatabase {
 public:
  explicit TestDatabase(Dialect d);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  Dialect dialect() const { return dialect_; }
  /// A SQLite path or a postgresql:// URL, as open_store and `talon --db` take it.
  const std::string& target() const { return target_; }

 private:
  Dialect dialect_;
  std::string target_;
  std::string pg_name_;
};

/// postgresql:// URL of the test server's maintenance database.
std::string pg_admin_url();

/// Fixture of every backend-parameterized suite: a migrated, empty database per test.
class BackendTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override;
  void TearDown() override;
  SqlConnection& sql() { return store_->connection(); }
  Dialect dialect() const { return GetParam(); }
  bool is_pg() const { return GetParam() == Dialect::Postgresql; }

  /// Inserts a row built from column -> value; returns nothing, throws SqlError.
  void insert(const std::string& table, const std::map<std::string, SqlValue>& row);
  /// count(*) of a table or view, optionally with a WHERE clause without parameters.
  std::int64_t count(const std::string& table, const std::string& where = {});

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Store> store_;
};

std::string backend_name(const ::testing::TestParamInfo<Dialect>& info);

}  // namespace talon::test

#define TALON_ON_BOTH_BACKENDS(Suite)                                                            \
  INSTANTIATE_TEST_SUITE_P(                                                                      \
      Backend, Suite, ::testing::Values(::talon::Dialect::Sqlite, ::talon::Dialect::Postgresql), \
      ::talon::test::backend_name)

#define TALON_ON_POSTGRESQL(Suite)                                                          \
  INSTANTIATE_TEST_SUITE_P(Backend, Suite, ::testing::Values(::talon::Dialect::Postgresql), \
                           ::talon::test::backend_name)
