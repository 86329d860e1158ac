#include "backends.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

namespace talon::test {
namespace {

std::atomic<int> g_counter{0};

// A server this process started because no ctest fixture did; stopped at exit.
struct OwnServer {
  std::string dir;
  std::string url;
  ~OwnServer() {
    if (!dir.empty()) {
      const std::string cmd =
          fmt::format("{} stop '{}' >/dev/null 2>&1", TALON_PG_TEST_SCRIPT, dir);
      [[maybe_unused]] const int rc = std::system(cmd.c_str());
    }
  }
};

std::string read_url(const std::string& dir) {
  std::ifstream in(dir + "/url");
  std::string url;
  std::getline(in, url);
  return url;
}

}  // namespace

std::string pg_admin_url() {
  if (const char* dir = std::getenv("TALON_TEST_PG_DIR")) {
    const std::string url = read_url(dir);
    if (url.empty()) {
      throw Error(
          fmt::format("TALON_TEST_PG_DIR={} has no url: the PostgreSQL test server did "
                      "not start (see store.postgresql_server_start)",
                      dir));
    }
    return url;
  }
  static OwnServer server;
  if (server.url.empty()) {
    const std::string dir =
        (std::filesystem::temp_directory_path() / fmt::format("talon-pg-{}", ::getpid())).string();
    const std::string cmd = fmt::format("{} start '{}' >/dev/null", TALON_PG_TEST_SCRIPT, dir);
    if (std::system(cmd.c_str()) != 0) {
      throw Error("could not start the PostgreSQL 15 test server with " +
                  std::string(TALON_PG_TEST_SCRIPT) + " (install postgresql-15)");
    }
    server.dir = dir;
    server.url = read_url(dir);
  }
  return server.url;
}

TestDatabase::TestDatabase(Dialect d) : dialect_(d) {
  std::random_device rd;
  const std::string tag = fmt::format("{}_{}_{:08x}", ::getpid(), g_counter++, rd());
  if (d == Dialect::Sqlite) {
    target_ = (std::filesystem::temp_directory_path() / ("talon_test_" + tag + ".db")).string();
    return;
  }
  const std::string admin = pg_admin_url();
  pg_name_ = "talon_t_" + tag;
  open_postgresql_connection(admin)->execute_script("CREATE DATABASE " + pg_name_);
  target_ = admin.substr(0, admin.rfind('/') + 1) + pg_name_;
}

TestDatabase::~TestDatabase() {
  if (dialect_ == Dialect::Sqlite) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(target_ + suffix);
    return;
  }
  try {
    open_postgresql_connection(pg_admin_url())
        ->execute_script("DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
  } catch (const std::exception&) {
    // The server is going away with its temporary directory anyway.
  }
}

void BackendTest::SetUp() {
  db_ = std::make_unique<TestDatabase>(GetParam());
  if (is_pg()) migrate(*open_connection(db_->target()));
  store_ = open_store(db_->target());
}

void BackendTest::TearDown() {
  store_.reset();
  db_.reset();
}

void BackendTest::insert(const std::string& table, const std::map<std::string, SqlValue>& row) {
  std::string cols, marks;
  std::vector<SqlValue> values;
  for (const auto& [k, v] : row) {
    if (!cols.empty()) {
      cols += ", ";
      marks += ", ";
    }
    cols += k;
    values.push_back(v);
    marks += fmt::format("${}", values.size());
  }
  sql().query(fmt::format("INSERT INTO {} ({}) VALUES ({})", table, cols, marks), values);
}

std::int64_t BackendTest::count(const std::string& table, const std::string& where) {
  const std::string q =
      fmt::format("SELECT count(*) FROM {}{}{}", table, where.empty() ? "" : " WHERE ", where);
  return row_int(sql().query(q).rows.at(0), 0);
}

std::string backend_name(const ::testing::TestParamInfo<Dialect>& info) {
  return info.param == Dialect::Sqlite ? "Sqlite" : "Postgresql";
}

}  // namespace talon::test
