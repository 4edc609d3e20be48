// File: dpsi/peers/easy_instance.h
// The easy instance: the MCGdiff Gaussian-mixture benchmark (Cardoso et al., ICLR 2024,
// arXiv:2308.07983; code gabrielvc/mcg_diff scripts/viz_gaussian.py), whose posterior is known in
// closed form (gaussian_mixture_prior.h), so the practical samplers can be scored against exact
// posterior samples.
//
//  * Prior: 25 components N(mu_k, I_d); mu for (i, j) in {-2..2}^2 (k = 5 (i + 2) + (j + 2)) is the
//    2-D point (8i, 8j) repeated d/2 times, i.e. (8i, 8j, 8i, 8j, ...); weights w_k = g_k^2 / sum g^2
//    with g_k i.i.d. N(0, 1) (MCGdiff's normalized squared normals).
//  * Measurement: A = U diag(s) V^T (d_y x d), U a Haar d_y x d_y orthogonal matrix, V a d x d_y
//    matrix with orthonormal columns uniform on the Stiefel manifold, each from Gram-Schmidt on a
//    matrix of i.i.d. normals (Gram-Schmidt is the QR factor with positive diagonal R, whose Q is
//    Haar/Stiefel-uniform; the SVD factors of a Gaussian matrix have that same law, so this equals
//    MCGdiff's "Gaussian matrix, keep U and V" in law); s = d_y U(0,1) draws sorted descending;
//    sigma_y = U(0,1) * s_1; y = A x* + sigma_y xi with x* drawn from the prior.
//    Uniforms here are (word >> 11 + 1/2) 2^-53, in the open interval (0, 1), so s and sigma_y are > 0.
//  * Draw order from RandomSource(seed): 25 normals (weights), d_y^2 normals (U, row-major),
//    d d_y normals (V, row-major), d_y uniforms (s), one uniform (sigma_y factor), x* (prior draw),
//    d_y normals (xi). A seed reproduces the problem bit for bit.
#pragma once

#include <cstdint>
#include <vector>

#include "dpsi/peers/gaussian_mixture_prior.h"
#include "dpsi/peers/linear_measurement.h"

namespace dpsi::peers {

struct EasyProblem {
  int d = 0;
  int d_y = 0;
  std::uint64_t seed = 0;
  GaussianMixturePrior prior;
  LinearMeasurement measurement;
  std::vector<double> x_star;           // the hidden signal, a prior draw
  std::vector<double> left;             // U, d_y x d_y row-major, orthogonal
  std::vector<double> right;            // V, d x d_y row-major, orthonormal columns
  std::vector<double> singular_values;  // s, descending, in (0, 1)
};

inline constexpr int kEasyComponents = 25;
inline constexpr double kEasyGridSpacing = 8.0;
inline constexpr int kEasyMaxDimension = 800;
inline constexpr int kEasyMaxMeasurements = 16;

// The 25-component grid prior in dimension d with the given (unnormalized) weights.
GaussianMixturePrior easy_grid_prior(int d, std::vector<double> weights);

// Throws std::invalid_argument unless d is even, 2 <= d <= 800 and 1 <= d_y <= min(d, 16).
EasyProblem make_easy_problem(int d, int d_y, std::uint64_t seed);

namespace detail {
// Gram-Schmidt (modified, applied twice for orthogonality to rounding level) on the columns of a
// rows x cols row-major matrix, rows >= cols; returns the orthonormal Q (rows x cols). Throws
// std::invalid_argument if a column is (numerically) dependent on the previous ones.
std::vector<double> orthonormalize_columns(std::vector<double> matrix, int rows, int cols);
}  // namespace detail

}  // namespace dpsi::peers
