#include "dpsi/audit/registry.h"

#include <stdexcept>

#include <fmt/format.h>


namespace dpsi::audit {

void Registry::add(CheckDefinition definition) {
  if (find(definition.name) != nullptr) {
    throw std::invalid_argument("check registered twice: " + definition.name);
  }
  checks_.push_back(std::move(definition));
}

const CheckDefinition* Registry::find(std::string_view name) const {
  for (const CheckDefinition& check : checks_) {
    if (check.name == name) return &check;
  }
  return nullptr;
}

std::vector<std::string> traceability_problems(const spec::LemmaIndex& index, const Registry& registry) {
  std::vector<std::string> problems;
  for (const CheckDefinition& check : registry.checks()) {
    const std::string_view lemma_id = spec::lemma_id_of(check.name);
    if (index.find_lemma(lemma_id) == nullptr) {
      problems.push_back(fmt::format("check {} names lemma {}, which the spec does not have", check.name, lemma_id));
      continue;
    }
    const spec::IndexedCheck* indexed = index.find_check(check.name);
    if (indexed == nullptr) {
      problems.push_back(fmt::format("check {} is registered but not listed in spec/lemmas.json", check.name));
    } else if (indexed->status != spec::CheckStatus::kImplemented) {
      problems.push_back(fmt::format("check {} is registered but spec/lemmas.json marks it pending", check.name));
    } else if (indexed->kind != check.kind) {
      problems.push_back(fmt::format("check {} is registered as {} but spec/lemmas.json says {}", check.name,
                                     spec::to_string(check.kind), spec::to_string(indexed->kind)));
    }
  }
  for (const spec::Lemma& lemma : index.lemmas()) {
    for (const spec::IndexedCheck& check : lemma.checks) {
      if (check.status == spec::CheckStatus::kImplemented && registry.find(check.name) == nullptr) {
        problems.push_back(fmt::format("spec/lemmas.json marks {} implemented but no such check is registered",
                                       check.name));
      }
    }
  }
  return problems;
}

}  // namespace dpsi::audit
