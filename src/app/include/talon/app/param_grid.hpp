#pragma once
// The parameter space of `talon optimize`: one axis per --grid option, searched whole (the
// grid) or by a seeded random sample of its points.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace talon {

/// One parameter's values, as exact decimal text ("5", "0.25").
struct GridAxis {
  std::string name{};
  std::vector<std::string> values{};
};

/// Parses "name=a:b:s" (a, a+s, a+2s, … up to b; b is included when b − a is a multiple of
/// s), "name=a:b" (step 1), "name=v1,v2,v3" or "name=v". Values are exact decimals (at most
/// 8 fractional digits); the step must be positive and b ≥ a. Throws InvalidArgument naming
/// the option text for anything else, or when the axis would have more than 1,000,000 values.
GridAxis parse_grid_axis(std::string_view text);

/// Number of points of the Cartesian product of `axes` (1 for no axis). Throws
/// InvalidArgument above 100,000,000 points or when two axes share a name.
std::uint64_t grid_size(const std::vector<GridAxis>& axes);

/// The point with flat index `index` (< grid_size): the last axis varies fastest. One value
/// per axis, in axis order.
std::vector<std::string> grid_point(const std::vector<GridAxis>& axes, std::uint64_t index);

/// Flat indices of the points to run: all of them in order when `sample` is 0 or at least
/// grid_size; otherwise `sample` distinct indices drawn uniformly without replacement by a
/// std::mt19937_64 seeded with `seed`, in increasing order (the same seed gives the same
/// sample on every platform: the draw uses only the generator's raw 64-bit output).
std::vector<std::uint64_t> grid_indices(const std::vector<GridAxis>& axes, std::uint64_t sample,
                                        std::uint64_t seed);

}  // namespace talon
