// File: dpsi/density/vertex_mixture.h
// The instance g~ as the uniform mixture of 2^n vertex distributions (spec A.1) and its exact
// smoothed log-density and score by enumerating every seed (spec R.4, recipe R4), for n <= 20:
//
//   g~_sigma(x) = 2^-n sum_s c_s(x),   c_s(x) = prod_j phi_kappa(x_{S,j} - a u_j(s)) prod_i h_{f(s)_i}(x_{F,i}),
//   kappa = sqrt(tau^2 + sigma^2), u_j(s) = 2 s_j - 1, h_b = h_b^(kappa) of spec C.5,
//
// and, with w_s = c_s / sum c, P_j = sum_{s_j = 1} w_s, pi_i = sum_{f(s)_i = 1} w_s (spec A.4):
//
//   s_sigma(x)_{S,j} = (-x_{S,j} + a (2 P_j - 1)) / kappa^2,
//   s_sigma(x)_{F,i} = (1 - pi_i) psi_0(x_{F,i}) + pi_i psi_1(x_{F,i}).
//
// Method (R4). The tables log phi_kappa(x_{S,j} -+ a), log h_b(x_{F,i}) and psi_b(x_{F,i}) are
// computed once per point (h_b, psi_b by smoothed_lattice.h, lattice form when v < delta^2/(2 pi),
// theta form otherwise, as R1 advises). Seeds are visited in Gray-code order, so the seed part of
// log c_s changes by one table difference per step; the f-part is a sum of ceil(m/8) byte-table
// entries (partial sums over 8 output bits). c_s = exp(log c_s) needs no max-shift: Arb exponents
// do not overflow or underflow. Cost O(2^n (n + m)) ball operations and 2^n exponentials per
// point, plus one evaluation of f per seed when the mixture is built (cached).
//
// Error bound. Every result is a Ball enclosing the exact value for every point of the input
// balls: all arithmetic is Arb ball arithmetic at the caller's working precision and the series of
// smoothed_lattice.h carry certified remainders. Radii grow with the 2^n-term sums and the 2^n
// Gray-code updates (about 2^n 2^-prec times the largest table entry); callers that need a given
// accuracy check the result's radius and raise the precision (as `dpsi score` does).
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "dpsi/numeric/ball.h"
#include "dpsi/owf/one_way_function.h"
#include "dpsi/params/instance.h"

namespace dpsi::density {

inline constexpr int kMaxEnumeratedSeedBits = 20;

struct ExactScore {
  Ball log_density;                  // log g~_sigma(x)
  std::vector<Ball> score;           // s_sigma(x), d = n + m coordinates (seed block first)
  std::vector<Ball> seed_marginals;  // P_j(x) = P(s_j = 1 | x), j = 1..n
  // 1 - P_j(x) = P(s_j = 0 | x), summed separately (not as 1 - P_j) so it keeps its relative
  // accuracy when it is e^-1000; score() fills it, score_direct() too.
  std::vector<Ball> seed_complements;
  std::vector<Ball> image_marginals; // pi_i(x) = P(f(s)_i = 1 | x), i = 1..m
  // Filled by score_with_component only: log c_s(x) and grad log c_s(x) for the requested seed.
  Ball component_log;
  std::vector<Ball> component_score;
};

// The seed posterior given a measurement y = A x + sigma_y xi (spec A.5): with nu^2 = tau^2 +
// sigma_y^2, p(s | y) is proportional to prod_i h^(nu)_{f(s)_i}(y_i).
struct SeedPosterior {
  Ball log_evidence;          // log p_Y(y) = log(2^-n sum_s prod_i h^(nu)_{f(s)_i}(y_i))
  std::vector<Ball> weights;  // p(s | y), indexed by the seed index of OneWayFunction::seed_of_index
};

class VertexMixture {
 public:
  // Tabulates f(s) for all 2^n seeds. Throws std::invalid_argument if n > kMaxEnumeratedSeedBits.
  explicit VertexMixture(const Instance& instance);

  const Instance& instance() const { return instance_; }
  int n() const { return instance_.n(); }
  int m() const { return instance_.m(); }
  std::uint64_t seed_count() const { return std::uint64_t{1} << instance_.n(); }
  // Bit i (0-based, i.e. f(s)_{i+1}) of f(seed with this index).
  int image_bit(std::uint64_t seed_index, int i) const;
  owf::Bits image(std::uint64_t seed_index) const;

  // kappa = sqrt(tau^2 + sigma^2) for sigma >= 0 (sigma = 0 gives g~ itself).
  Ball kappa_of(const Ball& sigma) const;

  // Log-density and score of g~ * N(0, sigma^2 I) at x, where kappa = kappa_of(sigma): the R4
  // path (Gray code, byte tables). x has d = n + m coordinates (throws std::invalid_argument
  // otherwise, or if kappa is not certainly positive).
  ExactScore score(std::span<const Ball> x, const Ball& kappa) const;
  // score() plus log c_s and grad log c_s for one seed, from the same tables (spec C.2 compares the
  // score with the vertex score of the orthant seed; this costs one table build instead of three).
  ExactScore score_with_component(std::span<const Ball> x, const Ball& kappa, std::uint64_t seed_index) const;
  // The same quantities from a direct evaluation: every c_s as a product of densities (no logs,
  // no Gray code, no tables) and plain sums; the independent route of check R.4.
  ExactScore score_direct(std::span<const Ball> x, const Ball& kappa) const;

  // log c_s(x) for one seed (one evaluation of the tables); w_s(x) = exp(log c_s - log sum c).
  Ball log_component(std::span<const Ball> x, const Ball& kappa, std::uint64_t seed_index) const;
  // grad log c_s(x): (-x_{S,j} + a u_j(s)) / kappa^2 and psi_{f(s)_i}(x_{F,i}) (spec C.2's vertex score).
  std::vector<Ball> component_score(std::span<const Ball> x, const Ball& kappa, std::uint64_t seed_index) const;

  // p(s | y) and log p_Y(y) for y in R^m (throws std::invalid_argument unless y.size() == m).
  SeedPosterior posterior(std::span<const Ball> y) const;

 private:
  ExactScore score_impl(std::span<const Ball> x, const Ball& kappa, const std::uint64_t* component_seed) const;
  std::pair<Ball, std::vector<Ball>> component(std::span<const Ball> x, const Ball& kappa, std::uint64_t seed_index) const;

  Instance instance_;
  int words_per_image_;
  std::vector<std::uint64_t> images_;  // f(s) packed: bit i of the image in word i / 64, bit i % 64
};

}  // namespace dpsi::density
