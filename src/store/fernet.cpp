#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <vector>

#include <talon/store/fernet.hpp>

namespace talon {
namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::int64_t kMaxClockSkew = 60;

std::string b64url_encode(const Bytes& in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const std::uint32_t v = (in[i] << 16) | (in[i + 1] << 8) | in[i + 2];
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == in.size()) {
    const std::uint32_t v = in[i] << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const std::uint32_t v = (in[i] << 16) | (in[i + 1] << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

// Strict base64url: the 64 url-safe characters, '=' padding only at the end.
std::optional<Bytes> b64url_decode(std::string_view in) {
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  Bytes out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '-')
      v = 62;
    else if (c == '_')
      v = 63;
    else
      return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xff));
    }
  }
  if (bits >= 6) return std::nullopt;  // a dangling character
  return out;
}

std::array<std::uint8_t, 32> hmac_sha256(const std::array<std::uint8_t, 16>& key,
                                         const std::uint8_t* data, std::size_t n) {
  std::array<std::uint8_t, 32> mac{};
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data, n, mac.data(), &len) ==
          nullptr ||
      len != mac.size()) {
    throw Error("fernet: HMAC-SHA256 failed in OpenSSL");
  }
  return mac;
}

struct CipherCtx {
  EVP_CIPHER_CTX* p = EVP_CIPHER_CTX_new();
  ~CipherCtx() { EVP_CIPHER_CTX_free(p); }
};

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Fernet::Fernet(std::string_view key) {
  const auto raw = b64url_decode(key);
  if (!raw || raw->size() != 32) {
    throw InvalidArgument("fernet key: must be 32 bytes in base64url (44 characters)");
  }
  std::copy(raw->begin(), raw->begin() + 16, signing_.begin());
  std::copy(raw->begin() + 16, raw->end(), encryption_.begin());
}

std::string Fernet::generate_key() {
  Bytes k(32);
  if (RAND_bytes(k.data(), 32) != 1) throw Error("fernet: OpenSSL RAND_bytes failed");
  std::string out = b64url_encode(k);
  OPENSSL_cleanse(k.data(), k.size());
  return out;
}

std::string Fernet::encrypt(std::string_view plaintext) const {
  std::array<std::uint8_t, 16> iv{};
  if (RAND_bytes(iv.data(), 16) != 1) throw Error("fernet: OpenSSL RAND_bytes failed");
  return encrypt(plaintext, unix_now(), iv);
}

std::string Fernet::encrypt(std::string_view plaintext, std::int64_t unix_seconds,
                            const std::array<std::uint8_t, 16>& iv) const {
  Bytes token;
  token.reserve(1 + 8 + 16 + plaintext.size() + 16 + 32);
  token.push_back(0x80);
  for (int i = 7; i >= 0; --i) {
    token.push_back(static_cast<std::uint8_t>(static_cast<std::uint64_t>(unix_seconds) >> (8 * i)));
  }
  token.insert(token.end(), iv.begin(), iv.end());
  CipherCtx ctx;
  const std::size_t at = token.size();
  token.resize(at + plaintext.size() + 16);
  int n1 = 0, n2 = 0;
  if (ctx.p == nullptr ||
      EVP_EncryptInit_ex(ctx.p, EVP_aes_128_cbc(), nullptr, encryption_.data(), iv.data()) != 1 ||
      EVP_EncryptUpdate(ctx.p, token.data() + at, &n1,
                        reinterpret_cast<const unsigned char*>(plaintext.data()),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.p, token.data() + at + n1, &n2) != 1) {
    throw Error("fernet: AES-128-CBC encryption failed in OpenSSL");
  }
  token.resize(at + static_cast<std::size_t>(n1 + n2));
  const auto mac = hmac_sha256(signing_, token.data(), token.size());
  token.insert(token.end(), mac.begin(), mac.end());
  return b64url_encode(token);
}

std::string Fernet::decrypt(std::string_view token, std::optional<std::int64_t> ttl) const {
  return decrypt(token, unix_now(), ttl);
}

std::string Fernet::decrypt(std::string_view token, std::int64_t now,
                            std::optional<std::int64_t> ttl) const {
  const auto raw = b64url_decode(token);
  if (!raw) throw FernetError("fernet token: not base64url");
  const Bytes& t = *raw;
  // version(1) + timestamp(8) + iv(16) + at least one block(16) + hmac(32)
  if (t.size() < 1 + 8 + 16 + 16 + 32 || (t.size() - 1 - 8 - 16 - 32) % 16 != 0) {
    throw FernetError("fernet token: wrong length");
  }
  if (t[0] != 0x80) throw FernetError("fernet token: unknown version");
  std::uint64_t ts = 0;
  for (int i = 1; i <= 8; ++i) ts = (ts << 8) | t[i];
  const auto stamped = static_cast<std::int64_t>(ts);
  const std::size_t body = t.size() - 32;
  const auto mac = hmac_sha256(signing_, t.data(), body);
  if (CRYPTO_memcmp(mac.data(), t.data() + body, 32) != 0) {
    throw FernetError("fernet token: HMAC does not verify (wrong key or altered token)");
  }
  if (stamped > now + kMaxClockSkew) throw FernetError("fernet token: timestamp in the future");
  if (ttl && stamped + *ttl < now) throw FernetError("fernet token: expired (older than its TTL)");
  CipherCtx ctx;
  std::string out(body - 25, '\0');
  int n1 = 0, n2 = 0;
  if (ctx.p == nullptr ||
      EVP_DecryptInit_ex(ctx.p, EVP_aes_128_cbc(), nullptr, encryption_.data(), t.data() + 9) !=
          1 ||
      EVP_DecryptUpdate(ctx.p, reinterpret_cast<unsigned char*>(out.data()), &n1, t.data() + 25,
                        static_cast<int>(body - 25)) != 1 ||
      EVP_DecryptFinal_ex(ctx.p, reinterpret_cast<unsigned char*>(out.data()) + n1, &n2) != 1) {
    throw FernetError("fernet token: bad padding");
  }
  out.resize(static_cast<std::size_t>(n1 + n2));
  return out;
}

Fernet load_fernet_key() {
  if (const char* k = std::getenv("TALON_FERNET_KEY"); k != nullptr && *k != '\0') {
    return Fernet(k);
  }
  if (const char* f = std::getenv("TALON_FERNET_KEY_FILE"); f != nullptr && *f != '\0') {
    std::ifstream in(f);
    std::string key;
    if (!in || !std::getline(in, key)) {
      throw Error(fmt::format("TALON_FERNET_KEY_FILE={}: cannot read the key", f));
    }
    while (!key.empty() && (key.back() == '\r' || key.back() == ' ')) key.pop_back();
    return Fernet(key);
  }
  throw Error(
      "no encryption key: set TALON_FERNET_KEY or TALON_FERNET_KEY_FILE (generate one with "
      "'talon db keygen'); it must not be stored beside the database");
}

}  // namespace talon
