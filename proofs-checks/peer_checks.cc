#include "proofs-checks/peer_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>

#include "proofs-checks/inversion_checks.h"

namespace dpsi::checks {
namespace {

using audit::CheckContext;
using audit::CheckResult;

CheckResult hard_instance(const CheckContext& context) {
  peers::HardOptions options = hard_check_options(context.quick, context.seed);
  const double stages = static_cast<double>(options.sizes.size() * options.methods.size());
  int stage = 0;
  options.progress = [&](const std::string&) {
    if (context.progress) context.progress(std::min(0.95, ++stage / stages));
  };
  return hard_check_result(peers::run_hard_experiment(options));
}

CheckResult easy_instance(const CheckContext& context) {
  return easy_check_result(run_easy_check(context.quick, context.seed));
}

double mean_over(const peers::EasyExperimentTable& table, std::string_view method) {
  double sum = 0;
  int count = 0;
  for (const peers::EasyRowSummary& row : table.rows) {
    if (row.method != method) continue;
    for (const peers::EasyProblemScore& problem : row.problems) {
      sum += problem.sliced_wasserstein;
      ++count;
    }
  }
  return count == 0 ? 0 : sum / count;
}

}  // namespace

EasyCheckRuns run_easy_check(bool quick, std::uint64_t seed) {
  // Sizes: the benchmark's settings, but few problems and samples (the sampling dominates: about
  // 17 ms per sample of all four samplers at d = 8 and 70 ms at d = 80, one thread); `dpsi peers
  // --instance easy` runs the published sizes.
  peers::EasyExperimentOptions options;
  options.seed = seed;
  options.threads = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1U, 2U));
  options.problems = 2;
  options.samples = quick ? 40 : 100;
  options.reference_samples = 2000;
  options.directions = quick ? 500 : 2000;
  if (quick) options.settings = {{8, 1}, {8, 4}};
  const peers::PeerOptions defaults;
  std::vector<std::unique_ptr<peers::PeerSampler>> samplers;
  std::vector<peers::EasyMethod> methods;
  for (const std::string& name : peers::peer_sampler_names()) {
    samplers.push_back(peers::make_peer_sampler(name, defaults));
    methods.push_back({name, samplers.back().get()});
  }
  EasyCheckRuns runs;
  runs.table = peers::run_easy_experiment(options, methods);
  // Consistency: TDS with many particles (Wu et al.: exact as K -> infinity) against its default K = 4,
  // on the d = 8 settings (K = 32 costs 8 times K = 4: 66 ms per sample at d = 8).
  peers::EasyExperimentOptions consistency = options;
  consistency.settings.clear();
  for (const peers::EasySetting& setting : options.settings)
    if (setting.d == 8) consistency.settings.push_back(setting);
  consistency.samples = quick ? 30 : 100;
  peers::PeerOptions many = defaults;
  many.tds.particles = 32;
  const auto tds_many = peers::make_peer_sampler("tds", many);
  std::vector<peers::EasyMethod> tds_methods = {{"tds", samplers[2].get()}, {"tds-32", tds_many.get()}};
  runs.consistency = peers::run_easy_experiment(consistency, tds_methods);
  return runs;
}

CheckResult easy_check_result(const EasyCheckRuns& runs) {
  CheckResult result;
  const double floor = mean_over(runs.consistency, "exact");
  const double tds4 = mean_over(runs.consistency, "tds");
  const double tds32 = mean_over(runs.consistency, "tds-32");
  const double gap4 = tds4 - floor;
  const double gap32 = tds32 - floor;
  result.passed = gap32 <= kTdsGapFraction * gap4;
  result.margin = fmt::format(
      "TDS converges (d = 8): gap to the floor K=32 {:.3f} {} {:.1f} x gap K=4 {:.3f} (mean SW2: K=32 {:.3f}, K=4 {:.3f}, floor {:.3f})",
      gap32, result.passed ? "<=" : ">", kTdsGapFraction, gap4, tds32, tds4, floor);
  for (const peers::EasyRowSummary& row : runs.table.rows)
    result.log.push_back(fmt::format("E.P(easy) d = {}, d_y = {}, {}: SW2 {:.4g} +- {:.2g} (median {:.4g}), mode-weight TV {:.3f}, {:.3g} s/sample",
                                     row.setting.d, row.setting.d_y, row.method, row.sw_mean, row.sw_half_width, row.sw_median,
                                     row.mode_error_mean, row.seconds_per_sample));
  for (const peers::EasyRowSummary& row : runs.consistency.rows)
    result.log.push_back(fmt::format("E.P(easy, consistency) d = {}, d_y = {}, {}: SW2 {:.4g} +- {:.2g}", row.setting.d,
                                     row.setting.d_y, row.method, row.sw_mean, row.sw_half_width));
  result.log.push_back(fmt::format("E.P(easy): wall {:.1f} s + {:.1f} s on {} threads", runs.table.seconds, runs.consistency.seconds,
                                   runs.table.threads));
  result.parameters = {{"problems", runs.table.problems},
                       {"samples", runs.table.samples},
                       {"reference_samples", runs.table.reference_samples},
                       {"directions", runs.table.directions},
                       {"consistency_samples", runs.consistency.samples},
                       {"tds_gap_fraction", kTdsGapFraction},
                       {"threads", runs.table.threads}};
  result.markdown = "### Practical posterior samplers on the easy instance (E.P:easy-instance)\n\n" + runs.table.to_markdown() +
                    "\nTDS consistency (d = 8; \"tds-32\" = 32 particles):\n\n" + runs.consistency.to_markdown();
  return result;
}

peers::HardOptions hard_check_options(bool quick, std::uint64_t seed) {
  peers::HardOptions options;
  options.seed = seed;
  options.trials = quick ? 16 : 64;
  // x-space rejection never accepts here (1/a(y) >= 1e19 at n = 8); the cap only sets its cost,
  // about 2.5 us per proposal.
  options.rejection_cap = quick ? 10000 : 100000;
  options.threads = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1U, 2U));
  // B.2 with alpha = beta = 0: the lower end of the certified enclosure of 1 - 2 P_dec - P_sgn.
  options.exact_bound = [](const Instance& instance) {
    return detail::inversion_success_bound(instance, Rational(0), Rational(0)).lower_double();
  };
  return options;
}

CheckResult hard_check_result(const peers::HardReport& report) {
  CheckResult result;
  result.passed = report.passed();
  int tested = 0, passed = 0;
  double smallest_p = 1;
  std::string worst;
  for (const peers::HardRow& row : report.rows) {
    result.log.push_back(fmt::format("E.P(hard) n = m = {} {}: inverted {}/{} = {:.4f} [{:.4f}, {:.4f}], prediction {}, {}; "
                                     "{:.3g} s/output, fit {}",
                                     row.n, row.method, row.successes, row.trials, row.rate, row.rate_low, row.rate_high,
                                     peers::prediction_text(row),
                                     row.tested ? fmt::format("p = {:.3g} {} gamma {:.3g}{}", row.tail_probability,
                                                              row.passed ? ">=" : "<", report.gamma_per_test, row.passed ? "" : "  FAIL")
                                                : std::string("reported"),
                                     row.seconds_per_output,
                                     row.gave_up == row.trials ? std::string("- (every output gave up)")
                                                               : fmt::format("{:.3g}", row.median_residual)));
    if (!row.tested) continue;
    ++tested;
    if (row.passed) ++passed;
    if (row.tail_probability <= smallest_p) {
      smallest_p = row.tail_probability;
      worst = fmt::format("{} at n = {}", row.method, row.n);
    }
  }
  // The headline numbers: the heuristics' largest rate at the largest n against the exact samplers' smallest.
  const int n_max = report.rows.empty() ? 0 : std::max_element(report.rows.begin(), report.rows.end(), [](const auto& a, const auto& b) {
                                                 return a.n < b.n;
                                               })->n;
  double heuristic_max = 0, exact_min = 1;
  for (const peers::HardRow& row : report.rows) {
    if (row.n != n_max) continue;
    if (row.prediction == peers::Prediction::kExact) exact_min = std::min(exact_min, row.rate);
    else heuristic_max = std::max(heuristic_max, row.rate);
  }
  result.margin = fmt::format(
      "{}/{} predictions hold (smallest p-value {:.3g} ({}) vs gamma/test {:.3g}); at n = m = {}: heuristic/SMC/capped rates "
      "<= {:.4f}, exact rates >= {:.4f}",
      passed, tested, smallest_p, worst, report.gamma_per_test, n_max, heuristic_max, exact_min);
  result.log.push_back(fmt::format("E.P(hard): wall {:.1f} s on {} threads", report.seconds, report.options.threads));
  const peers::HardOptions& o = report.options;
  result.parameters = {{"sizes", o.sizes},   {"methods", o.methods},       {"trials", o.trials},
                       {"scores", o.scores}, {"rejection_cap", o.rejection_cap}, {"gamma_total", o.gamma},
                       {"gamma_per_test", report.gamma_per_test}, {"threads", o.threads}};
  result.markdown = peers::hard_markdown(report, "peers-hard");
  result.files.push_back({"peers-hard.dat", peers::hard_data(report)});
  result.files.push_back({"peers-hard.gp", peers::hard_gnuplot(report, "peers-hard")});
  return result;
}

void register_peer_checks(audit::Registry& registry) {
  registry.add({"E.P:hard-instance", spec::CheckKind::kStatistical, hard_instance});
  registry.add({"E.P:easy-instance", spec::CheckKind::kStatistical, easy_instance});
}

}  // namespace dpsi::checks
