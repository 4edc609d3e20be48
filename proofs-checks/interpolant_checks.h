// File: proofs-checks/interpolant_checks.h
// Checks of the one-dimensional hinge networks of spec C.1(iii).
#pragma once

#include <span>
#include <string>

#include "dpsi/audit/check.h"
#include "dpsi/audit/registry.h"
#include "dpsi/relu/interpolant.h"

namespace dpsi::checks {

void register_interpolant_checks(audit::Registry& registry);

namespace detail {
// The C.1:interpolant-network comparisons for one knot set: the networks m_hat and psi_hat (with
// kappa2) against the interpolant at every knot, every midpoint and beyond both ends, and their
// unit counts against K + 1 and K + 3. Returns the number of mismatches; `compared` counts.
std::size_t compare_interpolant_networks(const relu::Network& m_hat, const relu::Network& psi_hat,
                                         std::span<const relu::Knot> knots, const Rational& kappa2, std::size_t& compared);
}  // namespace detail

}  // namespace dpsi::checks
