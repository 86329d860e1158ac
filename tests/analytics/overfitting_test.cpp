// Deflated Sharpe ratio and PBO against the papers' worked example and hand-built cases.

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include <talon/analytics/overfitting.hpp>
#include <talon/core/error.hpp>

namespace talon {
namespace {

TEST(Overfitting, NormalQuantileAndCdf) {
  EXPECT_NEAR(normal_quantile(0.975), 1.9599639845400536, 1e-12);
  EXPECT_NEAR(normal_quantile(0.01), -2.3263478740408408, 1e-12);
  EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(normal_cdf(1.9599639845400536), 0.975, 1e-15);
  EXPECT_THROW(normal_quantile(0), InvalidArgument);
  EXPECT_THROW(normal_quantile(1), InvalidArgument);
}

TEST(Overfitting, ProbabilisticSharpeByHand) {
  // SR 0.1 over 101 normal returns: z = 0.1·√100 / √(1 + (3−1)/4·0.01) = 1/√1.005.
  const auto psr = probabilistic_sharpe(0.1, 0, 101, {});
  ASSERT_TRUE(psr);
  EXPECT_NEAR(*psr, 0.8407413278013518, 1e-12);
}

// Bailey & López de Prado (2014), "The Deflated Sharpe Ratio", numerical example: 100
// trials, annualised Sharpe variance 1/2, best annualised SR 2.5 over 1,250 daily returns
// (5 years of 250 days), skewness −3, kurtosis 10: SR₀ = 0.1132 per day and DSR = 0.9004.
TEST(Overfitting, DeflatedSharpeMatchesThePapersExample) {
  const double per_day = std::sqrt(250.0);
  EXPECT_NEAR(expected_max_sharpe(0.5, 100), 1.7894, 1e-4);  // annualised
  EXPECT_NEAR(expected_max_sharpe(0.5 / 250, 100), 0.1132, 1e-4);
  const auto dsr = deflated_sharpe_ratio(2.5 / per_day, 0.5 / 250, 100, 1250, {-3, 10});
  ASSERT_TRUE(dsr);
  EXPECT_NEAR(*dsr, 0.9004, 1e-4);
}

TEST(Overfitting, ExpectedMaxSharpeNeedsTrialsAndVariance) {
  EXPECT_EQ(expected_max_sharpe(0.5, 1), 0.0);
  EXPECT_EQ(expected_max_sharpe(0.0, 100), 0.0);
  EXPECT_GT(expected_max_sharpe(0.5, 1000), expected_max_sharpe(0.5, 100));
}

TEST(Overfitting, MomentsOfASymmetricSample) {
  // −1, 0, 1: mean 0, m2 = 2/3, m3 = 0, m4 = 2/3 → kurtosis (2/3)/(4/9) = 1.5.
  const std::vector<double> r = {-1, 0, 1};
  const Moments m = sample_moments(r);
  EXPECT_NEAR(m.skewness, 0, 1e-15);
  EXPECT_NEAR(m.kurtosis, 1.5, 1e-15);
  EXPECT_NEAR(*per_period_sharpe(std::vector<double>{1, 3}), 2 / std::sqrt(2.0), 1e-15);
}

// Two trials, S = 2 groups of two rows. A: Sharpe +√2 in group 0, −√2 in group 1; B: 1/√2
// in both. In-sample group 0 picks A, which is worst out of sample (ω = 1/3); in-sample group
// 1 picks B, worst out of sample too: both splits overfit, PBO = 1.
TEST(Overfitting, PboIsOneWhenTheInSampleWinnerAlwaysLosesOutOfSample) {
  const std::vector<std::vector<double>> m = {{0.01, 0.03, -0.01, -0.03}, {0.0, 0.002, 0.0, 0.002}};
  const PboResult p = probability_of_backtest_overfitting(m, 2);
  EXPECT_EQ(p.combinations, 2u);
  EXPECT_EQ(p.pbo, 1.0);
  ASSERT_EQ(p.logits.size(), 2u);
  EXPECT_NEAR(p.logits[0], std::log(0.5), 1e-15);  // ω = 1/3: ln((1/3)/(2/3))
}

// B is better than A in every group: it wins in sample and ranks first (ω = 2/3) out of
// sample in every split: PBO = 0.
TEST(Overfitting, PboIsZeroForADominantTrial) {
  const std::vector<std::vector<double>> m = {{0.0, 0.002, 0.0, 0.002, 0.0, 0.002, 0.0, 0.002},
                                              {0.02, 0.04, 0.02, 0.04, 0.02, 0.04, 0.02, 0.04}};
  const PboResult p = probability_of_backtest_overfitting(m, 4);
  EXPECT_EQ(p.combinations, 6u);  // C(4, 2)
  EXPECT_EQ(p.pbo, 0.0);
}

TEST(Overfitting, PboOfNoiseWithOneSkilledTrialIsLow) {
  std::mt19937_64 gen(42);
  std::normal_distribution<double> noise(0, 0.01);
  std::vector<std::vector<double>> m(20, std::vector<double>(800));
  for (auto& trial : m) {
    for (double& x : trial) x = noise(gen);
  }
  for (double& x : m[7]) x += 0.01;  // a Sharpe of 1 per period: found in every split
  const PboResult p = probability_of_backtest_overfitting(m, 16);
  EXPECT_EQ(p.combinations, 12870u);  // C(16, 8)
  EXPECT_EQ(p.pbo, 0.0);
}

TEST(Overfitting, PboRefusesBadShapes) {
  const std::vector<std::vector<double>> one = {{1, 2, 3, 4}};
  EXPECT_THROW(probability_of_backtest_overfitting(one, 2), InvalidArgument);
  const std::vector<std::vector<double>> uneven = {{1, 2, 3, 4}, {1, 2, 3}};
  EXPECT_THROW(probability_of_backtest_overfitting(uneven, 2), InvalidArgument);
  const std::vector<std::vector<double>> short_ = {{1, 2, 3}, {1, 2, 3}};
  EXPECT_THROW(probability_of_backtest_overfitting(short_, 2), InvalidArgument);
  const std::vector<std::vector<double>> ok = {{1, 2, 3, 4}, {1, 2, 3, 5}};
  EXPECT_THROW(probability_of_backtest_overfitting(ok, 3), InvalidArgument);
}

}  // namespace
}  // namespace talon
