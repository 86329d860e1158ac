#pragma once
// How much a parameter search's best result owes to luck: the deflated Sharpe ratio (Bailey &
// López de Prado 2014) and the probability of backtest overfitting estimated by
// combinatorially symmetric cross-validation (Bailey, Borwein, López de Prado & Zhu 2015).
// docs/METRICS.md gives the formulas with their sources.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace talon {

/// Φ(x), the standard normal cumulative distribution function (via std::erfc; |error| <
/// 1e-15).
double normal_cdf(double x);

/// Φ⁻¹(p) for 0 < p < 1: Acklam's rational approximation refined by one Halley step
/// (relative error below 1e-13). Throws InvalidArgument outside (0, 1).
double normal_quantile(double p);

/// Sharpe ratio of `returns` per period (not annualised): mean / sample standard deviation
/// (n − 1). nullopt with fewer than two returns or zero deviation.
std::optional<double> per_period_sharpe(std::span<const double> returns);

/// Sample skewness (third standardised moment, population form: m₃ / m₂^{3/2}) and kurtosis
/// (fourth, not excess: m₄ / m₂², 3 for a normal distribution) of `returns`, as the deflated
/// Sharpe ratio's paper uses them. {0, 3} with fewer than two returns or zero deviation.
struct Moments {
  double skewness = 0;
  double kurtosis = 3;
};
Moments sample_moments(std::span<const double> returns);

/// Expected maximum Sharpe ratio of `trials` independent trials whose Sharpe ratios have
/// variance `sharpe_variance` and true mean 0 (Bailey & López de Prado 2014, eq. 2, after
/// the false strategy theorem):
///   SR₀ = √V · ((1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e))),  γ = 0.5772156649 (Euler).
/// Same units as the Sharpe ratios (per period). 0 when trials < 2 or the variance is ≤ 0.
double expected_max_sharpe(double sharpe_variance, std::size_t trials);

/// The probabilistic Sharpe ratio PSR(SR₀) (Bailey & López de Prado 2012): the probability
/// that the true Sharpe ratio exceeds `benchmark`, given an observed per-period Sharpe
/// ratio `sharpe` over `observations` returns with the given skewness and kurtosis (not
/// excess):
///   PSR = Φ((SR − SR₀) √(T − 1) / √(1 − γ₃ SR + (γ₄ − 1)/4 · SR²)).
/// nullopt when observations < 2 or the denominator's radicand is ≤ 0.
std::optional<double> probabilistic_sharpe(double sharpe, double benchmark,
                                           std::size_t observations, Moments moments);

/// The deflated Sharpe ratio (Bailey & López de Prado 2014, eq. 3): the PSR of the best
/// trial against SR₀ = expected_max_sharpe(sharpe_variance, trials). `sharpe` and
/// `sharpe_variance` are per period (de-annualised) over the best trial's `observations`
/// returns. A probability in [0, 1]; 0.95 or more is the paper's bar for a discovery.
std::optional<double> deflated_sharpe_ratio(double sharpe, double sharpe_variance,
                                            std::size_t trials, std::size_t observations,
                                            Moments moments);

/// The outcome of combinatorially symmetric cross-validation.
struct PboResult {
  double pbo = 0;                ///< fraction of splits whose logit λ ≤ 0 (the paper's φ)
  std::size_t combinations = 0;  ///< splits evaluated: C(S, S/2)
  std::size_t partitions = 0;    ///< S actually used
  std::vector<double> logits;    ///< λ of each split, in split order
};

/// Probability of backtest overfitting by CSCV (Bailey, Borwein, López de Prado & Zhu 2015,
/// section 2). `returns[n]` is trial n's series of per-period returns; all of the same
/// length T, row t of every trial the same period. The T rows are cut into S contiguous
/// groups of ⌊T/S⌋ rows (the last T mod S rows are dropped); for each of the C(S, S/2) ways
/// to pick S/2 groups as in-sample (the rest out-of-sample), the trial with the best
/// in-sample per-period Sharpe ratio (per_period_sharpe; a trial with no Sharpe counts as
/// −∞, ties go to the lowest index) is ranked among all trials out-of-sample: ω = rank /
/// (N + 1) with rank 1 the worst and tied trials given their average rank, λ = ln(ω / (1 −
/// ω)). PBO = the fraction of splits with λ ≤ 0. Throws InvalidArgument when there are
/// fewer than 2 trials, the series differ in length, `partitions` is odd or below 2, or T <
/// 2·S (each group needs two rows).
PboResult probability_of_backtest_overfitting(std::span<const std::vector<double>> returns,
                                              std::size_t partitions = 16);

}  // namespace talon
