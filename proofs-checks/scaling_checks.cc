#include "proofs-checks/scaling_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>
#include <thread>

#include "dpsi/stats/power.h"

namespace dpsi::checks {
namespace {

using audit::CheckContext;
using audit::CheckResult;

CheckResult scaling_experiment(const CheckContext& context) {
  posterior::ScalingOptions options = scaling_check_options(context.quick, context.seed);
  int stage = 0;
  options.progress = [&](const std::string&) {
    if (context.progress) context.progress(std::min(0.95, ++stage / 40.0));
  };
  const auto start = std::chrono::steady_clock::now();
  const posterior::ScalingReport report = posterior::run_scaling_experiment(options);
  CheckResult result = scaling_check_result(report);
  result.log.push_back(fmt::format("E.T(scaling): wall {:.1f} s on {} threads",
                                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), options.threads));
  return result;
}

}  // namespace

posterior::ScalingOptions scaling_check_options(bool quick, std::uint64_t seed) {
  posterior::ScalingOptions options;
  options.seed = seed;
  options.threads = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1U, 2U));
  options.trials = 8;
  options.small_measurements = 2;
  options.small_n_min = 2;
  // One proposal (an exact R6 draw) costs about 10 us; 1/a(y) is about 10^2, 10^3, 5 10^3 for n = 2, 3, 4.
  options.small_n_max = quick ? 3 : 4;
  options.small_min_accepted = 50;
  options.small_max_accepted = quick ? 400 : 2000;
  options.small_proposal_budget = quick ? 2e4 : 3e5;
  options.seed_n_min = 4;
  options.seed_n_max = quick ? 12 : 20;
  options.brute_n_min = 4;
  options.brute_n_max = quick ? 12 : 22;
  options.census_n_max = options.brute_n_max;
  return options;
}

CheckResult scaling_check_result(const posterior::ScalingReport& report) {
  CheckResult result;
  result.passed = report.passed();
  int small_passed = 0;
  double worst_small = 0;  // the largest |log2(mean proposals * a(y))|
  for (const posterior::SmallRow& row : report.small) {
    if (row.passed) ++small_passed;
    worst_small = std::max(worst_small, std::abs(std::log2(row.mean_proposals * row.acceptance)));
  }
  const bool brute_in = report.brute_test.statistic >= report.brute_test.low && report.brute_test.statistic <= report.brute_test.high;
  result.margin = fmt::format(
      "{}(a) {}/{} E-rejection means in their regions (max |log2(mean*a(y))| {:.3f}); (b) sum qG {:.2f} {} [{:.2f}, {:.2f}] "
      "({} trials); (c) sum C/2^n {:.2f} vs exact {:.2f} {} [{:.2f}, {:.2f}] ({} trials, {} counts differ from the exact count); "
      "slopes (b) {:.3f} [{:.3f}, {:.3f}], (c) {:.3f} [{:.3f}, {:.3f}]",
      result.passed ? "" : "FAILED: ", small_passed, report.small.size(), worst_small, report.seed_test.statistic,
      report.seed_test.passed ? "in" : "NOT in", report.seed_test.low, report.seed_test.high, report.seed_test.terms,
      report.brute_test.statistic, report.brute_test.expected, brute_in ? "in" : "NOT in", report.brute_test.low,
      report.brute_test.high, report.brute_test.terms, report.brute_test.mismatches, report.seed_fit.slope,
      report.seed_fit.slope_low, report.seed_fit.slope_high, report.brute_fit.slope, report.brute_fit.slope_low,
      report.brute_fit.slope_high);
  // Power: (c)'s exact count comparison fails on any wrong count (power 1 against an off-by-one
  // or a doubled count); (b)'s Gamma test against every proposal count scaled by 1 + e, normal
  // approximation (S ~ (1 + e) Gamma(K, 1): mean (1 + e) K, sd (1 + e) sqrt K).
  if (report.seed_test.terms > 0) {
    const double k = report.seed_test.terms;
    // A few-% error of Q(y) is below (b)'s resolution at these trial counts (its region is about +-15% wide):
    // (b) is a check of the scaling law's constant, not of the sampler's law (E.1/E.2 test the rejection
    // samplers' laws; R.5 and B.2 the exact posterior samplers').
    for (const double e : {0.3, 1.0}) {
      const double sd = (1 + e) * std::sqrt(k);
      const double power = stats::normal_cdf(((1 + e) * k - report.seed_test.high) / sd) +
                           stats::normal_cdf((report.seed_test.low - (1 + e) * k) / sd);
      result.power.push_back({fmt::format("(b) seed-rejection proposal counts {:.0f}% too high", 100 * e), power,
                              fmt::format("normal approximation of the pooled Gamma test over {} trials", report.seed_test.terms)});
    }
  }
  if (report.brute_test.terms > 0)
    result.power.push_back({"(c) brute-force counts off by one", 1.0, "every counted trial's count is compared with the census's exact count"});
  std::istringstream summary(posterior::scaling_summary(report));
  for (std::string line; std::getline(summary, line);) result.log.push_back("E.T(scaling) " + line);
  const posterior::ScalingOptions& o = report.options;
  result.parameters = {{"trials", o.trials},
                       {"small_n", {o.small_n_min, o.small_n_max}},
                       {"small_measurements", o.small_measurements},
                       {"seed_rejection_n", {o.seed_n_min, o.seed_n_max}},
                       {"brute_force_n", {o.brute_n_min, o.brute_n_max}},
                       {"census_n_max", o.census_n_max},
                       {"gamma_total", o.gamma},
                       {"gamma_per_test", report.gamma_per_test},
                       {"threads", o.threads}};
  result.markdown = posterior::scaling_markdown(report, "scaling");
  result.files.push_back({"scaling.dat", posterior::scaling_data(report)});
  result.files.push_back({"scaling.gp", posterior::scaling_gnuplot(report, "scaling")});
  return result;
}

void register_scaling_checks(audit::Registry& registry) {
  registry.add({"E.T:scaling-experiment", spec::CheckKind::kStatistical, scaling_experiment});
}

}  // namespace dpsi::checks
