// File: proofs-checks/peer_checks.h
// The practical posterior samplers on the easy and the hard instance (spec E.P):
//   E.P:hard-instance  inversion rates of DPS, PiGDM, TDS, annealed Langevin, the exact posterior,
//                      seed-space and x-space rejection for n = m in {8, 12, 16}, each tested against
//                      its prediction (peers/hard_experiment.h), with the table and the plot;
//   E.P:easy-instance  the same samplers on the Gaussian-mixture benchmark (peers/easy_experiment.h):
//                      sliced Wasserstein to the closed-form posterior, reported beside the noise floor
//                      and the prior; decided: TDS converges as particles grow (K = 32 closes at least
//                      half of K = 4's gap to the noise floor).
#pragma once

#include "dpsi/audit/registry.h"
#include "dpsi/peers/easy_experiment.h"
#include "dpsi/peers/hard_experiment.h"

namespace dpsi::checks {

void register_peer_checks(audit::Registry& registry);

// The options E.P:hard-instance runs with (quick: 16 trials per cell; full: 64), B.2's certified
// bound included.
peers::HardOptions hard_check_options(bool quick, std::uint64_t seed);

// Verdict, margin, log, table and plot of a finished hard-instance run (tests feed doctored reports).
audit::CheckResult hard_check_result(const peers::HardReport& report);

// The easy-instance run of E.P:easy-instance: `table` (every setting, the four samplers at their
// defaults) and `consistency` (d = 8 settings, TDS with K = 4 and K = 32 as "tds" and "tds-32").
struct EasyCheckRuns {
  peers::EasyExperimentTable table;
  peers::EasyExperimentTable consistency;
};
// The consistency criterion: gap(K = 32) <= fraction * gap(K = 4), gap = mean SW2 - mean SW2(exact row),
// means over the d = 8 settings and problems (common reference and directions per problem).
inline constexpr double kTdsGapFraction = 0.5;
EasyCheckRuns run_easy_check(bool quick, std::uint64_t seed);
audit::CheckResult easy_check_result(const EasyCheckRuns& runs);

}  // namespace dpsi::checks
