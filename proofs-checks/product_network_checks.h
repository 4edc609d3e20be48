// File: proofs-checks/product_network_checks.h
// Checks of spec C.3 (product distributions): parallel composition of networks and the
// coordinatewise score of a product law (the vertex components c_s^(kappa)).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "dpsi/audit/registry.h"
#include "dpsi/density/vertex_mixture.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/relu/network.h"
#include "proofs-checks/vertex_mixture_checks.h"

namespace dpsi::checks {

void register_product_network_checks(audit::Registry& registry);

namespace detail {

// C.3:parallel-composition for one list of parts, against candidate composites `dag` (claimed
// parallel(parts)) and `layered` (claimed parallel_strictly_layered(parts)).
struct ParallelComparison {
  std::size_t points = 0;        // points evaluated
  std::size_t points_agree = 0;  // points where both composites equal the parts coordinatewise, exactly
  std::size_t expected_dag_units = 0;      // sum of the parts' units
  std::size_t expected_layered_units = 0;  // that sum + parallel_padding_units(parts)
  bool shapes_agree = false;  // unit counts as expected, depth max_k D_k, inputs/outputs summed,
                              // `layered` strictly layered (and Network::strictly_layered_units()
                              // adds no copies to it)
};
ParallelComparison compare_parallel(std::span<const relu::Network> parts, const relu::Network& dag,
                                    const relu::Network& layered, std::span<const std::vector<Rational>> points);

// log c_s^(kappa)(x) and its gradient by forward-mode differentiation of the product
// prod_j phi_kappa(x_{S,j} - a u_j(s)) prod_i h_{f(s)_i}(x_{F,i}) over all d coordinates, h_b and h_b'
// summed term by term over the lattice (lattice_convolution.h): the independent route of
// C.3:product-score (no log-densities per coordinate, no theta forms, no posterior means).
Dual log_component_forward_mode(const density::VertexMixture& mixture, std::span<const Ball> x, const Ball& kappa,
                                std::uint64_t seed_index);

}  // namespace detail

}  // namespace dpsi::checks
