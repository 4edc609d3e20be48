// Tests of proofs-checks/well_modeled_table (C.8:well-modeled-table and C.8:end-to-end): the table
// fails for a deliberately broken small-sigma network (the phase residuals swapped, so every
// f-coordinate selects the wrong phase; one period knot removed) and the report carries the table,
// its data and its gnuplot script. (That both checks pass is tested by the quick audit, audit_quick.)
#include "proofs-checks/well_modeled_table.h"

#include <gtest/gtest.h>

#include <utility>

namespace dpsi::checks {
namespace {

Instance twelve() {
  ParameterValues values;
  values.n = 12;
  values.m = 12;
  return Instance::from(values);
}

audit::CheckContext quick_context(const Instance& instance) { return {instance, true, 11, {}, Rational(1, 10)}; }

TEST(WellModeledTable, FailsWhenThePhasesAreSwapped) {
  const Instance instance = twelve();
  detail::WellModeledOptions options;
  options.tamper = [](relu::PeriodKnots& knots) { std::swap(knots.residual[0], knots.residual[1]); };
  const audit::CheckResult result = detail::well_modeled_table(quick_context(instance), options);
  EXPECT_FALSE(result.passed) << result.margin;
}

TEST(WellModeledTable, FailsWhenAPeriodKnotIsRemoved) {
  const Instance instance = twelve();
  detail::WellModeledOptions options;
  options.tamper = [](relu::PeriodKnots& knots) {
    const std::size_t k = knots.u.size() / 2;
    knots.u.erase(knots.u.begin() + static_cast<std::ptrdiff_t>(k));
    for (auto& values : knots.residual) values.erase(values.begin() + static_cast<std::ptrdiff_t>(k));
  };
  const audit::CheckResult result = detail::well_modeled_table(quick_context(instance), options);
  EXPECT_FALSE(result.passed) << result.margin;
  bool knots_refused = false;
  for (const std::string& line : result.log) knots_refused = knots_refused || line.find("NOT certified") != std::string::npos;
  EXPECT_TRUE(knots_refused);
}

TEST(WellModeledTable, ReportCarriesTheTableTheDataAndThePlotScript) {
  const Instance instance = twelve();
  const audit::CheckResult result = detail::end_to_end(quick_context(instance), {});
  EXPECT_TRUE(result.passed) << result.margin;
  EXPECT_NE(result.markdown.find("| σ | regime | neurons |"), std::string::npos);
  EXPECT_NE(result.markdown.find("end-to-end.svg"), std::string::npos);
  ASSERT_EQ(result.files.size(), 2u);
  EXPECT_EQ(result.files[0].first, "end-to-end.dat");
  EXPECT_EQ(result.files[1].first, "end-to-end.gp");
  EXPECT_NE(result.files[1].second.find("set logscale xy"), std::string::npos);
  // One data line per noise level (3 in quick mode) after the header.
  std::size_t lines = 0;
  for (const char c : result.files[0].second) lines += c == '\n' ? 1 : 0;
  EXPECT_EQ(lines, 4u);
}

}  // namespace
}  // namespace dpsi::checks
