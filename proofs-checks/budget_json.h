// File: proofs-checks/budget_json.h
// A certifier budget as the JSON recorded in a check's parameters.
#pragma once

#include <nlohmann/json.hpp>

#include "dpsi/certify/branch_and_bound.h"

namespace dpsi::checks {

inline nlohmann::json budget_json(const certify::Budget& budget) {
  return {{"max_boxes", budget.max_boxes},
          {"max_depth", budget.max_depth},
          {"precision_bits", budget.precision},
          {"witness_precision_bits", budget.witness_precision}};
}

}  // namespace dpsi::checks
