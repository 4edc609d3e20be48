// File: proofs-checks/composition_checks.h
// Theorems A and B (spec D.A, D.B) as compositions: they pass iff every check of the hypotheses their
// proofs use passed in the same audit and the exact rational inequalities joining the values those
// checks certified (CheckResult::certified_values: proved bounds, handed over only by passed checks)
// hold; while a hypothesis is pending, so are they. A value that is missing, or lies outside the
// bracket the proof itself gives for it (e.g. the (K1) maximum below the Mills-ratio lower bound or
// above 1/200), fails the composition.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dpsi/audit/check.h"
#include "dpsi/audit/registry.h"

namespace dpsi::checks {

// Registers D.A:composition and D.B:composition (exact), each with its required checks.
void register_composition_checks(audit::Registry& registry);

namespace detail {

// The certified values of the checks run earlier in the audit, as a composition reads them: a value
// absent (its check not run, failed, or not certifying it) is recorded as missing.
class CertifiedValues {
 public:
  explicit CertifiedValues(const std::map<std::string, std::map<std::string, Rational>>* values) : values_(values) {}
  std::optional<Rational> get(const std::string& check, const std::string& name);
  const std::vector<std::string>& missing() const { return missing_; }

 private:
  const std::map<std::string, std::map<std::string, Rational>>* values_;
  std::vector<std::string> missing_;
};

// One inequality of a composition, decided on certified values: `text` states it with the values
// inserted ("(K1): 9.97e-4 <= 1/200"), `holds` whether it holds in exact rationals (false when a
// value it needs is missing).
struct CompositionStep {
  std::string text;
  bool holds = false;
};
using CompositionArithmetic = std::function<std::vector<CompositionStep>(CertifiedValues&)>;

// The decision shared by both: every hypothesis passed in this audit (pending: the composition is
// pending; failed or not run: it fails), every value the arithmetic reads is present, and every step holds.
audit::CheckResult compose(const audit::CheckContext& context, const std::string& label, const std::vector<std::string>& hypotheses,
                           const CompositionArithmetic& arithmetic);

// The hypotheses of Theorem A and Theorem B (spec D.A, D.B Check details) and their arithmetic.
std::vector<std::string> theorem_a_hypotheses();
std::vector<std::string> theorem_b_hypotheses();
std::vector<CompositionStep> theorem_a_arithmetic(CertifiedValues& values, const Rational& audited_epsilon);
std::vector<CompositionStep> theorem_b_arithmetic(CertifiedValues& values);

// A certified rational lower bound of the (K1) grid maximum that does not use D.R's computation: at
// n = 3 (a grid point) Gordon's Mills-ratio bound Phibar(z) >= phi(z) z/(1+z^2) with phi(z_n) = 1/(400 n sqrt(2 pi))
// gives 4 n Phibar(z_n) >= z_n/(100 sqrt(2 pi)(1 + z_n^2)) = 9.9e-4 (the maximum is 9.967e-4).
Rational k1_maximum_lower_bound();

}  // namespace detail

}  // namespace dpsi::checks
