#pragma once
// Binance request signing (Binance spot REST API, "Request security" / "SIGNED (TRADE and
// USER_DATA) Endpoint security"; USDⓈ-M futures "Endpoint security type" is the same).
//
// The payload is the query string and the x-www-form-urlencoded body concatenated, exactly
// as sent (talon puts every parameter in the query string, so the payload is the query).
// It must carry `timestamp` (ms) and may carry `recvWindow` (ms, Binance's maximum 60000).
// The signature is appended as the last parameter `signature`:
// - HMAC-SHA256 keys: 64 hex digits of HMAC-SHA256(secret, payload);
// - Ed25519 keys: base64 of the Ed25519 signature of the payload, percent-encoded.
//
// A Signer holds a secret: it has no operator<< and its errors never contain the secret.

#include <memory>
#include <string>
#include <string_view>

#include <talon/net/query_string.hpp>
#include <talon/net/signing.hpp>

namespace talon::binance {

class Signer {
 public:
  enum class Kind { Hmac, Ed25519 };

  /// An HMAC-SHA256 signer keyed with the API secret. Throws InvalidArgument when empty.
  static Signer hmac(std::string secret);
  /// An Ed25519 signer from a PKCS#8 PEM private key. Throws InvalidArgument (without the key)
  /// when it is not one.
  static Signer ed25519(std::string_view pem);

  Kind kind() const noexcept { return kind_; }
  /// The `signature` value for `payload`, as it goes into a query string (hex for HMAC;
  /// percent-encoded base64 for Ed25519).
  std::string signature(std::string_view payload) const;
  /// payload + "&signature=" + signature(payload) (no '&' when payload is empty).
  std::string sign(std::string_view payload) const;

 private:
  Signer() = default;
  Kind kind_ = Kind::Hmac;
  std::string secret_{};
  std::shared_ptr<const net::Ed25519Key> ed_{};
};

/// Appends timestamp (ms since the epoch) and, when positive, recvWindow (ms) to `params`,
/// in that order (Binance REST API, "Timing security"). Throws InvalidArgument for a
/// recvWindow above 60000 ms, which Binance refuses.
void add_timing(net::QueryString& params, std::int64_t timestamp_ms, std::int64_t recv_window_ms);

}  // namespace talon::binance
