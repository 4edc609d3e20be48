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
using MeasurementFunction = std::function<std::vector<double>(sampling::RandomSource&)>;  // one y in R^m

// A.1:ancestral-law for `draws` draws of `draw` (x_F pooled by the drawn image bit) against the
// enclosed CDF of h_b^(tau): passes iff for both b the DKW distance is certainly
// <= sqrt(ln(4/gamma_MC)/(2 N_b)). The result's margin and log are those of the check.
audit::CheckResult ancestral_law(const Instance& instance, std::uint64_t draws, std::uint64_t seed,
                                 const InstanceDrawFunction& draw);

// The statistic of A.5 applied to y_1: the value itself or its phase frac(y_1/delta) (Erratum 20).
enum class MeasurementStatistic { kValue, kPhase };

// A.5:measurement-law-{y,phase}: `draws` values per route (route 1 first, then route 2, one source
// seeded with `seed`); passes iff the two-sample KS distance is <= the two-DKW radius at gamma_MC
// rounded up to 5 decimals (0.02103 at N = 1e5, Erratum 1).
audit::CheckResult measurement_law(const Instance& instance, std::uint64_t draws, std::uint64_t seed,
                                   MeasurementStatistic statistic, const MeasurementFunction& route1,
                                   const MeasurementFunction& route2);
// The routes of A.5 with the real sampler: x ~ g~ then measure; s uniform, then simulate_measurement(f(s)).
MeasurementFunction measurement_route1(const sampling::InstanceSampler& sampler);
MeasurementFunction measurement_route2(const sampling::InstanceSampler& sampler);

// B.1:decoding-error-rate on `instance` (the check passes the defaults with sigma_y = 0.006):
// `draws` model draws of (s, y), indicator dec(y)_1 != f(s)_1; passes iff |p_hat - p_err| is certainly
// <= the two-sided Hoeffding radius rounded up to 5 decimals, p_err the certified B.1 series.
audit::CheckResult decoding_error_rate(const Instance& instance, std::uint64_t draws, std::uint64_t seed);
// The same statistic against a claimed rate (a false claim for the false-bound twin in the tests).
audit::CheckResult decoding_error_rate(const Instance& instance, std::uint64_t draws, std::uint64_t seed,
                                       const Ball& claimed_rate);

// The B.1 setting: `base` with sigma_y = 6/1000.
Instance decoding_rate_instance(const Instance& base);

}  // namespace dpsi::checks
