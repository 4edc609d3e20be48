// File: proofs-checks/instance_sampling_checks.h
// Statistical checks of the instance sampler R6 (spec A.1, A.5, B.1): the ancestral law of x_F, the
// law of the measurement y in both routes of A.5, and the decoding error rate of B.1.
//
// The claim evaluators take the sampler as a function so that the tests can feed deliberately wrong
// samplers (negative controls: a wrong blur, a flipped image bit) to the very same statistics.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "dpsi/audit/registry.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/params/instance.h"
#include "dpsi/sampling/exact_sampler.h"
#include "dpsi/sampling/instance_sampler.h"

namespace dpsi::checks {

// Registers A.1:ancestral-law, A.5:measurement-law-y, A.5:measurement-law-phase, B.1:decoding-error-rate.
void register_instance_sampling_checks(audit::Registry& registry);

using InstanceDrawFunction = std::function<sampling::InstanceDraw(sampling::RandomSource&)>;
// One measurement y in R^m with the image f(s) of the seed it was made from.
struct MeasuredDraw {
  owf::Bits image;        // f(s), m bits
  std::vector<double> y;  // m values
};
using MeasurementFunction = std::function<MeasuredDraw(sampling::RandomSource&)>;

// The standardized lattice residual of spec A.1/A.5: (v - p)/kappa with p the point of
// Lambda_b = delta Z + b delta/2 nearest to v, computed in double (|error| far below 1e-9 for
// |v| < 1e3; the tests allow for 1e-9).
double lattice_residual(double v, int b, double delta, double kappa);

// A.1:ancestral-law for `draws` draws of `draw` against the law of the instance: five tests, each at
// gamma_MC/5 (Bonferroni): for both b the DKW distance of x_F pooled by the bit f(s)_i = b to the
// enclosed CDF of h_b^(tau); and, for the standardized residual r = (x_F,i - nearest point of
// Lambda_{f(s)_i})/tau pooled over i, the DKW distance to the wrapped N(0, 1), the empirical Bernstein
// test of the mean of min(r^2, 9)/9, and the count of |r| > 10 against its binomial tail.
// The result's margin and log are those of the check.
audit::CheckResult ancestral_law(const Instance& instance, std::uint64_t draws, std::uint64_t seed,
                                 const InstanceDrawFunction& draw);

// A.5: the statistic of measurement-law-y (the value y_1, two routes compared) or of
// measurement-law-phase (the standardized residual of every y_i, each route against the exact law).
enum class MeasurementStatistic { kValue, kPhase };

// A.5:measurement-law-y (kValue): `draws` values of y_1 per route (route 1 first, then route 2, one
// source seeded with `seed`); passes iff the two-sample KS distance is <= the two-DKW radius at
// gamma_MC rounded up to 5 decimals (0.02103 at N = 1e5, Erratum 1).
// A.5:measurement-law-phase (kPhase): `draws` measurements per route; for each route the residuals
// (y_i - nearest point of Lambda_{f(s)_i})/nu of all m coordinates, pooled, pass the three residual
// tests of ancestral_law (DKW against the wrapped N(0, 1), Bernstein on min(r^2, 9)/9, the count of
// |r| > 7), six tests at gamma_MC/6 each.
audit::CheckResult measurement_law(const Instance& instance, std::uint64_t draws, std::uint64_t seed,
                                   MeasurementStatistic statistic, const MeasurementFunction& route1,
                                   const MeasurementFunction& route2);
// The routes of A.5 with the real sampler: x ~ g~ then measure; s uniform, then simulate_measurement(f(s)).
MeasurementFunction measurement_route1(const sampling::InstanceSampler& sampler);
MeasurementFunction measurement_route2(const sampling::InstanceSampler& sampler);

// B.1:decoding-error-rate on `instance` (the check passes the defaults with sigma_y = 0.006):
// `draws` model draws of (s, y), the m indicators dec(y)_i != f(s)_i of each pooled (B.1(ii): i.i.d.
// Bernoulli(p_err)); passes iff |p_hat - p_err| is certainly <= the two-sided empirical Bernstein
// deviation (gamma_MC/2 per side), p_err the certified B.1 series.
audit::CheckResult decoding_error_rate(const Instance& instance, std::uint64_t draws, std::uint64_t seed);
// The same statistic against a claimed rate (a false claim for the false-bound twin in the tests).
audit::CheckResult decoding_error_rate(const Instance& instance, std::uint64_t draws, std::uint64_t seed,
                                       const Ball& claimed_rate);

// The B.1 setting: `base` with sigma_y = 6/1000.
Instance decoding_rate_instance(const Instance& base);

}  // namespace dpsi::checks
