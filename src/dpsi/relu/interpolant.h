// File: dpsi/relu/interpolant.h
// The one-dimensional piecewise-linear networks of spec C.1(iii), with exact rational knots and
// weights:
//   m_hat(x) = m(t_0) + sum_{k=0}^{K} (lambda_k - lambda_{k-1}) ReLU(x - t_k),
//   lambda_k = (m(t_{k+1}) - m(t_k)) / (t_{k+1} - t_k)  (0 <= k < K),  lambda_{-1} = lambda_K = 0,
// the interpolant through (t_k, m(t_k)), linear between knots and constant outside [t_0, t_K]
// (K + 1 units, one hidden layer); and the score network
//   psi_hat(x) = (m_hat(x) - ReLU(x) + ReLU(-x)) / kappa^2   (K + 3 units).
// Everything is exact: the networks evaluated in rationals equal the interpolant exactly.
#pragma once

#include <span>
#include <vector>

#include "dpsi/numeric/rational.h"
#include "dpsi/relu/network.h"

namespace dpsi::relu {

struct Knot {
  Rational t;      // abscissa t_k
  Rational value;  // m(t_k)
};

// Throws std::invalid_argument unless there is at least one knot and the t_k strictly increase.
Network interpolant_network(std::span<const Knot> knots);
// kappa2 = kappa^2 > 0 (throws std::invalid_argument otherwise, or for bad knots as above).
Network score_interpolant_network(std::span<const Knot> knots, const Rational& kappa2);

// The interpolant itself by its definition (find the interval, interpolate linearly): the
// reference the networks are checked against.
Rational interpolate(std::span<const Knot> knots, const Rational& x);

}  // namespace dpsi::relu
