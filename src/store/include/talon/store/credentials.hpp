#pragma once
// Secrets at rest (seed 002 API_Connections, Database_Configs; 001 SecretCredential): the
// API key, secret and passphrase, and database passwords, are written only as Fernet tokens;
// the listing helpers return metadata and never a secret, encrypted or clear. Clear text
// comes back only from decrypt_* with the key, for the adapter that signs requests.

#include <string>
#include <vector>

#include <talon/store/fernet.hpp>
#include <talon/store/sql.hpp>

namespace talon {

/// Clear credentials of an exchange account. Never log or print these.
struct ApiCredentials {
  std::string api_key;
  std::string api_secret;
  std::string passphrase;  ///< OKX and others; empty when the exchange has none
};

struct NewApiConnection {
  Uuid user_id;
  std::string exchange;     ///< BINANCE, BYBIT, OKX, MEXC, HYPERLIQUID, ALPACA
  std::string environment;  ///< TESTNET or PRODUCTION (001: LOCAL, DEV, PROD)
  std::string label;
  std::string permissions_json = R"(["READ"])";  ///< subset of READ, TRADE, WITHDRAW
  ApiCredentials credentials;
};

/// What a listing shows: no secret, not even encrypted.
struct ApiConnectionInfo {
  Uuid id;
  Uuid user_id;
  std::string exchange;
  std::string environment;
  std::string label;
  std::string status;
  std::string permissions_json;
};

/// Encrypts the credentials with `key` and inserts the row; returns its UUIDv7.
/// Throws SqlError (unknown user or exchange, bad enum) or InvalidArgument (empty key).
Uuid add_api_connection(SqlConnection& c, const Fernet& key, const NewApiConnection& conn);

/// Live (not soft-deleted) connections of `user`, newest first, without secrets.
std::vector<ApiConnectionInfo> list_api_connections(SqlConnection& c, const Uuid& user);

/// The clear credentials of connection `id`. Throws FernetError with the wrong key, Error
/// when there is no such live connection.
ApiCredentials decrypt_api_credentials(SqlConnection& c, const Fernet& key, const Uuid& id);

struct NewDatabaseConfig {
  Uuid user_id;
  std::string name;
  std::string db_type;  ///< POSTGRESQL, MYSQL, MONGODB
  std::string host;
  int port = 5432;
  std::string database;
  std::string user;
  std::string password;  ///< clear; stored as a Fernet token
};

/// Encrypts the password and inserts the database_configs row; returns its UUIDv7.
Uuid add_database_config(SqlConnection& c, const Fernet& key, const NewDatabaseConfig& cfg);

/// The clear password of database_configs row `id`.
std::string decrypt_database_password(SqlConnection& c, const Fernet& key, const Uuid& id);

/// Creates a user with an Argon2id hash of `password`; returns its UUIDv7.
Uuid add_user(SqlConnection& c, const std::string& email, const std::string& password);

/// The user id when `password` matches that user's hash (live users only), else nullopt.
std::optional<Uuid> authenticate_user(SqlConnection& c, const std::string& email,
                                      const std::string& password);

}  // namespace talon
