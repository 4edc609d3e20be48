// File: proofs-checks/peer_checks.h
// The practical posterior samplers on the easy and the hard instance (spec E.P):
//   E.P:hard-instance  inversion rates of DPS, PiGDM, TDS, annealed Langevin, the exact posterior,
//                      seed-space and x-space rejection for n = m in {8, 12, 16}, each tested against
//                      its prediction (peers/hard_experiment.h), with the table and the plot.
#pragma once

#include "dpsi/audit/registry.h"
#include "dpsi/peers/hard_experiment.h"

namespace dpsi::checks {

void register_peer_checks(audit::Registry& registry);

// The options E.P:hard-instance runs with (quick: 16 trials per cell; full: 64), B.2's certified
// bound included.
peers::HardOptions hard_check_options(bool quick, std::uint64_t seed);

// Verdict, margin, log, table and plot of a finished hard-instance run (tests feed doctored reports).
audit::CheckResult hard_check_result(const peers::HardReport& report);

}  // namespace dpsi::checks
