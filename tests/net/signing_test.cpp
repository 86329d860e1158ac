// HMAC-SHA256, SHA-256 and Ed25519 against published vectors (RFC 4231, FIPS 180-2 and
// RFC 8032 §7.1), and the Binance documentation example (tests/fixtures/binance/README.md).
#include <gtest/gtest.h>

#include <array>

#include <talon/core/error.hpp>
#include <talon/net/signing.hpp>

namespace talon::net {
namespace {

TEST(Signing, HmacSha256MatchesRfc4231Case2) {
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Signing, HmacSha256MatchesBinanceDocumentedExample) {
  EXPECT_EQ(
      hmac_sha256_hex("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j",
                      "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&"
                      "recvWindow=5000&timestamp=1499827319559"),
      "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
}

TEST(Signing, Sha256OfAbc) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Signing, Base64AndHex) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(to_hex(from_hex("00ff10Ab")), "00ff10ab");
  EXPECT_THROW(from_hex("abc"), ParseError);
  EXPECT_THROW(from_hex("zz"), ParseError);
}

TEST(Signing, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
}

std::array<std::uint8_t, 32> seed_of(std::string_view hex) {
  const std::string raw = from_hex(hex);
  std::array<std::uint8_t, 32> out{};
  for (std::size_t i = 0; i < 32; ++i) out[i] = static_cast<std::uint8_t>(raw[i]);
  return out;
}

// RFC 8032 §7.1, TEST 1 (empty message) and TEST 2 (one byte 0x72).
TEST(Signing, Ed25519MatchesRfc8032Test1) {
  const auto key = Ed25519Key::from_seed(
      seed_of("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  EXPECT_EQ(to_hex(key.public_key()),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  EXPECT_EQ(to_hex(key.sign("")),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
}

TEST(Signing, Ed25519MatchesRfc8032Test2AndVerifies) {
  const auto key = Ed25519Key::from_seed(
      seed_of("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
  const std::string sig = key.sign("\x72");
  EXPECT_EQ(to_hex(sig),
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
  EXPECT_TRUE(key.verify("\x72", sig));
  EXPECT_FALSE(key.verify("\x73", sig));
  EXPECT_EQ(key.sign_base64("\x72"), base64_encode(sig));
}

TEST(Signing, Ed25519FromPemSignsLikeTheSameSeed) {
  // The PKCS#8 encoding of RFC 8032 TEST 1's seed (RFC 8410 §10.3 layout).
  const std::string pem =
      "-----BEGIN PRIVATE KEY-----\n"
      "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
      "-----END PRIVATE KEY-----\n";
  const auto key = Ed25519Key::from_pem(pem);
  EXPECT_EQ(to_hex(key.public_key()),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
}

TEST(Signing, Ed25519RefusesBadKeysWithoutEchoingThem) {
  try {
    (void)Ed25519Key::from_pem(
        "-----BEGIN PRIVATE KEY-----\nSECRETSTUFF\n-----END PRIVATE KEY-----\n");
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_EQ(std::string(e.what()).find("SECRETSTUFF"), std::string::npos);
  }
  const std::array<std::uint8_t, 3> short_seed{1, 2, 3};
  EXPECT_THROW(Ed25519Key::from_seed(short_seed), InvalidArgument);
}

}  // namespace
}  // namespace talon::net
