// File: dpsi/density/smoothed_lattice.h
// The smoothed discretized Gaussian of spec C.5: the density h_b^(kappa) of t = w + kappa Z with
// w ~ D_b (lattice Lambda_b = delta Z + b delta/2, envelope N(0,1)), its score psi_b = d/dt log h_b,
// and the lattice-posterior mean m_b(t) = E[w | t], each in the two exact forms of C.5(a):
//   lattice form  h_b(t) = (2 pi kappa^2)^{-1/2} e^{-t^2/(2(1+kappa^2))} Z_b^{-1} sum_{w in Lambda_b} e^{-(w-mu)^2/(2v)},
//                 m_b(t) = mu + sum (w-mu) e^{...} / sum e^{...},   psi_b = (m_b - t)/kappa^2;
//   theta form    h_b(t) = phi_{sqrt(1+kappa^2)}(t) theta(mu - theta_b; v) / theta(theta_b; 1),
//                 psi_b(t) = -t/(1+kappa^2) + theta'(mu - theta_b; v) / ((1+kappa^2) theta(mu - theta_b; v)),
// with mu = t/(1+kappa^2), v = kappa^2/(1+kappa^2), theta_b = b delta/2. Both are enclosures (Ball)
// valid for every point of the input balls, with the certified remainders of dpsi/numeric/theta.h;
// they are computed independently (lattice sums vs. theta series), which is what C.5(a) checks.
// R1's regime advice: the lattice form is cheap when v < delta^2/(2 pi), the theta form otherwise;
// both are correct everywhere.
#pragma once

#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/rational.h"

namespace dpsi::density {

struct SmoothedLattice {
  Ball density;         // h_b^(kappa)(t)
  Ball score;           // psi_b^(kappa)(t)
  Ball posterior_mean;  // m_b(t)
};

// b in {0, 1}; kappa > 0; throws std::invalid_argument otherwise.
SmoothedLattice lattice_form(int b, const Ball& kappa, const Ball& t, const Rational& delta);
// The lattice form with a given enclosure of Z_b = sum_{w in Lambda_b} e^{-w^2/2}: computing Z_b by
// its lattice sum (as the overload above does) costs some 750 exponentials at delta = 1/20, far more
// than the rest; callers evaluating many points compute it once (e.g. by normaliser() below).
SmoothedLattice lattice_form(int b, const Ball& kappa, const Ball& t, const Rational& delta, const Ball& normaliser);
// Z_b by its theta form (sqrt(2 pi)/delta) theta(theta_b; 1) (spec A.2), a few series terms.
Ball normaliser(int b, const Rational& delta);
SmoothedLattice theta_form(int b, const Ball& kappa, const Ball& t, const Rational& delta);

}  // namespace dpsi::density
