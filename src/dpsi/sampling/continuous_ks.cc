// File: dpsi/sampling/continuous_ks.cc
#include "dpsi/sampling/continuous_ks.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace dpsi::sampling {

OneSampleKs one_sample_ks(std::vector<double> sample, const std::function<Ball(double)>& cdf, std::size_t stride) {
  if (sample.empty()) throw std::invalid_argument("one_sample_ks: empty sample");
  if (stride == 0) throw std::invalid_argument("one_sample_ks: stride must be >= 1");
  for (const double x : sample) {
    if (!std::isfinite(x)) throw std::invalid_argument("one_sample_ks: sample values must be finite");
  }
  std::sort(sample.begin(), sample.end());
  // Distinct values and cumulative counts: values[j], cumulative[j] = #{x <= values[j]}.
  std::vector<double> values;
  std::vector<std::uint64_t> cumulative;
  for (std::size_t i = 0; i < sample.size(); ++i) {
    if (!values.empty() && values.back() == sample[i]) {
      ++cumulative.back();
    } else {
      values.push_back(sample[i]);
      cumulative.push_back(i + 1);
    }
  }
  OneSampleKs result;
  result.draws = sample.size();
  const Ball n(Rational(static_cast<long>(result.draws)));
  const auto fraction = [&](std::uint64_t count) { return Ball(Rational(static_cast<long>(count))) / n; };
  const auto below = [&](std::size_t j) -> std::uint64_t { return j == 0 ? 0 : cumulative[j - 1]; };
  bool first = true;
  const auto consider = [&](const Ball& difference, double at) {
    if (!difference.is_finite()) throw std::logic_error("one_sample_ks: CDF enclosure not finite");
    const Rational upper = difference.upper_rational();
    if (first || upper > result.upper) {
      result.upper = upper;
      result.at = at;
      first = false;
    }
  };
  // Grid of evaluated indices: 0, stride, 2 stride, ..., and the last.
  std::vector<std::size_t> grid;
  for (std::size_t j = 0; j < values.size(); j += stride) grid.push_back(j);
  if (grid.back() != values.size() - 1) grid.push_back(values.size() - 1);
  std::vector<Ball> at_grid;
  at_grid.reserve(grid.size());
  for (const std::size_t j : grid) {
    at_grid.push_back(cdf(values[j]));
    ++result.evaluations;
    // Exact terms at the evaluated value itself.
    consider(abs(fraction(cumulative[j]) - at_grid.back()), values[j]);
    consider(abs(fraction(below(j)) - at_grid.back()), values[j]);
  }
  // Values strictly inside a cell (g_a, g_b): c_j <= c_{b-1} and c_{j-1} >= c_a.
  for (std::size_t g = 0; g + 1 < grid.size(); ++g) {
    const std::size_t a = grid[g];
    const std::size_t b = grid[g + 1];
    if (b <= a + 1) continue;
    const Ball lower_f(at_grid[g].lower_rational());
    const Ball upper_f(at_grid[g + 1].upper_rational());
    consider(fraction(cumulative[b - 1]) - lower_f, values[a]);
    consider(upper_f - fraction(cumulative[a]), values[a]);
  }
  return result;
}

TwoSampleKs two_sample_ks(std::vector<double> first, std::vector<double> second) {
  if (first.empty() || second.empty()) throw std::invalid_argument("two_sample_ks: empty sample");
  std::sort(first.begin(), first.end());
  std::sort(second.begin(), second.end());
  const auto n1 = static_cast<std::int64_t>(first.size());
  const auto n2 = static_cast<std::int64_t>(second.size());
  // |i/n1 - j/n2| = |i n2 - j n1| / (n1 n2); track the integer numerator (|.| < 2^63 for n < 2^31).
  if (n1 > (std::int64_t{1} << 31) || n2 > (std::int64_t{1} << 31)) {
    throw std::invalid_argument("two_sample_ks: samples above 2^31 values");
  }
  std::size_t i = 0;
  std::size_t j = 0;
  std::int64_t best = 0;
  double at = first.front();
  while (i < first.size() || j < second.size()) {
    double value;
    if (j >= second.size() || (i < first.size() && first[i] <= second[j])) {
      value = first[i];
    } else {
      value = second[j];
    }
    while (i < first.size() && first[i] == value) ++i;
    while (j < second.size() && second[j] == value) ++j;
    const std::int64_t gap = static_cast<std::int64_t>(i) * n2 - static_cast<std::int64_t>(j) * n1;
    const std::int64_t magnitude = gap < 0 ? -gap : gap;
    if (magnitude > best) {
      best = magnitude;
      at = value;
    }
  }
  TwoSampleKs result;
  result.distance = Rational(Integer(best), Integer(n1) * Integer(n2));
  result.at = at;
  result.first_draws = static_cast<std::uint64_t>(n1);
  result.second_draws = static_cast<std::uint64_t>(n2);
  return result;
}

Ball two_sample_ks_radius(std::uint64_t first_draws, std::uint64_t second_draws, const Rational& gamma) {
  if (first_draws == 0 || second_draws == 0 || gamma <= 0 || gamma >= 4) {
    throw std::invalid_argument("two_sample_ks_radius: need N1, N2 >= 1 and 0 < gamma < 4");
  }
  const Ball log_term = log(Ball(Rational(4) / gamma));
  return sqrt(log_term / Ball(Rational(2 * Integer(first_draws)))) +
         sqrt(log_term / Ball(Rational(2 * Integer(second_draws))));
}

Rational round_up_decimals(const Rational& x, int decimals) {
  Integer scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  return Rational(ceil_of(x * scale), scale);
}

}  // namespace dpsi::sampling
