#include <fmt/format.h>

#include <chrono>

#include <talon/store/credentials.hpp>
#include <talon/store/password.hpp>

#include "sql_values.hpp"

namespace talon {
namespace {
using store_detail::wall_now;

std::int64_t exchange_id(SqlConnection& c, const std::string& code) {
  const SqlValue p[] = {code};
  const SqlResult r = c.query("SELECT id FROM exchanges WHERE code = $1", p);
  if (r.rows.empty()) throw InvalidArgument(fmt::format("unknown exchange '{}'", code));
  return row_int(r.rows[0], 0);
}

}  // namespace

Uuid add_api_connection(SqlConnection& c, const Fernet& key, const NewApiConnection& n) {
  if (n.credentials.api_key.empty() || n.credentials.api_secret.empty()) {
    throw InvalidArgument("api connection: API key and secret are required");
  }
  const Uuid id = new_uuid_v7();
  const Timestamp now = wall_now();
  const SqlValue p[] = {id,
                        n.user_id,
                        exchange_id(c, n.exchange),
                        n.label.empty() ? SqlValue{nullptr} : SqlValue{n.label},
                        n.environment,
                        key.encrypt(n.credentials.api_key),
                        key.encrypt(n.credentials.api_secret),
                        n.credentials.passphrase.empty()
                            ? SqlValue{nullptr}
                            : SqlValue{key.encrypt(n.credentials.passphrase)},
                        n.permissions_json,
                        now};
  c.query(
      "INSERT INTO api_connections (id, user_id, exchange_id, label, environment, "
      "api_key_encrypted, api_secret_encrypted, passphrase_encrypted, permissions, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
      p);
  return id;
}

std::vector<ApiConnectionInfo> list_api_connections(SqlConnection& c, const Uuid& user) {
  const SqlValue p[] = {user};
  std::vector<ApiConnectionInfo> out;
  for (const SqlRow& r :
       c.query("SELECT a.id, a.user_id, e.code, a.environment, a.label, a.status, "
               "a.permissions FROM api_connections a JOIN exchanges e ON e.id = a.exchange_id "
               "WHERE a.user_id = $1 AND a.deleted_at IS NULL ORDER BY a.created_at DESC, a.id "
               "DESC",
               p)
           .rows) {
    out.push_back({Uuid::parse(row_text(r, 0)), Uuid::parse(row_text(r, 1)), row_text(r, 2),
                   row_text(r, 3), r[4].value_or(""), row_text(r, 5), row_text(r, 6)});
  }
  return out;
}

ApiCredentials decrypt_api_credentials(SqlConnection& c, const Fernet& key, const Uuid& id) {
  const SqlValue p[] = {id};
  const SqlResult r = c.query(
      "SELECT api_key_encrypted, api_secret_encrypted, passphrase_encrypted FROM "
      "api_connections WHERE id = $1 AND deleted_at IS NULL",
      p);
  if (r.rows.empty()) throw Error(fmt::format("api connection {} not found", id.to_string()));
  const SqlRow& row = r.rows[0];
  return {key.decrypt(row_text(row, 0)), key.decrypt(row_text(row, 1)),
          row[2] ? key.decrypt(*row[2]) : std::string()};
}

Uuid add_database_config(SqlConnection& c, const Fernet& key, const NewDatabaseConfig& n) {
  const Uuid id = new_uuid_v7();
  const Timestamp now = wall_now();
  const SqlValue p[] = {id,
                        n.user_id,
                        n.name,
                        n.db_type,
                        n.host,
                        std::int64_t{n.port},
                        n.database,
                        n.user,
                        n.password.empty() ? SqlValue{nullptr} : SqlValue{key.encrypt(n.password)},
                        now};
  c.query(
      "INSERT INTO database_configs (id, user_id, name, db_type, host, port, database, \"user\", "
      "password_encrypted, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
      "$10, $10)",
      p);
  return id;
}

std::string decrypt_database_password(SqlConnection& c, const Fernet& key, const Uuid& id) {
  const SqlValue p[] = {id};
  const SqlResult r = c.query(
      "SELECT password_encrypted FROM database_configs WHERE id = $1 AND deleted_at IS NULL", p);
  if (r.rows.empty()) throw Error(fmt::format("database config {} not found", id.to_string()));
  return r.rows[0][0] ? key.decrypt(*r.rows[0][0]) : std::string();
}

Uuid add_user(SqlConnection& c, const std::string& email, const std::string& password) {
  const Uuid id = new_uuid_v7();
  const Timestamp now = wall_now();
  const SqlValue p[] = {id, email, hash_password(password), now};
  c.query(
      "INSERT INTO users (id, email, password_hash, created_at, updated_at) VALUES ($1, $2, $3, "
      "$4, $4)",
      p);
  return id;
}

std::optional<Uuid> authenticate_user(SqlConnection& c, const std::string& email,
                                      const std::string& password) {
  const SqlValue p[] = {email};
  const SqlResult r = c.query(
      "SELECT id, password_hash FROM users WHERE email = $1 AND deleted_at IS NULL AND "
      "is_active",
      p);
  if (r.rows.empty() || !r.rows[0][1]) return std::nullopt;
  if (!verify_password(*r.rows[0][1], password)) return std::nullopt;
  return Uuid::parse(row_text(r.rows[0], 0));
}

}  // namespace talon
