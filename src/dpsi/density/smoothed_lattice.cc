#include "dpsi/density/smoothed_lattice.h"

#include <stdexcept>

#include "dpsi/fault/fault_point.h"
#include "dpsi/numeric/theta.h"

namespace dpsi::density {
namespace {

void validate(int b, const Ball& kappa) {
  if (b != 0 && b != 1) throw std::invalid_argument("phase b must be 0 or 1");
  if (!is_certainly_true(gt(kappa, Ball(0)))) throw std::invalid_argument("kappa must be certainly positive");
}

struct Geometry {
  Ball one_plus;  // 1 + kappa^2
  Ball mu;        // t / (1 + kappa^2)
  Ball v;         // kappa^2 / (1 + kappa^2)
  Ball phase;     // theta_b = b delta / 2
};

Geometry geometry(int b, const Ball& kappa, const Ball& t, const Rational& delta) {
  const Ball kappa2 = sqr(kappa);
  const Ball one_plus = Ball(1) + kappa2;
  const int phase_bit = DPSI_FAULT("density.smoothed-lattice-wrong-phase") ? 1 - b : b;
  return {one_plus, t / one_plus, kappa2 / one_plus, Ball(Rational(phase_bit * delta / 2))};
}

}  // namespace

SmoothedLattice lattice_form(int b, const Ball& kappa, const Ball& t, const Rational& delta) {
  validate(b, kappa);
  return lattice_form(b, kappa, t, delta, theta::lattice_gaussian_sum(Ball(Rational(b * delta / 2)), Ball(0), Ball(1), delta));
}

Ball normaliser(int b, const Rational& delta) {
  if (b != 0 && b != 1) throw std::invalid_argument("phase b must be 0 or 1");
  Ball z = sqrt(Ball(2) * Ball::pi()) / Ball(delta) * theta::theta(Ball(Rational(b * delta / 2)), Ball(1), delta);
  if (DPSI_FAULT("density.normaliser-1ppm")) z *= Ball(Rational(1000001, 1000000));
  return z;
}

SmoothedLattice lattice_form(int b, const Ball& kappa, const Ball& t, const Rational& delta, const Ball& normaliser) {
  validate(b, kappa);
  const Geometry g = geometry(b, kappa, t, delta);
  const theta::LatticeMoments posterior = theta::lattice_gaussian_moments(g.phase, g.mu, g.v, delta);
  const Ball kappa2 = sqr(kappa);
  const Ball envelope = exp(-sqr(t) / (Ball(2) * g.one_plus)) / sqrt(Ball(2) * Ball::pi() * kappa2);
  // The moments are about mu: m_b = mu + M1/S (without g.mu: the fault "density.lattice-form-mean-drops-mu").
  const Ball mean = DPSI_FAULT("density.lattice-form-mean-drops-mu") ? posterior.first_moment / posterior.sum
                                                                     : g.mu + posterior.first_moment / posterior.sum;
  return {envelope * posterior.sum / normaliser, (mean - t) / kappa2, mean};
}

SmoothedLattice theta_form(int b, const Ball& kappa, const Ball& t, const Rational& delta) {
  validate(b, kappa);
  const Geometry g = geometry(b, kappa, t, delta);
  const Ball u = g.mu - g.phase;
  const Ball theta_v = theta::theta(u, g.v, delta);
  const Ball theta_du_v = theta::theta_du(u, g.v, delta);
  const Ball ratio = theta_v / theta::theta(g.phase, Ball(1), delta);
  const Ball gaussian = exp(-sqr(t) / (Ball(2) * g.one_plus)) / sqrt(Ball(2) * Ball::pi() * g.one_plus);
  const Ball drift = DPSI_FAULT("density.theta-form-score-sign") ? t / g.one_plus : -t / g.one_plus;
  const Ball score = drift + theta_du_v / (g.one_plus * theta_v);
  const Ball kappa2 = sqr(kappa);
  return {gaussian * ratio, score, t + kappa2 * score};
}

}  // namespace dpsi::density
