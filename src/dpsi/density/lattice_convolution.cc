#include "dpsi/density/lattice_convolution.h"

#include <cmath>
#include <stdexcept>

#include "dpsi/fault/fault_point.h"

namespace dpsi::density {

ValueAndDerivative lattice_convolution(int b, const Ball& kappa, const Ball& t, const Rational& delta,
                                       const Ball& normaliser) {
  if (b != 0 && b != 1) throw std::invalid_argument("phase b must be 0 or 1");
  if (delta <= 0) throw std::invalid_argument("delta must be positive");
  if (!is_certainly_true(gt(kappa, Ball(0)))) throw std::invalid_argument("kappa must be certainly positive");
  if (!t.is_finite()) throw std::invalid_argument("t must be finite");
  const long precision = working_precision();
  const Ball kappa2 = sqr(kappa);
  const Ball radius = kappa * sqrt(Ball(2 * (precision + 64)) * log(Ball(2))) + Ball(delta);
  // Lattice points w = k delta/2 with k = b (mod 2) and |w - t| <= R: k from ceil(2(t-R)/delta) to
  // floor(2(t+R)/delta), taken generously from double bounds (extra points only add exact terms).
  const double half_step = (delta / 2).convert_to<double>();
  const double lo = (t.lower_double() - radius.upper_double()) / half_step;
  const double hi = (t.upper_double() + radius.upper_double()) / half_step;
  long k_first = static_cast<long>(std::floor(lo)) - 1;
  const long k_last = static_cast<long>(std::ceil(hi)) + 1;
  if (((k_first % 2) + 2) % 2 != b) ++k_first;
  const Ball gaussian_norm = kappa * sqrt(Ball(2) * Ball::pi());
  Ball value;
  Ball derivative;
  for (long k = k_first; k <= k_last; k += 2) {
    const Ball w(Rational(k) * delta / 2);
    const Ball z = t - w;
    const Ball term = exp(-sqr(w) / Ball(2)) * exp(-sqr(z) / (Ball(2) * kappa2)) / gaussian_norm;
    value += term;
    if (DPSI_FAULT("density.convolution-derivative-sign")) {
      derivative += term * z / kappa2;
    } else {
      derivative -= term * z / kappa2;
    }
  }
  // The omitted terms of sum_w D_b(w) phi_kappa(t - w) are at most phi_kappa(R) times sum D_b <= 1.
  ValueAndDerivative result{value / normaliser, derivative / normaliser};
  const Ball tail = exp(-sqr(radius) / (Ball(2) * kappa2)) / gaussian_norm;  // phi_kappa(R)
  add_error(result.value, tail);
  add_error(result.derivative, radius * tail / kappa2);
  return result;
}

}  // namespace dpsi::density
