#include "dpsi/density/score_error_bounds.h"

#include <stdexcept>

#include "dpsi/fault/fault_point.h"

namespace dpsi::density {

OrthantBounds orthant_bounds(const Instance& instance, const Ball& kappa) {
  if (!is_certainly_true(gt(kappa, Ball(0)))) throw std::invalid_argument("kappa must be certainly positive");
  const Ball a(instance.a());
  const Ball n(instance.n());
  const Ball m(instance.m());
  const Ball lattice_term = m * sqr(Ball(instance.delta())) / Ball(4);  // m delta^2 / 4
  const Ball kappa4 = sqr(sqr(kappa));
  OrthantBounds bounds;
  bounds.p = normal_tail(a / kappa);
  const Ball orthants = DPSI_FAULT("density.misclassification-n-minus-1") ? n - Ball(1) : n;
  bounds.misclassification = -expm1(orthants * log1p(-bounds.p));
  bounds.expected_error = (Ball(DPSI_FAULT("density.expected-error-2a2-for-4a2") ? 2 : 4) * sqr(a) * n * bounds.p + lattice_term * bounds.misclassification) / kappa4;
  // M = (sqrt(4 a^2 n + m delta^2/4)/kappa^2)^2: kappa^4 (kappa^2 is the fault "density.pointwise-factor-kappa2").
  bounds.pointwise_factor = (Ball(4) * sqr(a) * n + lattice_term) / (DPSI_FAULT("density.pointwise-factor-kappa2") ? sqr(kappa) : kappa4);
  return bounds;
}

}  // namespace dpsi::density
