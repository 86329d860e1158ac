#pragma once
// Fernet symmetric encryption (https://github.com/fernet/spec, Spec.md): AES-128-CBC with
// PKCS#7 padding, authenticated by HMAC-SHA256 over version | timestamp | IV | ciphertext,
// the whole token base64url-encoded. Used for the secrets of api_connections and
// database_configs (seed 002). Built on OpenSSL 3's libcrypto.
//
// Keys are never stored beside the data: load_fernet_key() reads TALON_FERNET_KEY or the
// file named by TALON_FERNET_KEY_FILE. Errors never contain the key, the token or the
// plaintext.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <talon/core/error.hpp>

namespace talon {

/// A token that does not verify: bad base64, version, length, padding or HMAC, a timestamp
/// too far in the future, or older than the TTL. The message says which, nothing more.
class FernetError : public Error {
 public:
  using Error::Error;
};

class Fernet {
 public:
  /// `key`: 32 random bytes in base64url (44 characters): signing key, then encryption key.
  /// Throws InvalidArgument when it is not (without echoing it).
  explicit Fernet(std::string_view key);

  /// A fresh random key in base64url, from OpenSSL's CSPRNG.
  static std::string generate_key();

  /// Token of `plaintext` stamped with the wall clock and a random IV.
  std::string encrypt(std::string_view plaintext) const;
  /// Token with a given time (Unix seconds) and IV: the spec's generate vectors.
  std::string encrypt(std::string_view plaintext, std::int64_t unix_seconds,
                      const std::array<std::uint8_t, 16>& iv) const;

  /// Plaintext of `token` checked at the wall clock; `ttl_seconds`: reject older tokens.
  /// Throws FernetError.
  std::string decrypt(std::string_view token,
                      std::optional<std::int64_t> ttl_seconds = std::nullopt) const;
  /// As decrypt, at `now_unix_seconds`. Tokens stamped more than 60 s after now are refused
  /// (the spec's clock-skew allowance).
  std::string decrypt(std::string_view token, std::int64_t now_unix_seconds,
                      std::optional<std::int64_t> ttl_seconds) const;

 private:
  std::array<std::uint8_t, 16> signing_{};
  std::array<std::uint8_t, 16> encryption_{};
};

/// The key from the environment: TALON_FERNET_KEY (the base64url key itself) or
/// TALON_FERNET_KEY_FILE (a file holding it). Throws Error naming the variables when neither
/// is set, InvalidArgument when the key is malformed.
Fernet load_fernet_key();

}  // namespace talon
