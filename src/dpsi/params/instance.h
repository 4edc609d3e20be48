// File: dpsi/params/instance.h
// The instance parameters (n, m, a, delta, tau, sigma_y, kappa*), their constraints P.1-P.8
// (spec/instance.md), and the derived quantities the lemmas use.
//
// Parameters are exact rationals parsed from decimal text; constraints are decided exactly where
// they are rational (P.1-P.7) and by a certified enclosure otherwise (P.8). An undecided
// enclosure counts as a violation: a parameter set is valid only if every constraint is proven.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/certainty.h"
#include "dpsi/numeric/rational.h"

namespace dpsi {

// Raw values as given (n and m may still be non-integers here; P.1/P.2 reject them).
struct ParameterValues {
  Rational n{16};
  Rational m{16};
  Rational a{1};
  Rational delta{Rational(1, 20)};
  Rational tau{Rational(1, 1000)};
  Rational sigma_y{Rational(25, 10000)};
  Rational kappa_star{Rational(1, 10)};

  static ParameterValues defaults() { return {}; }
};

struct ConstraintResult {
  std::string id;         // "P.1" ... "P.8"
  std::string statement;  // e.g. "tau < kappa* <= (a - gamma)/sqrt(2), gamma = a/10"
  Certainty holds = Certainty::kUndecided;
  std::string detail;     // the values that decided it
};

// Evaluates P.1-P.8 in order. Constraints that need earlier ones (P.8 needs kappa* > 0) report
// kUndecided with a detail saying so when those fail.
std::vector<ConstraintResult> evaluate_constraints(const ParameterValues& values);

// Thrown by Instance::from; what() is one line naming every violated constraint.
class InvalidParameters : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// A validated parameter set.
class Instance {
 public:
  // Throws InvalidParameters unless every constraint P.1-P.8 is certainly satisfied.
  static Instance from(const ParameterValues& values);
  static Instance defaults() { return from(ParameterValues::defaults()); }

  int n() const { return n_; }
  int m() const { return m_; }
  int d() const { return n_ + m_; }
  const Rational& a() const { return values_.a; }
  const Rational& delta() const { return values_.delta; }
  const Rational& tau() const { return values_.tau; }
  const Rational& sigma_y() const { return values_.sigma_y; }
  const Rational& kappa_star() const { return values_.kappa_star; }
  Rational gamma() const { return values_.a / 10; }  // soft-bit width (C.4)
  const ParameterValues& values() const { return values_; }

 private:
  explicit Instance(const ParameterValues& values);
  ParameterValues values_;
  int n_;
  int m_;
};

// A derived quantity: its symbol, meaning, and enclosure at the working precision.
struct DerivedQuantity {
  std::string symbol;
  std::string meaning;
  Ball value;
};

// d, gamma, nu, z, sigma*, v*, Theta(v*), delta/(4 tau), 2 Phibar(z), 4 m Phibar(z),
// n Phibar(a/tau), and the B.2 success bound for (alpha, beta) = (1/10, 1/10).
std::vector<DerivedQuantity> derived_quantities(const Instance& instance);

}  // namespace dpsi
