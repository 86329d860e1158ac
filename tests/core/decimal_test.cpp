// Decimal: parsing, printing, exact arithmetic and every rounding mode, against values
// worked by hand.

#include <gtest/gtest.h>

#include <limits>
#include <optional>

#include <talon/core/decimal.hpp>
#include <talon/core/error.hpp>

namespace talon {
namespace {

Decimal D(const char* s) {
  return Decimal::parse(s);
}

TEST(DecimalParse, PlainNumbersRoundTripExactly) {
  for (const char* s :
       {"0", "1", "-1", "105573.73", "0.00001", "-0.00000001", "123456789012.12345678",
        "-999999999999.99999999", "9000", "0.1", "67784"}) {
    EXPECT_EQ(D(s).to_string(), s) << s;
  }
}

TEST(DecimalPrint, WriteTextIsToStringWithoutAllocating) {
  // Either side of the 64-bit fast path (2^64 - 1 raw units = 184467440737.09551615) and
  // the extremes of the 128-bit range.
  const Decimal cases[] = {D("0"),
                           D("-0.00000001"),
                           D("184467440737.09551615"),
                           D("184467440737.09551616"),
                           D("-184467440737.09551616"),
                           Decimal::from_raw(std::numeric_limits<Decimal::Raw>::max()),
                           Decimal::from_raw(std::numeric_limits<Decimal::Raw>::min() + 1)};
  for (const Decimal& d : cases) {
    char buf[Decimal::kMaxTextSize];
    char* end = d.write_text(buf);
    EXPECT_EQ(std::string(buf, end), d.to_string());
    EXPECT_EQ(Decimal::parse(std::string(buf, end)), d);
  }
  EXPECT_EQ(Decimal::from_raw(std::numeric_limits<Decimal::Raw>::max()).to_string(),
            "1701411834604692317316873037158.84105727");
}

TEST(DecimalParse, PlainFastPathAgreesWithTheGeneralParserOrStepsAside) {
  for (const char* t : {"0",
                        "0.0",
                        "1",
                        "1.",
                        ".5",
                        "-1",
                        "+1",
                        "1e5",
                        "00012.50000000",
                        "123456789012",
                        "1234567890123",
                        "0.123456789",
                        "0.12345678",
                        "999999999999.99999999",
                        "-999999999999.99999999",
                        "1.2.3",
                        "1,5",
                        "",
                        "-",
                        "-.5",
                        "--1",
                        "12a",
                        "0.00000001",
                        "-0.00000001",
                        "-0"}) {
    SCOPED_TRACE(t);
    const auto fast = Decimal::parse_plain(t);
    std::optional<Decimal> general;
    try {
      general = Decimal::parse(t);
    } catch (const ParseError&) {
    }
    if (fast) {
      ASSERT_TRUE(general);
      EXPECT_EQ(*fast, *general);
    }
    EXPECT_EQ(Decimal::try_parse(t), general);
  }
  EXPECT_FALSE(Decimal::parse_plain("+1"));  // other forms go to the general parser
  EXPECT_EQ(Decimal::parse_plain("104591.88")->raw(), 10459188000000);
  EXPECT_EQ(Decimal::parse_plain("-0.00000001")->raw(), -1);
  static_assert(Decimal::parse_plain("2.5")->raw() == 250000000);
  // Long digit runs (found by fuzz/kline_csv) go to the general parser without overflowing
  // int64 on the way: in a constant expression an overflow would not compile.
  static_assert(!Decimal::parse_plain("363046379712599989999"));
  static_assert(!Decimal::parse_plain("1.0000000000000000009"));
  static_assert(!Decimal::parse_plain("9999999999999.1"));
  EXPECT_EQ(Decimal::try_parse("363046379712599989999")->to_string(), "363046379712599989999");
  EXPECT_FALSE(Decimal::try_parse("1.0000000000000000009"));
}

TEST(DecimalParse, NormalisesEquivalentForms) {
  EXPECT_EQ(D("1.50").to_string(), "1.5");
  EXPECT_EQ(D("+2.0").to_string(), "2");
  EXPECT_EQ(D("-0.0").to_string(), "0");
  EXPECT_EQ(D(".5").to_string(), "0.5");
  EXPECT_EQ(D("5.").to_string(), "5");
  EXPECT_EQ(D("000123.4500").to_string(), "123.45");
  EXPECT_EQ(D("1e-05").to_string(), "0.00001");
  EXPECT_EQ(D("2.5E3").to_string(), "2500");
  EXPECT_EQ(D("0.000000010000").to_string(), "0.00000001");
}

TEST(DecimalParse, RawUnitsAreTenToTheMinusEight) {
  EXPECT_EQ(D("1").raw(), 100000000);
  EXPECT_EQ(D("0.00000001").raw(), 1);
  EXPECT_EQ(D("-105573.73").raw(), static_cast<__int128>(-10557373000000LL));
}

TEST(DecimalParse, RejectsMalformedText) {
  for (const char* s : {"", "-", "+", ".", "abc", "1.2.3", "1,5", "1e", "1e+", " 1", "1 ", "0x10",
                        "--1", "1e5x", "nan", "inf"}) {
    EXPECT_THROW(D(s), ParseError) << "'" << s << "'";
    EXPECT_FALSE(Decimal::try_parse(s).has_value()) << s;
  }
}

TEST(DecimalParse, RejectsMoreThanEightFractionalDigitsUnlessRounded) {
  EXPECT_THROW(D("0.123456789"), ParseError);
  EXPECT_EQ(Decimal::parse("0.123456785", Rounding::HalfEven).to_string(), "0.12345678");
  EXPECT_EQ(Decimal::parse("0.123456775", Rounding::HalfEven).to_string(), "0.12345678");
  EXPECT_EQ(Decimal::parse("0.123456785", Rounding::HalfUp).to_string(), "0.12345679");
  EXPECT_EQ(Decimal::parse("0.123456781", Rounding::Up).to_string(), "0.12345679");
  EXPECT_EQ(Decimal::parse("-0.123456781", Rounding::Floor).to_string(), "-0.12345679");
  EXPECT_EQ(Decimal::parse("-0.123456789", Rounding::Down).to_string(), "-0.12345678");
  EXPECT_EQ(Decimal::parse("1e-20", Rounding::Ceiling).to_string(), "0.00000001");
  EXPECT_EQ(Decimal::parse("1e-20", Rounding::Floor).to_string(), "0");
}

TEST(DecimalParse, RejectsValuesOutOfRange) {
  EXPECT_THROW(D("1e40"), ParseError);
  EXPECT_THROW(D("123456789012345678901234567890123456789"), ParseError);
  EXPECT_NO_THROW(D("12345678901234567890123.45678901"));  // about 1.2e22 fits
  // One raw unit beyond either end of the range (2^127 - 1 and -2^127 raw units).
  EXPECT_THROW(D("1701411834604692317316873037158.84105728"), ParseError);
  EXPECT_THROW(D("-1701411834604692317316873037158.84105729"), ParseError);
  EXPECT_THROW(D("1701411834604692317316873037158.841057275"), ParseError);  // also inexact
  EXPECT_THROW(Decimal::parse("1701411834604692317316873037158.841057275", Rounding::Up),
               ParseError);
  EXPECT_EQ(Decimal::parse("1701411834604692317316873037158.841057275", Rounding::Down),
            Decimal::from_raw(std::numeric_limits<Decimal::Raw>::max()));
}

TEST(DecimalParse, AcceptsEveryValueToStringPrints) {
  // 39 and 40 significant digits: to_string prints these, so parse must read them back.
  const Decimal max = Decimal::from_raw(std::numeric_limits<Decimal::Raw>::max());
  const Decimal min = Decimal::from_raw(std::numeric_limits<Decimal::Raw>::min());
  EXPECT_EQ(min.to_string(), "-1701411834604692317316873037158.84105728");
  EXPECT_EQ(D("1701411834604692317316873037158.84105727"), max);
  EXPECT_EQ(D("-1701411834604692317316873037158.84105728"), min);
  Decimal::Raw ten_to_37 = 1;
  for (int i = 0; i < 37; ++i) ten_to_37 *= 10;
  EXPECT_EQ(D("100000000000000000000000000000.00000001").raw(), ten_to_37 + 1);
  // Digits below 10^-8 that are zeros, however many, are exact.
  EXPECT_EQ(D("1.0000000000000000000000000000000000000000000000000"), D("1"));
  EXPECT_EQ(D("0000000000000000000000000000000000000000000000000012.5"), D("12.5"));
  EXPECT_EQ(D("1701411834604692317316873037158841057.27e-6"), max);
  // Every raw value, sampled over the whole range with a fixed-seed 64-bit LCG pair.
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state;
  };
  for (int i = 0; i < 20000; ++i) {
    const auto hi = next(), lo = next();
    auto raw = static_cast<Decimal::Raw>((static_cast<unsigned __int128>(hi) << 64) | lo);
    raw >>= (i % 128);  // every magnitude, not only 39-digit ones
    const Decimal d = Decimal::from_raw(raw);
    ASSERT_EQ(Decimal::parse(d.to_string()), d) << d.to_string();
  }
}

TEST(DecimalParse, RoundsDigitsBelowARawUnitByTheWholeValue) {
  // The digit deciding a tie sits after 38 other significant digits.
  EXPECT_EQ(Decimal::parse("1000000000000000000000.000000005", Rounding::HalfEven),
            D("1000000000000000000000"));
  EXPECT_EQ(Decimal::parse("1000000000000000000000.000000015", Rounding::HalfEven),
            D("1000000000000000000000.00000002"));
  EXPECT_EQ(Decimal::parse("1000000000000000000000.0000000050000000001", Rounding::HalfEven),
            D("1000000000000000000000.00000001"));
  EXPECT_EQ(Decimal::parse("-1000000000000000000000.000000005", Rounding::HalfUp),
            D("-1000000000000000000000.00000001"));
  EXPECT_EQ(Decimal::parse("-1e-9", Rounding::Floor), D("-0.00000001"));
  EXPECT_EQ(Decimal::parse("-1e-9", Rounding::Ceiling), D("0"));
}

TEST(DecimalArithmetic, AdditionAndSubtractionAreExact) {
  EXPECT_EQ((D("0.1") + D("0.2")).to_string(), "0.3");  // 0.30000000000000004 in double
  EXPECT_EQ((D("105573.73") - D("105554.31")).to_string(), "19.42");
  EXPECT_EQ((D("-1.5") + D("1.5")).to_string(), "0");
  EXPECT_EQ((D("0.00000001") * 3).to_string(), "0.00000003");
}

TEST(DecimalArithmetic, OverflowThrowsInsteadOfWrapping) {
  const Decimal big =
      Decimal::from_raw(static_cast<__int128>(~static_cast<unsigned __int128>(0) >> 1));
  EXPECT_THROW(big + D("0.00000001"), ArithmeticError);
  EXPECT_THROW(-big - D("1"), ArithmeticError);
  EXPECT_THROW(big * 2, ArithmeticError);
  EXPECT_THROW(mul(big, D("2"), Rounding::HalfEven), ArithmeticError);
}

TEST(DecimalArithmetic, MultiplicationOfDecimal20_8MaximaDoesNotOverflow) {
  // (10^12 − 10^−8)^2 = 10^24 − 2·10^4 + 10^−16 = 999999999999999999980000.0000000000000001
  const Decimal max = D("999999999999.99999999");
  EXPECT_EQ(mul(max, max, Rounding::Down).to_string(), "999999999999999999980000");
  EXPECT_EQ(mul(max, max, Rounding::Up).to_string(), "999999999999999999980000.00000001");
  EXPECT_EQ(mul(max, -max, Rounding::Floor).to_string(), "-999999999999999999980000.00000001");
  EXPECT_EQ(mul(max, -max, Rounding::Ceiling).to_string(), "-999999999999999999980000");
}

TEST(DecimalArithmetic, MultiplicationIsExactWhenTheResultFits) {
  // 105879.75 * 0.09435 = 9989.7544125 (worked by hand)
  EXPECT_EQ(mul(D("105879.75"), D("0.09435"), Rounding::HalfEven).to_string(), "9989.7544125");
  EXPECT_EQ(mul(D("-2.5"), D("4"), Rounding::Down).to_string(), "-10");
}

TEST(DecimalArithmetic, MultiplicationRoundsTheSixteenthDigit) {
  // 0.00000005 * 0.5 = 0.000000025 → 8 places
  const Decimal a = D("0.00000005"), b = D("0.5");
  EXPECT_EQ(mul(a, b, Rounding::HalfEven).to_string(), "0.00000002");
  EXPECT_EQ(mul(a, b, Rounding::HalfUp).to_string(), "0.00000003");
  EXPECT_EQ(mul(a, b, Rounding::Down).to_string(), "0.00000002");
  EXPECT_EQ(mul(a, b, Rounding::Up).to_string(), "0.00000003");
  EXPECT_EQ(mul(-a, b, Rounding::Floor).to_string(), "-0.00000003");
  EXPECT_EQ(mul(-a, b, Rounding::Ceiling).to_string(), "-0.00000002");
  EXPECT_EQ(mul(D("0.00000007"), b, Rounding::HalfEven).to_string(), "0.00000004");  // 3.5 → 4
}

TEST(DecimalArithmetic, HalfEvenTiesOfLargeOperandsGoToTheEvenWholeResult) {
  // 100000000000.00000001 * 1.5 = 150000000000.000000015 (by hand): a tie between ...01 and
  // ...02. The raw operand 10^19 + 1 exceeds 2^63, which takes the split path.
  const Decimal a = D("100000000000.00000001"), b = D("1.5");
  EXPECT_EQ(mul(a, b, Rounding::HalfEven).to_string(), "150000000000.00000002");
  EXPECT_EQ(mul(b, a, Rounding::HalfEven).to_string(), "150000000000.00000002");
  EXPECT_EQ(mul(-a, b, Rounding::HalfEven).to_string(), "-150000000000.00000002");
  EXPECT_EQ(mul(a, -b, Rounding::HalfEven).to_string(), "-150000000000.00000002");
  EXPECT_EQ(mul(a, b, Rounding::HalfUp).to_string(), "150000000000.00000002");
  EXPECT_EQ(mul(a, b, Rounding::Down).to_string(), "150000000000.00000001");
  // 200000000000.00000001 * 2.5 = 500000000000.000000025 → ...02 (even), ...03 half-up.
  EXPECT_EQ(mul(D("200000000000.00000001"), D("2.5"), Rounding::HalfEven).to_string(),
            "500000000000.00000002");
  EXPECT_EQ(mul(D("200000000000.00000001"), D("2.5"), Rounding::HalfUp).to_string(),
            "500000000000.00000003");
}

// a * b / 10^8 rounded half-even straight from the exact 128-bit product: the reference the
// split path must agree with (usable where |a * b| < 2^127).
Decimal::Raw reference_mul_half_even(Decimal::Raw a, Decimal::Raw b) {
  const Decimal::Raw p = a * b;
  Decimal::Raw q = p / Decimal::kOne;
  const Decimal::Raw r = p % Decimal::kOne;
  const Decimal::Raw twice = 2 * (r < 0 ? -r : r);
  const Decimal::Raw away = (p < 0) ? -1 : 1;
  if (twice > Decimal::kOne || (twice == Decimal::kOne && q % 2 != 0)) q += away;
  return q;
}

TEST(DecimalArithmetic, LargeOperandProductsMatchAnExact128BitReference) {
  std::uint64_t state = 12345;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 11;  // 53 random bits
  };
  int ties = 0;
  for (int i = 0; i < 100000; ++i) {
    // |a| in [2^63, 2^74), |b| < 2^52: past the 64-bit fast path, product below 2^126.
    Decimal::Raw a =
        (static_cast<Decimal::Raw>(1) << 63) +
        static_cast<Decimal::Raw>(next()) * static_cast<Decimal::Raw>(1 + next() % (1 << 21));
    Decimal::Raw b = static_cast<Decimal::Raw>(next() >> 1);
    if (i % 2 == 0) {
      // Force an exact tie: a odd and b an odd multiple of 5 * 10^7.
      a |= 1;
      b = 50'000'000 * static_cast<Decimal::Raw>((next() % 1'000'000) | 1);
    }
    if (i % 3 == 0) a = -a;
    if (i % 5 == 0) b = -b;
    const Decimal::Raw want = reference_mul_half_even(a, b);
    if ((a * b) % Decimal::kOne != 0 && 2 * ((a * b) % Decimal::kOne) == Decimal::kOne) ++ties;
    ASSERT_EQ(mul(Decimal::from_raw(a), Decimal::from_raw(b), Rounding::HalfEven).raw(), want)
        << Decimal::from_raw(a) << " * " << Decimal::from_raw(b);
  }
  EXPECT_GT(ties, 10000);
}

TEST(DecimalArithmetic, DivisionByDivisorsBeyond1e22IsCorrectlyRounded) {
  // r * 10^8 of these no longer fits 128 bits. 10^30 / (3 * 10^29) = 3.333...
  EXPECT_EQ(div(D("1e30"), D("3e29"), Rounding::Down).to_string(), "3.33333333");
  EXPECT_EQ(div(D("1e30"), D("3e29"), Rounding::Up).to_string(), "3.33333334");
  EXPECT_EQ(div(D("1e30"), D("-3e29"), Rounding::Floor).to_string(), "-3.33333334");
  // (10^30 + 2.5 * 10^22) / 10^30 = 1.000000025 exactly: a tie, and 1.000000035 another.
  EXPECT_EQ(div(D("1000000025000000000000000000000"), D("1e30"), Rounding::HalfEven).to_string(),
            "1.00000002");
  EXPECT_EQ(div(D("1000000025000000000000000000000"), D("1e30"), Rounding::HalfUp).to_string(),
            "1.00000003");
  EXPECT_EQ(div(D("-1000000035000000000000000000000"), D("1e30"), Rounding::HalfEven).to_string(),
            "-1.00000004");
  EXPECT_EQ(div(D("1"), D("-1600000000000000000000000000000"), Rounding::Up).to_string(),
            "-0.00000001");
}

TEST(DecimalArithmetic, DivisionWithEveryRoundingMode) {
  const Decimal one = D("1"), three = D("3"), two = D("2");
  EXPECT_EQ(div(one, three, Rounding::Down).to_string(), "0.33333333");
  EXPECT_EQ(div(one, three, Rounding::Up).to_string(), "0.33333334");
  EXPECT_EQ(div(two, three, Rounding::HalfUp).to_string(), "0.66666667");
  EXPECT_EQ(div(-two, three, Rounding::Floor).to_string(), "-0.66666667");
  EXPECT_EQ(div(-two, three, Rounding::Ceiling).to_string(), "-0.66666666");
  // 10000 / 105985.62975 = 0.094352413846934...
  EXPECT_EQ(div(D("10000"), D("105985.62975"), Rounding::Down).to_string(), "0.09435241");
  EXPECT_EQ(div(D("7"), D("-2"), Rounding::HalfEven).to_string(), "-3.5");
  EXPECT_THROW(div(one, Decimal{}, Rounding::Down), ArithmeticError);
}

TEST(DecimalArithmetic, HalfEvenTiesGoToEven) {
  EXPECT_EQ(div(D("0.00000005"), D("2"), Rounding::HalfEven).to_string(), "0.00000002");
  EXPECT_EQ(div(D("0.00000015"), D("2"), Rounding::HalfEven).to_string(), "0.00000008");
  EXPECT_EQ(div(D("-0.00000005"), D("2"), Rounding::HalfEven).to_string(), "-0.00000002");
  EXPECT_EQ(div(D("-0.00000005"), D("2"), Rounding::HalfUp).to_string(), "-0.00000003");
}

TEST(DecimalRounding, LotSizeRoundsQuantityDown) {
  const Decimal lot = D("0.00001");
  EXPECT_EQ(round_to_step(D("0.09435313"), lot, Rounding::Down).to_string(), "0.09435");
  EXPECT_EQ(round_to_step(D("0.09435"), lot, Rounding::Down).to_string(), "0.09435");
  EXPECT_EQ(round_to_step(D("104591.876"), D("0.01"), Rounding::HalfEven).to_string(), "104591.88");
  EXPECT_EQ(round_to_step(D("7"), D("2.5"), Rounding::Down).to_string(), "5");
  EXPECT_THROW(round_to_step(D("1"), Decimal{}, Rounding::Down), InvalidArgument);
}

TEST(DecimalRounding, ToPlacesAndFixedText) {
  EXPECT_EQ(round_to_places(D("2.345"), 2, Rounding::HalfEven).to_string(), "2.34");
  EXPECT_EQ(round_to_places(D("2.355"), 2, Rounding::HalfEven).to_string(), "2.36");
  EXPECT_EQ(D("57.605").to_string(2, Rounding::HalfUp), "57.61");
  EXPECT_EQ(D("-9942.395").to_string(2, Rounding::HalfEven), "-9942.40");
  EXPECT_EQ(D("3").to_string(4), "3.0000");
  EXPECT_EQ(D("-0.001").to_string(2, Rounding::HalfEven), "0.00");
  EXPECT_THROW(D("1").to_string(9), InvalidArgument);
}

TEST(DecimalArithmetic, BasisPointsOfNotional) {
  // 10 bps of 9989.7544125 = 9.9897544125 → half-up to 8 places 9.98975441
  EXPECT_EQ(apply_bps(D("9989.7544125"), D("10"), Rounding::HalfUp).to_string(), "9.98975441");
  EXPECT_EQ(apply_bps(D("100"), D("7.5"), Rounding::HalfUp).to_string(), "0.075");
  EXPECT_EQ(apply_bps(D("0.00000001"), D("5000"), Rounding::HalfUp).to_string(), "0.00000001");
  EXPECT_EQ(apply_bps(D("0.00000001"), D("5000"), Rounding::HalfEven).to_string(), "0");
}

TEST(DecimalConversion, DoubleConversionsAreExplicitAndChecked) {
  EXPECT_DOUBLE_EQ(D("105573.73").to_double(), 105573.73);
  EXPECT_EQ(Decimal::from_double(0.1).to_string(), "0.1");
  EXPECT_EQ(Decimal::from_double(1.0 / 3.0, Rounding::Down).to_string(), "0.33333333");
  EXPECT_THROW(Decimal::from_double(std::numeric_limits<double>::quiet_NaN()), ArithmeticError);
  EXPECT_THROW(Decimal::from_double(std::numeric_limits<double>::infinity()), ArithmeticError);
  EXPECT_EQ(Decimal::from_scaled(12345, 2).to_string(), "123.45");
  EXPECT_THROW(Decimal::from_scaled(1, 9), InvalidArgument);
}

TEST(DecimalCompare, OrdersNumerically) {
  EXPECT_LT(D("-1"), D("0.00000001"));
  EXPECT_LT(D("99.99999999"), D("100"));
  EXPECT_EQ(D("1.0"), D("1"));
  EXPECT_GT(D("124474"), D("98200"));
}

}  // namespace
}  // namespace talon
