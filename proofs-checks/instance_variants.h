// File: proofs-checks/instance_variants.h
// Instances the reduction and rejection checks run on besides the audited one: the audited
// parameters at another size or measurement noise, and the E test instance of spec E (Erratum 9).
#pragma once

#include "dpsi/params/instance.h"

namespace dpsi::checks {

// The audited a, delta, tau, sigma_y, kappa* with the given n and m (throws InvalidParameters).
inline Instance with_size(const Instance& audited, int n, int m) {
  ParameterValues values = audited.values();
  values.n = n;
  values.m = m;
  return Instance::from(values);
}

// `base` with another sigma_y.
inline Instance with_sigma_y(const Instance& base, const Rational& sigma_y) {
  ParameterValues values = base.values();
  values.sigma_y = sigma_y;
  return Instance::from(values);
}

// The E test instance: n = m = 3, a = 1, delta = 1/2, tau = 1/1000, sigma_y = 1/5, kappa* = 1/2.
inline Instance rejection_test_instance() {
  ParameterValues values;
  values.n = 3;
  values.m = 3;
  values.a = 1;
  values.delta = Rational(1, 2);
  values.tau = Rational(1, 1000);
  values.sigma_y = Rational(1, 5);
  values.kappa_star = Rational(1, 2);
  return Instance::from(values);
}

}  // namespace dpsi::checks
