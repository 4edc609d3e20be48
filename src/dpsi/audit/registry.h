// File: dpsi/audit/registry.h
// The registry of runnable checks, and the traceability rule that ties it to the lemma index.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dpsi/audit/check.h"
#include "dpsi/spec/lemma_index.h"

namespace dpsi::audit {

class Registry {
 public:
  // Throws std::invalid_argument on a duplicate name.
  void add(CheckDefinition definition);
  const CheckDefinition* find(std::string_view name) const;
  const std::vector<CheckDefinition>& checks() const { return checks_; }

 private:
  std::vector<CheckDefinition> checks_;
};

// Problems tying registry and index together, one line each; empty when traceable:
//  - a registered check names a lemma the index does not have;
//  - a registered check is not in the index, or is there as pending, or with another kind;
//  - an implemented check of the index is not registered.
// (Lemmas without checks are rejected when the index is parsed.)
std::vector<std::string> traceability_problems(const spec::LemmaIndex& index, const Registry& registry);

}  // namespace dpsi::audit
