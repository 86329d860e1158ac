// Strategy parameters as a user types them: decimals where a level is a decimal, errors
// naming the parameter and the allowed range.

#include <gtest/gtest.h>

#include <talon/core/error.hpp>
#include <talon/strategy/params.hpp>
#include <talon/strategy/rsi_reversion.hpp>

namespace talon {
namespace {

TEST(StrategyParams, DecimalLevelsAreTakenExactly) {
  StrategyParams p;
  p.set_from_text("lower=27.5");
  EXPECT_EQ(
      p.get_decimal("lower", Decimal::from_int(30), Decimal::from_int(1), Decimal::from_int(99)),
      Decimal::parse("27.5"));
  EXPECT_EQ(p.effective().at("lower"), "27.5");
  EXPECT_NO_THROW(RsiReversion{p});
}

TEST(StrategyParams, ABadDecimalNamesTheParameterAndTheRange) {
  StrategyParams p;
  p.set_from_text("upper=70,5");
  try {
    (void)p.get_decimal("upper", Decimal::from_int(70), Decimal::from_int(1),
                        Decimal::from_int(99));
    FAIL() << "accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("'upper'"), std::string::npos) << e.what();
  }
  StrategyParams q;
  q.set_from_text("upper=100.5");
  try {
    RsiReversion r(q);
    FAIL() << "accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("outside [0.01, 99.99]"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace talon
