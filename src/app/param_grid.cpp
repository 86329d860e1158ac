#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <set>

#include <talon/app/param_grid.hpp>
#include <talon/core/decimal.hpp>
#include <talon/core/error.hpp>

namespace talon {
namespace {

constexpr std::size_t kMaxAxisValues = 1'000'000;
constexpr std::uint64_t kMaxPoints = 100'000'000;

Decimal grid_decimal(std::string_view text, std::string_view option) {
  const auto d = Decimal::try_parse(text);
  if (!d) {
    throw InvalidArgument(fmt::format(
        "--grid {}: '{}' is not a decimal number with at most 8 fractional digits", option, text));
  }
  return *d;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  std::size_t from = 0;
  while (true) {
    const std::size_t at = text.find(sep, from);
    out.push_back(text.substr(from, at == std::string_view::npos ? at : at - from));
    if (at == std::string_view::npos) return out;
    from = at + 1;
  }
}

}  // namespace

GridAxis parse_grid_axis(std::string_view text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == text.size()) {
    throw InvalidArgument(fmt::format(
        "--grid {}: expected name=start:end:step, name=start:end or name=v1,v2,...", text));
  }
  GridAxis axis;
  axis.name = std::string(text.substr(0, eq));
  const std::string_view spec = text.substr(eq + 1);
  if (spec.find(':') == std::string_view::npos) {
    for (std::string_view v : split(spec, ',')) {
      axis.values.push_back(grid_decimal(v, text).to_string());
    }
    return axis;
  }
  const std::vector<std::string_view> parts = split(spec, ':');
  if (parts.size() > 3) {
    throw InvalidArgument(fmt::format("--grid {}: expected start:end:step", text));
  }
  const Decimal a = grid_decimal(parts[0], text);
  const Decimal b = grid_decimal(parts[1], text);
  const Decimal s = parts.size() == 3 ? grid_decimal(parts[2], text) : Decimal::from_int(1);
  if (!s.is_positive())
    throw InvalidArgument(fmt::format("--grid {}: step must be positive", text));
  if (b < a) throw InvalidArgument(fmt::format("--grid {}: end is below start", text));
  for (Decimal v = a; v <= b; v += s) {
    if (axis.values.size() == kMaxAxisValues) {
      throw InvalidArgument(
          fmt::format("--grid {}: more than {} values on one axis", text, kMaxAxisValues));
    }
    axis.values.push_back(v.to_string());
  }
  return axis;
}

std::uint64_t grid_size(const std::vector<GridAxis>& axes) {
  std::uint64_t n = 1;
  std::set<std::string> names;
  for (const GridAxis& a : axes) {
    if (!names.insert(a.name).second) {
      throw InvalidArgument(fmt::format("--grid: parameter '{}' given twice", a.name));
    }
    if (a.values.empty()) return 0;
    if (n > kMaxPoints / a.values.size()) {
      throw InvalidArgument(fmt::format("--grid: more than {} combinations", kMaxPoints));
    }
    n *= a.values.size();
  }
  return n;
}

std::vector<std::string> grid_point(const std::vector<GridAxis>& axes, std::uint64_t index) {
  std::vector<std::string> out(axes.size());
  for (std::size_t i = axes.size(); i-- > 0;) {
    const std::uint64_t n = axes[i].values.size();
    out[i] = axes[i].values[index % n];
    index /= n;
  }
  return out;
}

std::vector<std::uint64_t> grid_indices(const std::vector<GridAxis>& axes, std::uint64_t sample,
                                        std::uint64_t seed) {
  const std::uint64_t n = grid_size(axes);
  std::vector<std::uint64_t> out;
  if (sample == 0 || sample >= n) {
    out.resize(n);
    for (std::uint64_t i = 0; i < n; ++i) out[i] = i;
    return out;
  }
  // Floyd's algorithm: `sample` distinct draws with one generator call each; the bound is
  // applied by rejection on raw 64-bit outputs (std::uniform_int_distribution is not the same
  // on every standard library).
  std::mt19937_64 gen(seed);
  auto below = [&gen](std::uint64_t bound) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    std::uint64_t x = 0;
    do {
      x = gen();
    } while (x >= limit);
    return x % bound;
  };
  std::set<std::uint64_t> chosen;
  for (std::uint64_t j = n - sample; j < n; ++j) {
    const std::uint64_t t = below(j + 1);
    if (!chosen.insert(t).second) chosen.insert(j);
  }
  out.assign(chosen.begin(), chosen.end());
  return out;
}

}  // namespace talon
