// See avx2_kernels.hpp. GCC/Clang on x86-64 only; elsewhere have_avx2() is false and the
// SSE2/scalar paths run.

#include "avx2_kernels.hpp"

#include <limits>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define TALON_AVX2 1
#include <immintrin.h>
#endif

namespace talon::indicators::kernel {

#if defined(TALON_AVX2)

bool have_avx2() noexcept {
  static const bool yes = __builtin_cpu_supports("avx2");
  return yes;
}

namespace {

__attribute__((target("avx2"))) inline __m256d ones4() {
  return _mm256_castsi256_pd(_mm256_set1_epi32(-1));
}
// (x > 0) & (x <= max), false for NaN (ordered, quiet compares).
__attribute__((target("avx2"))) inline __m256d good4(__m256d x) {
  return _mm256_and_pd(
      _mm256_cmp_pd(x, _mm256_setzero_pd(), _CMP_GT_OQ),
      _mm256_cmp_pd(x, _mm256_set1_pd(std::numeric_limits<double>::max()), _CMP_LE_OQ));
}

}  // namespace

__attribute__((target("avx2"))) bool mom_avx2(const double* x, double* o, std::size_t p,
                                              std::size_t n, std::size_t* i) noexcept {
  __m256d ok0 = ones4(), ok1 = ones4();
  std::size_t k = *i;
  for (; k + 8 <= n; k += 8) {
    const __m256d a = _mm256_loadu_pd(x + k), b = _mm256_loadu_pd(x + k + 4);
    ok0 = _mm256_and_pd(ok0, good4(a));
    ok1 = _mm256_and_pd(ok1, good4(b));
    _mm256_storeu_pd(o + k, _mm256_sub_pd(a, _mm256_loadu_pd(x + k - p)));
    _mm256_storeu_pd(o + k + 4, _mm256_sub_pd(b, _mm256_loadu_pd(x + k + 4 - p)));
  }
  *i = k;
  return _mm256_movemask_pd(_mm256_and_pd(ok0, ok1)) == 0xF;
}

__attribute__((target("avx2"))) bool trange_avx2(const double* h, const double* l, const double* c,
                                                 double* o, std::size_t n,
                                                 std::size_t* i) noexcept {
  const __m256d sign = _mm256_set1_pd(-0.0), zero = _mm256_setzero_pd();
  const __m256d max = _mm256_set1_pd(std::numeric_limits<double>::max());
  __m256d ok = ones4();
  std::size_t k = *i;
  for (; k + 4 <= n; k += 4) {
    const __m256d hi = _mm256_loadu_pd(h + k), lo = _mm256_loadu_pd(l + k);
    const __m256d cl = _mm256_loadu_pd(c + k), prev = _mm256_loadu_pd(c + k - 1);
    // low > 0, high finite, low <= high (so both are valid prices), close a price.
    const __m256d range_ok = _mm256_and_pd(
        _mm256_cmp_pd(lo, zero, _CMP_GT_OQ),
        _mm256_and_pd(_mm256_cmp_pd(hi, max, _CMP_LE_OQ), _mm256_cmp_pd(lo, hi, _CMP_LE_OQ)));
    ok = _mm256_and_pd(ok, _mm256_and_pd(range_ok, good4(cl)));
    // max(a, b) is "a > b ? a : b": ta_TRANGE.c's "if (v > greatest) greatest = v".
    __m256d greatest = _mm256_sub_pd(hi, lo);
    greatest = _mm256_max_pd(_mm256_andnot_pd(sign, _mm256_sub_pd(prev, hi)), greatest);
    greatest = _mm256_max_pd(_mm256_andnot_pd(sign, _mm256_sub_pd(prev, lo)), greatest);
    _mm256_storeu_pd(o + k, greatest);
  }
  *i = k;
  return _mm256_movemask_pd(ok) == 0xF;
}

#else

bool have_avx2() noexcept {
  return false;
}
bool mom_avx2(const double*, double*, std::size_t, std::size_t, std::size_t*) noexcept {
  return true;
}
bool trange_avx2(const double*, const double*, const double*, double*, std::size_t,
                 std::size_t*) noexcept {
  return true;
}

#endif

}  // namespace talon::indicators::kernel
