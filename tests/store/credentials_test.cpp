// Secrets at rest on both backends: only Fernet tokens are stored, listings carry no secret,
// the right key brings the clear text back and a wrong key does not.

#include <gtest/gtest.h>

#include <talon/store/credentials.hpp>

#include "backends.hpp"

namespace talon::test {
namespace {

class Credentials : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    user_ = new_uuid_v7();
    insert("users", {{"id", user_}, {"email", std::string("trader@example.com")}});
  }
  // Every text value in the table, to look for a secret anywhere in it.
  std::string dump(const std::string& table) {
    std::string all;
    for (const SqlRow& r : sql().query("SELECT * FROM " + table).rows) {
      for (const auto& v : r) all += v.value_or("") + "|";
    }
    return all;
  }
  Uuid user_;
  Fernet key_{Fernet::generate_key()};
};

TEST_P(Credentials, ApiSecretsAreStoredOnlyAsFernetTokens) {
  NewApiConnection n{user_,
                     "OKX",
                     "TESTNET",
                     "okx main",
                     R"(["READ","TRADE"])",
                     {"okx-api-key-123", "okx-secret-456", "okx-pass-789"}};
  const Uuid id = add_api_connection(sql(), key_, n);
  const std::string stored = dump("api_connections");
  for (const char* secret : {"okx-api-key-123", "okx-secret-456", "okx-pass-789"}) {
    EXPECT_EQ(stored.find(secret), std::string::npos) << secret << " stored in clear";
  }
  const ApiCredentials back = decrypt_api_credentials(sql(), key_, id);
  EXPECT_EQ(back.api_key, "okx-api-key-123");
  EXPECT_EQ(back.api_secret, "okx-secret-456");
  EXPECT_EQ(back.passphrase, "okx-pass-789");
  EXPECT_THROW(decrypt_api_credentials(sql(), Fernet(Fernet::generate_key()), id), FernetError);
}

TEST_P(Credentials, ListingsCarryNoSecretEvenEncrypted) {
  add_api_connection(sql(), key_,
                     {user_, "BINANCE", "PRODUCTION", "", R"(["READ"])", {"bkey", "bsecret", ""}});
  const auto list = list_api_connections(sql(), user_);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].exchange, "BINANCE");
  EXPECT_EQ(list[0].status, "ACTIVE");
  for (const std::string& field : {list[0].exchange, list[0].environment, list[0].label,
                                   list[0].status, list[0].permissions_json}) {
    EXPECT_EQ(field.find("gAAAAA"), std::string::npos) << "a Fernet token in a listing";
    EXPECT_EQ(field.find("bsecret"), std::string::npos);
    EXPECT_EQ(field.find("bkey"), std::string::npos);
  }
}

TEST_P(Credentials, DatabasePasswordsAreEncrypted) {
  const Uuid id = add_database_config(
      sql(), key_,
      {user_, "warehouse", "POSTGRESQL", "db.internal", 5432, "talon", "talon", "pg-pass!"});
  EXPECT_EQ(dump("database_configs").find("pg-pass!"), std::string::npos);
  EXPECT_EQ(decrypt_database_password(sql(), key_, id), "pg-pass!");
}

TEST_P(Credentials, UsersAuthenticateWithArgon2idHashesOnly) {
  const Uuid id = add_user(sql(), "quant@example.com", "s3cret-passphrase");
  EXPECT_EQ(dump("users").find("s3cret-passphrase"), std::string::npos);
  EXPECT_EQ(authenticate_user(sql(), "quant@example.com", "s3cret-passphrase"), id);
  EXPECT_EQ(authenticate_user(sql(), "quant@example.com", "wrong"), std::nullopt);
  EXPECT_EQ(authenticate_user(sql(), "nobody@example.com", "s3cret-passphrase"), std::nullopt);
}

TALON_ON_BOTH_BACKENDS(Credentials);

}  // namespace
}  // namespace talon::test
