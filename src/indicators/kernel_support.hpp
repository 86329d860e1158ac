#pragma once
// Shared by the batch kernels (private to talon_indicators): buffer and input checks, the
// fused validation the kernels use, and the sliding-window extreme of TA-Lib.
//
// Fused validation: a kernel ANDs a cheap "is this input valid" test into a flag as it reads
// each input, and only when the flag is false at the end calls the full checks, which throw
// with the index of the first bad input. The arithmetic never branches on validity, so the
// check costs a few compares that run beside the kernel's dependency chain. On error the
// output buffers hold unspecified values (the exception says which input was bad).

#include <cstddef>
#include <initializer_list>
#include <limits>
#include <span>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <talon/indicators/input.hpp>

namespace talon::indicators::kernel {

using In = std::span<const double>;
using Out = std::span<double>;

inline constexpr double kMaxDouble = std::numeric_limits<double>::max();

/// Throws InvalidArgument unless every output buffer holds n values.
inline void check_out(std::size_t n, std::initializer_list<std::size_t> outs, const char* who) {
  for (std::size_t m : outs) {
    if (m != n)
      throw InvalidArgument(fmt::format("{}: output buffer of {} values for {} inputs", who, m, n));
  }
}

/// The full (throwing) checks of high/low columns: prices, same length, low <= high.
inline void check_hl(In high, In low, const char* who) {
  check_same_length(high.size(), low.size(), who);
  check_prices(high, who, "high");
  check_prices(low, who, "low");
  for (std::size_t i = 0; i < high.size(); ++i) {
    if (low[i] > high[i])
      throw InvalidArgument(
          fmt::format("{}: low[{}] = {} is above high[{}] = {}", who, i, low[i], i, high[i]));
  }
}
inline void check_hlc(In high, In low, In close, const char* who) {
  check_same_length(high.size(), close.size(), who);
  check_hl(high, low, who);
  check_prices(close, who, "close");
}

/// Throws InvalidArgument unless the high, low and close columns and every output buffer
/// have the same length.
inline void check_hlc_sizes(In high, In low, In close, std::initializer_list<std::size_t> outs,
                            const char* who) {
  check_same_length(high.size(), low.size(), who);
  check_same_length(high.size(), close.size(), who);
  check_out(close.size(), outs, who);
}

/// Finite and above zero (false for NaN).
inline bool good(double x) noexcept {
  return (x > 0.0) & (x <= kMaxDouble);
}
/// high and low both valid prices with low <= high, in three compares: low > 0 and
/// low <= high imply high > 0, high finite and low <= high imply low finite.
inline bool good_hl(double h, double l) noexcept {
  return (l > 0.0) & (h <= kMaxDouble) & (l <= h);
}
inline bool good_hlc(double h, double l, double c) noexcept {
  return good_hl(h, l) & good(c);
}
inline bool good_volume(double v) noexcept {
  return (v >= 0.0) & (v <= kMaxDouble);
}

/// Re-runs the throwing checks when a fused check failed.
inline void recheck(bool ok, In price, const char* who) {
  if (!ok) check_prices(price, who, "price");
}
inline void recheck_hl(bool ok, In high, In low, const char* who) {
  if (!ok) check_hl(high, low, who);
}
inline void recheck_hlc(bool ok, In high, In low, In close, const char* who) {
  if (!ok) check_hlc(high, low, close, who);
}

/// Fills o[0, k) with "not ready" and returns min(k, n).
inline std::size_t warm(double* __restrict o, std::size_t k, std::size_t n) {
  const std::size_t m = k < n ? k : n;
  for (std::size_t i = 0; i < m; ++i) o[i] = kNotReady;
  return m;
}

#if defined(__SSE2__)
/// Two-lane price check for the vectorised kernels: AND of (x > 0) & (x <= max) per lane.
inline __m128d good2(__m128d x) noexcept {
  return _mm_and_pd(_mm_cmpgt_pd(x, _mm_setzero_pd()), _mm_cmple_pd(x, _mm_set1_pd(kMaxDouble)));
}
inline __m128d all_ones2() noexcept {
  return _mm_castsi128_pd(_mm_set1_epi32(-1));
}
inline bool all_set2(__m128d m) noexcept {
  return _mm_movemask_pd(m) == 3;
}
#endif

/// `x` when a > b, else +0.0, without a branch. Kernels use it where the comparison is a coin
/// toss on market data (a price rose or fell), which a branch would mispredict half the time;
/// GCC turns the plain ternary (and even x * (a > b)) back into a branch.
inline double keep_if_greater(double a, double b, double x) noexcept {
#if defined(__SSE2__)
  return _mm_cvtsd_f64(_mm_and_pd(_mm_cmpgt_sd(_mm_set_sd(a), _mm_set_sd(b)), _mm_set_sd(x)));
#else
  return a > b ? x : 0.0;
#endif
}

/// max(a, 0.0) without a branch (std::max compiles to one here).
inline double positive_part(double a) noexcept {
#if defined(__SSE2__)
  return _mm_cvtsd_f64(_mm_max_sd(_mm_set_sd(a), _mm_setzero_pd()));
#else
  return a > 0.0 ? a : 0.0;
#endif
}

/// Validates the input columns a block ahead of a serial kernel, two lanes at a time: the
/// kernel calls reach(i) before it reads bar i (one predictable compare per bar) and
/// finish() at the end, which checks whatever no loop reached, so every input is checked
/// whatever the kernel's loop structure. The block is then hot in L1 when the kernel reads
/// it, so the check adds no memory traffic. Null columns are not checked.
class AheadCheck {
 public:
  struct Columns {
    const double* high = nullptr;  ///< with low: prices, low <= high
    const double* low = nullptr;
    const double* price = nullptr;   ///< close or price: a price
    const double* volume = nullptr;  ///< a volume (>= 0)
  };
  AheadCheck(Columns cols, std::size_t n) noexcept : c_(cols), n_(n) {}

  void reach(std::size_t i) noexcept {
    if (i >= done_) [[unlikely]]
      advance();
  }
  /// Checks the rest; true when every input was valid.
  bool finish() noexcept {
    while (done_ < n_) advance();
    return ok_;
  }

 private:
  static constexpr std::size_t kBlock = 256;

  void advance() noexcept {
    const std::size_t b = done_, e = b + kBlock < n_ ? b + kBlock : n_;
    std::size_t i = b;
#if defined(__SSE2__)
    __m128d okv = all_ones2();
    const __m128d zero = _mm_setzero_pd(), max = _mm_set1_pd(kMaxDouble);
    for (; i + 2 <= e; i += 2) {
      if (c_.high != nullptr) {
        const __m128d h = _mm_loadu_pd(c_.high + i), l = _mm_loadu_pd(c_.low + i);
        okv = _mm_and_pd(okv, _mm_and_pd(_mm_and_pd(_mm_cmpgt_pd(l, zero), _mm_cmple_pd(h, max)),
                                         _mm_cmple_pd(l, h)));
      }
      if (c_.price != nullptr) okv = _mm_and_pd(okv, good2(_mm_loadu_pd(c_.price + i)));
      if (c_.volume != nullptr) {
        const __m128d v = _mm_loadu_pd(c_.volume + i);
        okv = _mm_and_pd(okv, _mm_and_pd(_mm_cmpge_pd(v, zero), _mm_cmple_pd(v, max)));
      }
    }
    ok_ &= all_set2(okv);
#endif
    for (; i < e; ++i) {
      if (c_.high != nullptr) ok_ &= good_hl(c_.high[i], c_.low[i]);
      if (c_.price != nullptr) ok_ &= good(c_.price[i]);
      if (c_.volume != nullptr) ok_ &= good_volume(c_.volume[i]);
    }
    done_ = e;
  }

  Columns c_;
  std::size_t n_;
  std::size_t done_ = 0;
  bool ok_ = true;
};

/// Runs body(i) for i in [begin, end) in order and ANDs "x[i] is a valid price" into ok,
/// checking two inputs per SSE2 compare in the same loop: the compares then run in the
/// shadow of the kernel's own dependency chain (a separate pass would not).
template <typename Body>
inline void fused_price_loop(const double* __restrict x, std::size_t begin, std::size_t end,
                             bool& ok, Body body) {
  std::size_t i = begin;
#if defined(__SSE2__)
  __m128d okv = all_ones2();
  for (; i + 2 <= end; i += 2) {
    okv = _mm_and_pd(okv, good2(_mm_loadu_pd(x + i)));
    body(i);
    body(i + 1);
  }
  ok &= all_set2(okv);
#endif
  for (; i < end; ++i) {
    ok &= good(x[i]);
    body(i);
  }
}

/// Highest value of v(j) over a sliding window [oldest, i], the most recent index among
/// equals (TA-Lib's ta_STOCH.c / ta_AROON.c method): keep the extreme and where it is; only
/// when it leaves the window rescan the window. O(1) amortised on market data. `Higher` is
/// std::greater_equal for a maximum, std::less_equal for a minimum; v(j) reads value j
/// (an array, or a ring of recent values).
template <typename Get, typename Higher>
struct WindowExtreme {
  Get v;
  Higher higher;
  double value = 0;
  std::size_t at = 0;

  /// Starts the window at value j = 0.
  void start() noexcept {
    value = v(0);
    at = 0;
  }
  /// Slides the window to [oldest, i] after value i arrived (i > previous i). Branch-free
  /// but for the rescan: whether a bar makes a new extreme is data, not pattern.
  void push(std::size_t i, std::size_t oldest) noexcept {
    if (at < oldest) [[unlikely]] {
      value = v(oldest);
      at = oldest;
      for (std::size_t j = oldest + 1; j <= i; ++j) take(v(j), j);
      return;
    }
    take(v(i), i);
  }

 private:
  void take(double x, std::size_t j) noexcept {
    at = higher(x, value) ? j : at;
    value = higher.pick(value, x);  // x when at moved (equal values are the same double)
  }
};

struct AtLeast {
  bool operator()(double a, double b) const noexcept { return a >= b; }
  /// The larger; on a tie either (the same double for the prices checked here).
  double pick(double value, double x) const noexcept {
#if defined(__SSE2__)
    return _mm_cvtsd_f64(_mm_max_sd(_mm_set_sd(value), _mm_set_sd(x)));
#else
    return value > x ? value : x;
#endif
  }
};
struct AtMost {
  bool operator()(double a, double b) const noexcept { return a <= b; }
  double pick(double value, double x) const noexcept {
#if defined(__SSE2__)
    return _mm_cvtsd_f64(_mm_min_sd(_mm_set_sd(value), _mm_set_sd(x)));
#else
    return value < x ? value : x;
#endif
  }
};

template <typename Get>
WindowExtreme<Get, AtLeast> window_max(Get get) {
  return {get, {}};
}
template <typename Get>
WindowExtreme<Get, AtMost> window_min(Get get) {
  return {get, {}};
}

/// Reads values from a contiguous array.
struct ArrayAt {
  const double* p;
  double operator()(std::size_t j) const noexcept { return p[j]; }
};

/// A ring of the last `capacity` (rounded up to a power of two) values, indexed by the
/// absolute position j: the batch kernels' store for derived series they must look back on.
class PowRing {
 public:
  explicit PowRing(std::size_t capacity) {
    std::size_t c = 1;
    while (c < capacity) c <<= 1;
    values_.assign(c, 0.0);
    mask_ = c - 1;
  }
  double& operator[](std::size_t j) noexcept { return values_[j & mask_]; }
  double operator()(std::size_t j) const noexcept { return values_[j & mask_]; }

 private:
  std::vector<double> values_;
  std::size_t mask_ = 0;
};

}  // namespace talon::indicators::kernel
