// File: proofs-checks/scaling_checks.h
// The scaling experiment of Theorem E (spec E.T, check E.T:scaling-experiment): exact posterior
// sampling by rejection costs what brute-force inversion of f costs, about 2^n / #preimages.
#pragma once

#include "dpsi/audit/registry.h"
#include "dpsi/posterior/scaling_experiment.h"

namespace dpsi::checks {

// Registers E.T:scaling-experiment (statistical).
void register_scaling_checks(audit::Registry& registry);

// The options the check runs with (quick: n <= 12 for (b), (c); full: n <= 20 and 22).
posterior::ScalingOptions scaling_check_options(bool quick, std::uint64_t seed);

// The verdict and margin of a finished experiment, in the words of the claim (also used by tests
// on doctored reports: a report whose counts are scaled must fail).
audit::CheckResult scaling_check_result(const posterior::ScalingReport& report);

}  // namespace dpsi::checks
