#pragma once
// AVX2 bodies of the memory-bound kernels (MOM, TRANGE), chosen at run time when the CPU has
// AVX2 (the build targets baseline x86-64, SSE2). Four lanes per instruction halve the cost
// of checking each input on the way, which is what separates these kernels from TA-Lib's
// unchecked SSE2 loops. Same IEEE operations as the scalar step: the doubles are identical.
// Private to talon_indicators.

#include <cstddef>

namespace talon::indicators::kernel {

/// True when the running CPU supports AVX2 (and the compiler can target it).
bool have_avx2() noexcept;

/// o[i] = x[i] - x[i - p] for i from *i while 8 more fit; advances *i past what it wrote.
/// Returns false when some x[i] it read is not a finite positive price.
bool mom_avx2(const double* x, double* o, std::size_t p, std::size_t n, std::size_t* i) noexcept;

/// o[i] = true_range(h[i], l[i], c[i - 1]) for i from *i (>= 1) while 4 more fit; advances
/// *i. Returns false when some bar it read fails the price / low <= high checks.
bool trange_avx2(const double* h, const double* l, const double* c, double* o, std::size_t n,
                 std::size_t* i) noexcept;

}  // namespace talon::indicators::kernel
