// Uses the installed dpsi library: an exact rational, a certified enclosure and a certifier run.
#include <cstdio>

#include "dpsi/certify/branch_and_bound.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/params/instance.h"

int main() {
  const dpsi::Instance instance = dpsi::Instance::defaults();
  const dpsi::certify::Inequality claim{[](std::span<const dpsi::Ball> x) { return dpsi::exp(x[0]); },
                                        [](std::span<const dpsi::Ball>) { return dpsi::Ball(3); }};
  const auto result = dpsi::certify::certify_le(claim, {{dpsi::Rational(0), dpsi::Rational(1)}});
  std::printf("n = %d, exp(x) <= 3 on [0,1]: %s\n", instance.n(), result.summary().c_str());
  return result.proven() ? 0 : 1;
}
