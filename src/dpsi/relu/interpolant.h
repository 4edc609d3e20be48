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
#include <string>
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

// One output of a network as a function of one input, read off the network's weights (so a check
// can certify the very network object that is evaluated, on the whole line, not at sampled points).
// Proof obligation, verified here: the output's affine form reads no input other than `input`, and
// every unit it reads with a nonzero weight is ReLU(a x_input + b), reading no node but `input`.
// Then output(x) = g(x_input) for every x in R^d, with
//   g(x) = c0 + c1 x + sum_u w_u ReLU(a_u x + b_u),
// piecewise linear with slope changes only at the points -b_u/a_u (a_u != 0), by w_u |a_u| there.
// Returned exactly: the kinks (sorted, only where the total slope change is nonzero), the slopes
// left of the first and right of the last kink, and g at each of `points` (any order). If the
// obligation fails, `defect` says why (non-empty) and nothing else is set.
struct CoordinateFunction {
  std::string defect;
  std::vector<Rational> kinks;
  Rational left_slope{0};
  Rational right_slope{0};
  std::vector<Rational> values;  // g(points[k])
};
CoordinateFunction coordinate_function(const Network& network, std::size_t output, NodeId input,
                                       std::span<const Rational> points);

// The interpolant itself by its definition (find the interval, interpolate linearly): the
// reference the networks are checked against.
Rational interpolate(std::span<const Knot> knots, const Rational& x);

}  // namespace dpsi::relu
