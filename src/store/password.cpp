#include <argon2.h>
#include <fmt/format.h>
#include <openssl/rand.h>

#include <array>
#include <string>

#include <talon/core/error.hpp>
#include <talon/store/password.hpp>

namespace talon {
namespace {
constexpr std::uint32_t kPasses = 3;
constexpr std::uint32_t kMemoryKiB = 1u << 16;
constexpr std::uint32_t kLanes = 4;
constexpr std::size_t kSaltLen = 16;
constexpr std::size_t kTagLen = 32;
}  // namespace

std::string hash_password(std::string_view password) {
  std::array<std::uint8_t, kSaltLen> salt{};
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    throw Error("password hash: OpenSSL RAND_bytes failed");
  }
  const std::size_t len =
      argon2_encodedlen(kPasses, kMemoryKiB, kLanes, kSaltLen, kTagLen, Argon2_id);
  std::string encoded(len, '\0');
  const int rc =
      argon2id_hash_encoded(kPasses, kMemoryKiB, kLanes, password.data(), password.size(),
                            salt.data(), salt.size(), kTagLen, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    throw Error(fmt::format("password hash: argon2id failed: {}", argon2_error_message(rc)));
  }
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool verify_password(std::string_view encoded, std::string_view password) {
  const std::string e(encoded);  // NUL-terminated for libargon2
  if (!e.starts_with("$argon2id$")) return false;
  return argon2id_verify(e.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace talon
