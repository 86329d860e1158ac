// Fernet against the specification's own vectors (tests/data/fernet/, fernet/spec), and
// Argon2id password hashes against the reference implementation's published hash.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include <talon/core/timestamp.hpp>
#include <talon/store/fernet.hpp>
#include <talon/store/password.hpp>

#include "test_data.hpp"

namespace talon::test {
namespace {

nlohmann::json load(const std::string& name) {
  std::ifstream in(test_data("fernet/" + name));
  return nlohmann::json::parse(in);
}

// "1985-10-26T01:20:00-07:00" -> Unix seconds.
std::int64_t unix_seconds(const std::string& text) {
  const Timestamp local = parse_iso8601(text.substr(0, 19) + "Z");
  const int sign = text[19] == '-' ? -1 : 1;
  const std::int64_t offset =
      sign * (std::stoll(text.substr(20, 2)) * 3600 + std::stoll(text.substr(23, 2)) * 60);
  return local.ns / kNanosPerSecond - offset;
}

TEST(Fernet, GeneratesTheSpecificationToken) {
  for (const auto& v : load("generate.json")) {
    std::array<std::uint8_t, 16> iv{};
    for (std::size_t i = 0; i < 16; ++i) iv[i] = v["iv"][i].get<std::uint8_t>();
    const Fernet f(v["secret"].get<std::string>());
    EXPECT_EQ(f.encrypt(v["src"].get<std::string>(), unix_seconds(v["now"]), iv),
              v["token"].get<std::string>());
  }
}

TEST(Fernet, VerifiesTheSpecificationToken) {
  for (const auto& v : load("verify.json")) {
    const Fernet f(v["secret"].get<std::string>());
    EXPECT_EQ(f.decrypt(v["token"].get<std::string>(), unix_seconds(v["now"]),
                        v["ttl_sec"].get<std::int64_t>()),
              v["src"].get<std::string>());
  }
}

TEST(Fernet, RejectsEveryInvalidTokenOfTheSpecification) {
  const auto cases = load("invalid.json");
  ASSERT_GE(cases.size(), 8u);
  for (const auto& v : cases) {
    SCOPED_TRACE(v["desc"].get<std::string>());
    const Fernet f(v["secret"].get<std::string>());
    EXPECT_THROW(f.decrypt(v["token"].get<std::string>(), unix_seconds(v["now"]),
                           v["ttl_sec"].get<std::int64_t>()),
                 FernetError);
  }
}

TEST(Fernet, RoundTripsWithAFreshKeyAndRandomIv) {
  const Fernet f(Fernet::generate_key());
  const std::string secret = "api-secret: \x01\xff with bytes";
  const std::string a = f.encrypt(secret), b = f.encrypt(secret);
  EXPECT_NE(a, b) << "a random IV per token";
  EXPECT_EQ(f.decrypt(a), secret);
  EXPECT_EQ(a.find("api-secret"), std::string::npos);
  EXPECT_THROW(Fernet(Fernet::generate_key()).decrypt(a), FernetError) << "another key";
}

TEST(Fernet, RefusesAMalformedKeyWithoutEchoingIt) {
  try {
    Fernet f("not-a-key-but-a-secret");
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_EQ(std::string(e.what()).find("not-a-key"), std::string::npos);
  }
}

TEST(Fernet, LoadsTheKeyFromTheEnvironmentOnly) {
  ::unsetenv("TALON_FERNET_KEY");
  ::unsetenv("TALON_FERNET_KEY_FILE");
  EXPECT_THROW(load_fernet_key(), Error);
  const std::string key = Fernet::generate_key();
  ::setenv("TALON_FERNET_KEY", key.c_str(), 1);
  const std::string token = load_fernet_key().encrypt("x");
  EXPECT_EQ(Fernet(key).decrypt(token), "x");
  ::unsetenv("TALON_FERNET_KEY");
}

TEST(Argon2id, VerifiesTheReferenceImplementationHash) {
  // phc-winner-argon2 src/test.c: argon2id v=19, t=2, m=2^16 KiB, p=1, "password",
  // salt "somesalt".
  const char* kReference =
      "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
  EXPECT_TRUE(verify_password(kReference, "password"));
  EXPECT_FALSE(verify_password(kReference, "passwore"));
}

TEST(Argon2id, HashesWithRfc9106ParametersAndASaltPerHash) {
  const std::string a = hash_password("correct horse battery staple");
  const std::string b = hash_password("correct horse battery staple");
  EXPECT_TRUE(a.starts_with("$argon2id$v=19$m=65536,t=3,p=4$")) << a;
  EXPECT_NE(a, b);
  EXPECT_TRUE(verify_password(a, "correct horse battery staple"));
  EXPECT_FALSE(verify_password(a, "Correct horse battery staple"));
  EXPECT_FALSE(verify_password("$2b$12$bcrypt-is-not-accepted", "x"));
}

}  // namespace
}  // namespace talon::test
