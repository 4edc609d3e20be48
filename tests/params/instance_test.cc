// Tests for dpsi/params/instance.h: the constraints P.1-P.8 and their one-line error.
#include "dpsi/params/instance.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "support/generators.h"

namespace dpsi {
namespace {

std::string error_of(const ParameterValues& values) {
  try {
    Instance::from(values);
  } catch (const InvalidParameters& error) {
    return error.what();
  }
  return "";
}

TEST(InstanceParams, DefaultsSatisfyEveryConstraint) {
  for (const ConstraintResult& constraint : evaluate_constraints(ParameterValues::defaults())) {
    EXPECT_EQ(constraint.holds, Certainty::kTrue) << constraint.id << " " << constraint.detail;
  }
  const Instance instance = Instance::defaults();
  EXPECT_EQ(instance.n(), 16);
  EXPECT_EQ(instance.m(), 16);
  EXPECT_EQ(instance.d(), 32);
  EXPECT_EQ(instance.delta(), Rational(1, 20));
  EXPECT_EQ(instance.sigma_y(), Rational(1, 400));
  EXPECT_EQ(instance.gamma(), Rational(1, 10));
}

struct Violation {
  const char* id;
  void (*mutate)(ParameterValues&);
};

TEST(InstanceParams, EachConstraintIsEnforcedAndNamed) {
  const Violation violations[] = {
      {"P.1", [](ParameterValues& v) { v.n = 0; }},
      {"P.1", [](ParameterValues& v) { v.n = Rational(5, 2); }},
      {"P.1", [](ParameterValues& v) { v.n = 441; }},
      {"P.2", [](ParameterValues& v) { v.m = 257; }},
      {"P.2", [](ParameterValues& v) { v.m = -1; }},
      {"P.3", [](ParameterValues& v) { v.a = 0; }},
      {"P.4", [](ParameterValues& v) { v.delta = Rational(3, 10); }},  // 4/delta^2 = 400/9
      {"P.4", [](ParameterValues& v) { v.delta = 0; }},
      {"P.5", [](ParameterValues& v) { v.tau = 0; }},
      {"P.6", [](ParameterValues& v) { v.sigma_y = Rational(-1, 100); }},
      {"P.7", [](ParameterValues& v) { v.kappa_star = v.tau; }},          // not > tau
      {"P.7", [](ParameterValues& v) { v.kappa_star = Rational(64, 100); }},  // > 0.9/sqrt 2 = 0.6364
      {"P.8", [](ParameterValues& v) { v.kappa_star = Rational(1, 1000000); v.tau = Rational(1, 2000000); }},
  };
  for (const Violation& violation : violations) {
    ParameterValues values = ParameterValues::defaults();
    violation.mutate(values);
    const std::string message = error_of(values);
    EXPECT_NE(message.find(std::string(violation.id) + " violated"), std::string::npos)
        << violation.id << ": " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
  }
}

TEST(InstanceParams, EveryViolatedConstraintIsNamedInOneLine) {
  ParameterValues values = ParameterValues::defaults();
  values.n = 0;
  values.tau = 0;
  values.sigma_y = 0;
  const std::string message = error_of(values);
  for (const char* id : {"P.1", "P.5", "P.6"}) EXPECT_NE(message.find(id), std::string::npos) << message;
  EXPECT_EQ(message.find("P.2"), std::string::npos) << message;
}

TEST(InstanceParams, SmallKappaStarViolatesThetaTail) {
  ParameterValues values = ParameterValues::defaults();
  values.kappa_star = Rational(2, 1000);
  EXPECT_NE(error_of(values).find("P.8 violated"), std::string::npos) << error_of(values);
}

TEST(InstanceParams, KappaStarBoundIsDecidedExactly) {
  // kappa*^2 <= 81/200 exactly at the bound 0.9/sqrt(2) (irrational): 0.6363 passes, 0.6364 fails.
  ParameterValues values = ParameterValues::defaults();
  values.kappa_star = parse_rational("0.6363");
  EXPECT_EQ(error_of(values), "");
  values.kappa_star = parse_rational("0.6364");
  EXPECT_NE(error_of(values).find("P.7"), std::string::npos);
}

TEST(InstanceParams, DerivedQuantitiesAtDefaults) {
  const auto derived = derived_quantities(Instance::defaults());
  auto value_of = [&](const std::string& symbol) {
    for (const DerivedQuantity& q : derived) {
      if (q.symbol == symbol) return q.value;
    }
    ADD_FAILURE() << "no " << symbol;
    return Ball();
  };
  // nu = sqrt(7.25e-6) = 0.0026925824035672520..., z = 0.05/(4 nu) = 4.6423834544262966...
  // (mpmath 1.3, 50 digits)
  EXPECT_EQ(within(value_of("nu"), Ball(parse_rational("0.002692582403567252")), Ball(parse_rational("1e-18"))),
            Certainty::kTrue);
  EXPECT_EQ(within(value_of("z"), Ball(parse_rational("4.642383454426296")), Ball(parse_rational("1e-15"))),
            Certainty::kTrue);
  EXPECT_EQ(lt(value_of("Theta(v*)"), Ball(1)), Certainty::kTrue);
  EXPECT_EQ(gt(value_of("B.2 bound"), Ball(parse_rational("0.7998"))), Certainty::kTrue);
}

// With the other defaults, any kappa* in [delta/4, 0.63] is valid (P.7 and P.8 hold); below about
// delta/5 the theta tail exceeds 1 and P.8 fails (kappa* = 0.002: q = e^{-0.0316}, Theta >= 2q > 1).
RC_GTEST_PROP(InstanceParams, KappaStarRangeIsValid, ()) {
  ParameterValues values = ParameterValues::defaults();
  values.kappa_star = *testing::rational_in(Rational(1, 80), Rational(63, 100));
  RC_ASSERT(error_of(values).empty());
}

}  // namespace
}  // namespace dpsi
