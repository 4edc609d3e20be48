// File: tests/support/instance_generators.h
// RapidCheck generator of instance parameters inside the valid domain P.1-P.8 (spec/instance.md).
#pragma once

#include <rapidcheck.h>

#include "dpsi/params/instance.h"
#include "support/generators.h"

namespace dpsi::testing {

// n and m as given; a in [1/2, 2]; delta = 1/N with N in {2, 4, 5, 10, 20, 40} (P.4: 4N^2 is an
// integer); tau in [1e-4, 1/50]; sigma_y in [1e-4, 1/10]; kappa* = 3/10, which satisfies P.7
// (tau < 3/10 <= 0.9 a / sqrt 2 for a >= 1/2) and P.8 for every such delta (2 pi^2 v*/delta^2 >= 6.5 > ln 3).
inline rc::Gen<ParameterValues> valid_parameters(int n, int m) {
  return rc::gen::apply(
      [n, m](const Rational& a, int spacing, const Rational& tau, const Rational& sigma_y) {
        ParameterValues values;
        values.n = n;
        values.m = m;
        values.a = a;
        values.delta = Rational(1, spacing);
        values.tau = tau;
        values.sigma_y = sigma_y;
        values.kappa_star = Rational(3, 10);
        return values;
      },
      rational_in(Rational(1, 2), Rational(2)), rc::gen::element(2, 4, 5, 10, 20, 40),
      rational_in(Rational(1, 10000), Rational(1, 50)), rational_in(Rational(1, 10000), Rational(1, 10)));
}

}  // namespace dpsi::testing
