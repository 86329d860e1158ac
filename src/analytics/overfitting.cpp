#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include <talon/analytics/overfitting.hpp>
#include <talon/core/error.hpp>

namespace talon {
namespace {

constexpr double kEulerGamma = 0.57721566490153286061;

// Sums of one trial's returns over a set of rows: enough for its Sharpe ratio.
struct Sums {
  double sum = 0;
  double squares = 0;
  std::size_t n = 0;
  Sums& operator+=(const Sums& o) {
    sum += o.sum;
    squares += o.squares;
    n += o.n;
    return *this;
  }
};

// Sharpe ratio from sums; −∞ when undefined, so that such a trial is never "best".
double sharpe_of(const Sums& s) {
  if (s.n < 2) return -std::numeric_limits<double>::infinity();
  const double n = static_cast<double>(s.n);
  const double mean = s.sum / n;
  const double var = (s.squares - n * mean * mean) / (n - 1);
  if (!(var > 0)) return -std::numeric_limits<double>::infinity();
  return mean / std::sqrt(var);
}

}  // namespace

double normal_cdf(double x) {
  return 0.5 * std::erfc(-x / std::numbers::sqrt2);
}

double normal_quantile(double p) {
  if (!(p > 0 && p < 1)) {
    throw InvalidArgument(fmt::format("normal_quantile: p must be in (0, 1), got {}", p));
  }
  // Acklam's coefficients (P. J. Acklam, "An algorithm for computing the inverse normal
  // cumulative distribution function", 2003).
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double lo = 0.02425;
  double x = 0;
  if (p < lo) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - lo) {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // One Halley step against the exact Φ.
  const double e = normal_cdf(x) - p;
  const double u = e * std::sqrt(2 * std::numbers::pi) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

std::optional<double> per_period_sharpe(std::span<const double> r) {
  if (r.size() < 2) return std::nullopt;
  double mean = 0;
  for (double x : r) mean += x;
  mean /= static_cast<double>(r.size());
  double ss = 0;
  for (double x : r) ss += (x - mean) * (x - mean);
  const double sd = std::sqrt(ss / static_cast<double>(r.size() - 1));
  if (sd == 0) return std::nullopt;
  return mean / sd;
}

Moments sample_moments(std::span<const double> r) {
  Moments m;
  if (r.size() < 2) return m;
  const double n = static_cast<double>(r.size());
  double mean = 0;
  for (double x : r) mean += x;
  mean /= n;
  double m2 = 0, m3 = 0, m4 = 0;
  for (double x : r) {
    const double d = x - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  if (m2 == 0) return m;
  m.skewness = m3 / std::pow(m2, 1.5);
  m.kurtosis = m4 / (m2 * m2);
  return m;
}

double expected_max_sharpe(double sharpe_variance, std::size_t trials) {
  if (trials < 2 || !(sharpe_variance > 0)) return 0;
  const double n = static_cast<double>(trials);
  return std::sqrt(sharpe_variance) *
         ((1 - kEulerGamma) * normal_quantile(1 - 1 / n) +
          kEulerGamma * normal_quantile(1 - 1 / (n * std::numbers::e)));
}

std::optional<double> probabilistic_sharpe(double sharpe, double benchmark,
                                           std::size_t observations, Moments m) {
  if (observations < 2) return std::nullopt;
  const double radicand = 1 - m.skewness * sharpe + (m.kurtosis - 1) / 4 * sharpe * sharpe;
  if (!(radicand > 0)) return std::nullopt;
  return normal_cdf((sharpe - benchmark) * std::sqrt(static_cast<double>(observations - 1)) /
                    std::sqrt(radicand));
}

std::optional<double> deflated_sharpe_ratio(double sharpe, double sharpe_variance,
                                            std::size_t trials, std::size_t observations,
                                            Moments moments) {
  return probabilistic_sharpe(sharpe, expected_max_sharpe(sharpe_variance, trials), observations,
                              moments);
}

PboResult probability_of_backtest_overfitting(std::span<const std::vector<double>> returns,
                                              std::size_t partitions) {
  const std::size_t n_trials = returns.size();
  if (n_trials < 2) throw InvalidArgument("PBO: needs at least 2 trials");
  if (partitions < 2 || partitions % 2 != 0) {
    throw InvalidArgument(fmt::format("PBO: partitions must be even and ≥ 2, got {}", partitions));
  }
  const std::size_t t_len = returns[0].size();
  for (const auto& r : returns) {
    if (r.size() != t_len)
      throw InvalidArgument("PBO: every trial needs the same number of returns");
  }
  if (t_len < 2 * partitions) {
    throw InvalidArgument(fmt::format(
        "PBO: {} returns per trial cannot fill {} groups of at least 2", t_len, partitions));
  }
  const std::size_t rows = t_len / partitions;
  // sums[g * N + n]: trial n's sums over group g.
  std::vector<Sums> sums(partitions * n_trials);
  for (std::size_t g = 0; g < partitions; ++g) {
    for (std::size_t n = 0; n < n_trials; ++n) {
      Sums& s = sums[g * n_trials + n];
      for (std::size_t t = g * rows; t < (g + 1) * rows; ++t) {
        const double x = returns[n][t];
        s.sum += x;
        s.squares += x * x;
      }
      s.n = rows;
    }
  }
  PboResult out;
  out.partitions = partitions;
  // Every subset of S/2 groups as a bit mask, in increasing order of the mask.
  std::vector<bool> chosen(partitions, false);
  std::fill(chosen.begin(), chosen.begin() + static_cast<std::ptrdiff_t>(partitions / 2), true);
  std::vector<Sums> in(n_trials), oos(n_trials);
  std::vector<double> oos_sharpe(n_trials);
  std::size_t overfit = 0;
  do {
    std::fill(in.begin(), in.end(), Sums{});
    std::fill(oos.begin(), oos.end(), Sums{});
    for (std::size_t g = 0; g < partitions; ++g) {
      std::vector<Sums>& target = chosen[g] ? in : oos;
      for (std::size_t n = 0; n < n_trials; ++n) target[n] += sums[g * n_trials + n];
    }
    std::size_t best = 0;
    double best_sharpe = sharpe_of(in[0]);
    for (std::size_t n = 1; n < n_trials; ++n) {
      const double s = sharpe_of(in[n]);
      if (s > best_sharpe) {
        best_sharpe = s;
        best = n;
      }
    }
    for (std::size_t n = 0; n < n_trials; ++n) oos_sharpe[n] = sharpe_of(oos[n]);
    // Average rank (1 = worst) of the in-sample best out of sample.
    std::size_t below = 0, equal = 0;
    for (std::size_t n = 0; n < n_trials; ++n) {
      if (oos_sharpe[n] < oos_sharpe[best]) ++below;
      if (oos_sharpe[n] == oos_sharpe[best]) ++equal;
    }
    const double rank = static_cast<double>(below) + (static_cast<double>(equal) + 1) / 2;
    const double omega = rank / static_cast<double>(n_trials + 1);
    const double logit = std::log(omega / (1 - omega));
    out.logits.push_back(logit);
    if (logit <= 0) ++overfit;
    ++out.combinations;
  } while (std::prev_permutation(chosen.begin(), chosen.end()));
  out.pbo = static_cast<double>(overfit) / static_cast<double>(out.combinations);
  return out;
}

}  // namespace talon
