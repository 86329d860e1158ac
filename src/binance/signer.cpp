#include <talon/binance/signer.hpp>
#include <talon/core/error.hpp>

namespace talon::binance {

Signer Signer::hmac(std::string secret) {
  if (secret.empty()) throw InvalidArgument("the Binance API secret is empty");
  Signer s;
  s.kind_ = Kind::Hmac;
  s.secret_ = std::move(secret);
  return s;
}

Signer Signer::ed25519(std::string_view pem) {
  Signer s;
  s.kind_ = Kind::Ed25519;
  s.ed_ = std::make_shared<const net::Ed25519Key>(net::Ed25519Key::from_pem(pem));
  return s;
}

std::string Signer::signature(std::string_view payload) const {
  if (kind_ == Kind::Hmac) return net::hmac_sha256_hex(secret_, payload);
  return net::url_encode(ed_->sign_base64(payload));
}

std::string Signer::sign(std::string_view payload) const {
  std::string out(payload);
  if (!out.empty()) out += '&';
  out += "signature=";
  out += signature(payload);
  return out;
}

void add_timing(net::QueryString& params, std::int64_t timestamp_ms, std::int64_t recv_window_ms) {
  if (recv_window_ms > 60000)
    throw InvalidArgument("recvWindow above 60000 ms: Binance refuses it");
  params.add("timestamp", std::to_string(timestamp_ms));
  if (recv_window_ms > 0) params.add("recvWindow", std::to_string(recv_window_ms));
}

}  // namespace talon::binance
