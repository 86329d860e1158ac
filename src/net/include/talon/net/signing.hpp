#pragma once
// Request signing primitives shared by every exchange adapter (OpenSSL libcrypto).
//
// - HMAC-SHA256 with a hex digest: Binance "SIGNED (TRADE, USER_DATA) Endpoint security",
//   HMAC keys (the signature is HMAC-SHA256 of the payload keyed with the secret key).
// - Ed25519 with a base64 signature: Binance "Signed requests", Ed25519 keys (the key
//   Binance recommends; PKCS#8 PEM private key, RFC 8032 PureEdDSA).
//
// Keys are secrets: no function here logs them or puts them in an error message.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace talon::net {

/// HMAC-SHA256 of `message` keyed with `key` (both raw bytes, usually UTF-8 text), as 64
/// lower-case hex digits. Throws Error (without the key) if OpenSSL fails.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

/// SHA-256 of `data` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

/// An Ed25519 private key, loaded once and used for many signatures. Not copyable (owns an
/// OpenSSL EVP_PKEY); movable.
class Ed25519Key {
 public:
  /// Loads a PKCS#8 PEM private key ("-----BEGIN PRIVATE KEY-----", what Binance's key
  /// generator writes). Throws InvalidArgument ("not an Ed25519 PEM private key") without
  /// echoing the key.
  static Ed25519Key from_pem(std::string_view pem);
  /// Builds the key from its 32-byte RFC 8032 seed. Throws InvalidArgument for another size.
  static Ed25519Key from_seed(std::span<const std::uint8_t> seed);

  Ed25519Key(Ed25519Key&& other) noexcept;
  Ed25519Key& operator=(Ed25519Key&& other) noexcept;
  Ed25519Key(const Ed25519Key&) = delete;
  Ed25519Key& operator=(const Ed25519Key&) = delete;
  ~Ed25519Key();

  /// The 64-byte RFC 8032 signature of `message`.
  std::string sign(std::string_view message) const;
  /// sign(message) in standard base64 (with padding): Binance's `signature` value, which
  /// must then be percent-encoded in a query string.
  std::string sign_base64(std::string_view message) const;
  /// The 32-byte public key.
  std::string public_key() const;
  /// True when `signature` (64 raw bytes) is this key's signature of `message`.
  bool verify(std::string_view message, std::string_view signature) const;

 private:
  explicit Ed25519Key(void* pkey) noexcept : pkey_(pkey) {}
  void* pkey_ = nullptr;  ///< EVP_PKEY*
};

/// Standard base64 (RFC 4648 §4) with padding.
std::string base64_encode(std::string_view bytes);
/// Lower-case hex of raw bytes.
std::string to_hex(std::string_view bytes);
/// Raw bytes of hex text (either case); throws ParseError for odd length or a non-hex digit.
std::string from_hex(std::string_view hex);

/// Compares two strings in time independent of where they differ (signature checks).
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace talon::net
