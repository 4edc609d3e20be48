#include "proofs-checks/peer_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
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

}  // namespace

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
                                     "{:.3g} s/output, fit {:.3g}",
                                     row.n, row.method, row.successes, row.trials, row.rate, row.rate_low, row.rate_high,
                                     peers::prediction_text(row),
                                     row.tested ? fmt::format("p = {:.3g} {} gamma {:.3g}{}", row.tail_probability,
                                                              row.passed ? ">=" : "<", report.gamma_per_test, row.passed ? "" : "  FAIL")
                                                : std::string("reported"),
                                     row.seconds_per_output, row.median_residual));
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
}

}  // namespace dpsi::checks
