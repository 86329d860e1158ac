// Binance signing against the documented examples and the ccxt-generated signed requests
// (tests/fixtures/binance/README.md).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <talon/binance/signer.hpp>
#include <talon/core/error.hpp>

#include "fixtures.hpp"

namespace talon::binance {
namespace {

using json = nlohmann::ordered_json;

TEST(BinanceSigner, DocumentedHmacExamplesMatch) {
  const json doc =
      json::parse(test::read_text(test::binance_fixture("binance-spot-hmac-docs.json")));
  int checked = 0;
  for (const json& v : doc["vectors"]) {
    const Signer s = Signer::hmac(v["secretKey"].get<std::string>());
    EXPECT_EQ(s.signature(v["signature_payload"].get<std::string>()),
              v["expected_signature"].get<std::string>())
        << v["id"];
    ++checked;
  }
  EXPECT_EQ(checked, 4);
}

TEST(BinanceSigner, RestExampleSignsTheDocumentedRequest) {
  const Signer s = Signer::hmac("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j");
  net::QueryString q;
  q.add("symbol", "LTCBTC").add("side", "BUY").add("type", "LIMIT").add("timeInForce", "GTC");
  q.add("quantity", "1").add("price", "0.1");
  q.add("recvWindow", "5000").add("timestamp", "1499827319559");
  EXPECT_EQ(
      s.sign(q.str()),
      "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&"
      "timestamp=1499827319559&signature="
      "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
}

TEST(BinanceSigner, NonAsciiSymbolIsPercentEncodedBeforeSigning) {
  const Signer s = Signer::hmac("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j");
  net::QueryString q;
  q.add("symbol", "\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94\xEF\xBC\x95\xEF\xBC\x96");
  q.add("side", "BUY").add("type", "LIMIT").add("timeInForce", "GTC").add("quantity", "1");
  q.add("price", "0.1").add("recvWindow", "5000").add("timestamp", "1499827319559");
  EXPECT_EQ(s.signature(q.str()),
            "e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3");
}

// Rebuilds every ccxt request from its parameters (timestamp first, recvWindow last, as ccxt
// orders them) and checks the query or body byte for byte, signature included.
void check_ccxt_file(const std::string& name) {
  const json doc = json::parse(test::read_text(test::binance_fixture(name)));
  const Signer s = Signer::hmac(doc["credentials_used"]["secret"].get<std::string>());
  for (const json& v : doc["vectors"]) {
    net::QueryString q;
    q.add("timestamp", std::to_string(doc["how_fixed"]["timestamp_ms"].get<std::int64_t>()));
    for (const auto& [k, val] : v["sign_input"]["params"].items())
      q.add(k, val.is_string() ? val.get<std::string>() : val.dump());
    q.add("recvWindow", "10000");
    EXPECT_EQ(q.str(), v["signing"]["string_to_sign"].get<std::string>()) << v["name"];
    const std::string signed_query = s.sign(q.str());
    const json& req = v["request"];
    const std::string url = req["url"].get<std::string>();
    const std::string wire =
        req["body"].is_string() ? req["body"].get<std::string>() : url.substr(url.find('?') + 1);
    EXPECT_EQ(signed_query, wire) << name << " " << v["name"];
  }
}

TEST(BinanceSigner, SpotSignedRequestsEqualTheFixtures) {
  check_ccxt_file("binance-spot.json");
}

TEST(BinanceSigner, UsdmSignedRequestsEqualTheFixtures) {
  check_ccxt_file("binance-usdm-futures.json");
}

TEST(BinanceSigner, TimingParameters) {
  net::QueryString q;
  add_timing(q, 1700000000000, 1000);
  EXPECT_EQ(q.str(), "timestamp=1700000000000&recvWindow=1000");
  EXPECT_THROW(add_timing(q, 1, 60001), InvalidArgument);
  EXPECT_THROW(Signer::hmac(""), InvalidArgument);
}

TEST(BinanceSigner, Ed25519SignatureIsPercentEncodedBase64) {
  const Signer s = Signer::ed25519(
      "-----BEGIN PRIVATE KEY-----\n"
      "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
      "-----END PRIVATE KEY-----\n");
  EXPECT_EQ(s.kind(), Signer::Kind::Ed25519);
  // RFC 8032 TEST 1 signs the empty message; its base64 has '+' and '/' to escape.
  const std::string sig = s.signature("");
  EXPECT_EQ(net::url_decode(sig),
            net::base64_encode(
                net::from_hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                              "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")));
  EXPECT_EQ(sig.find('+'), std::string::npos);
  EXPECT_EQ(sig.find('='), std::string::npos);
}

}  // namespace
}  // namespace talon::binance
