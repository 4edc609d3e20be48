// File: dpsi/stats/sliced_wasserstein.h
// The sliced Wasserstein-2 distance between two point clouds, the sample-quality metric of the
// Gaussian-mixture benchmarks (MCGdiff, Cardoso et al. 2024, arXiv:2308.07983; TMPD, Boys et al. 2024,
// arXiv:2310.06721):
//
//   SW2(mu, nu) = ( E_theta W2^2(theta#mu, theta#nu) )^{1/2},  theta uniform on S^{d-1},
//
// estimated with L directions theta_l (normalized vectors of standard normals from a RandomSource) by
//   SW2_hat = sqrt( (1/L) sum_l W2^2(<theta_l, X>, <theta_l, Y>) ),
// the convention of POT's ot.sliced_wasserstein_distance (p = 2: the p-th root of the mean of the
// projected W_p^p; Flamary et al., JMLR 22(78), 2021, ot/sliced.py), which TMPD's GMM script uses.
//
// Each 1-D W2 is exact between the two empirical measures (uniform weights 1/n1 and 1/n2): with both
// projections sorted, the optimal (monotone, quantile) coupling gives
//   W2^2 = int_0^1 (F^{-1}(t) - G^{-1}(t))^2 dt,
// a sum over the merged breakpoints {i/n1} u {j/n2} (piece lengths exact in integer units of
// 1/(n1 n2)); for n1 = n2 it is the mean squared difference of the sorted samples.
//
// Error: the only approximation beyond the empirical measures themselves is Monte Carlo over the
// directions: SW2_hat^2 is an unbiased mean of L i.i.d. terms, so its standard error is
// sd_theta(W2^2) / sqrt(L), reported as `mean_square_standard_error` (the sample standard deviation of
// the L terms over sqrt(L)). Against the populations, the empirical SW2 carries the usual plug-in
// bias (positive, of order the floor between two independent samples of one law, which the
// easy-instance runner measures as its "exact" row).
// Cost: O(L (n1 + n2) d) for the projections plus O(L (n1 log n1 + n2 log n2)) for the sorts; memory
// O(n1 + n2) beyond the inputs.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "dpsi/sampling/exact_sampler.h"

namespace dpsi::stats {

// Exact W2^2 between the empirical measures of two sorted (ascending) 1-D samples. Throws
// std::invalid_argument if either is empty.
double wasserstein2_squared_sorted(std::span<const double> first, std::span<const double> second);
// The same for unsorted samples (sorts copies).
double wasserstein2_squared_1d(std::span<const double> first, std::span<const double> second);

struct SlicedWasserstein {
  double distance = 0;                    // sqrt(mean_square)
  double mean_square = 0;                 // (1/L) sum_l W2_l^2
  double mean_square_standard_error = 0;  // sample sd of the W2_l^2 / sqrt(L) (0 for L = 1)
  std::size_t directions = 0;
};

// One unit direction in R^d: a normalized vector of d standard normals (fill_standard_normals),
// uniform on the sphere. Throws std::invalid_argument for d < 1.
std::vector<double> random_direction(int d, sampling::RandomSource& source);

// SW2 between `first` (n1 x d row-major, n1 = first.size() / d) and `second` (n2 x d) over
// `directions` >= 1 directions drawn from `source` in order. Throws std::invalid_argument for d < 1,
// sizes not multiples of d, an empty cloud or zero directions.
SlicedWasserstein sliced_wasserstein2(std::span<const double> first, std::span<const double> second, int d,
                                      std::size_t directions, sampling::RandomSource& source);

// SW2 between `reference` and each of `clouds`, with the same directions for every cloud (common
// random numbers: differences between clouds are then not blurred by different directions), and the
// reference projected and sorted once per direction. Equal, for every cloud, to sliced_wasserstein2
// with a source in the same state.
std::vector<SlicedWasserstein> sliced_wasserstein2_many(std::span<const double> reference,
                                                        const std::vector<std::span<const double>>& clouds, int d,
                                                        std::size_t directions, sampling::RandomSource& source);

}  // namespace dpsi::stats
