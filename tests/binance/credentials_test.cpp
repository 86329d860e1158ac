// API keys from the environment (BINANCE_API_KEY / BINANCE_API_SECRET, as Nautilus Trader
// reads them): a missing one is named, and no error carries a value.
#include <gtest/gtest.h>

#include <cstdlib>

#include <talon/binance/spot_execution_client.hpp>
#include <talon/core/error.hpp>

namespace talon::binance {
namespace {

TEST(Credentials, FromTheEnvironment) {
  ::setenv("BINANCE_API_KEY", "the-key", 1);
  ::setenv("BINANCE_API_SECRET", "the-secret-value", 1);
  const auto [key, secret] = credentials_from_env();
  EXPECT_EQ(key, "the-key");
  EXPECT_EQ(secret, "the-secret-value");
  ::unsetenv("BINANCE_API_SECRET");
  try {
    (void)credentials_from_env();
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "BINANCE_API_SECRET is not set");
  }
  ::unsetenv("BINANCE_API_KEY");
  EXPECT_THROW((void)credentials_from_env(), InvalidArgument);
}

}  // namespace
}  // namespace talon::binance
