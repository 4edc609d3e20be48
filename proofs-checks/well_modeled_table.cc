#include "proofs-checks/well_modeled_table.h"

#include <fmt/format.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "dpsi/owf/sha256_circuit.h"
#include "dpsi/relu/score_network.h"
#include "proofs-checks/well_modeled_estimate.h"

namespace dpsi::checks {
namespace {

using audit::CheckContext;
using audit::CheckResult;

constexpr int kStatisticalSize = 12;  // n = m = 12: brute force costs ~12 ms per point

struct Row {
  Rational sigma;
  relu::NoiseLevel level;
  std::string regime;
  std::size_t units = 0;
  std::size_t depth = 0;
  Rational max_weight;
  Ball bound;
  Rational target;  // eps^2 / sigma^2
  bool bound_ok = false;
  std::string knots;
  bool knots_ok = false;
  WellModeledEstimate estimate;
  bool statistical_ok = false;
  std::string statistical_knots;
  // An estimate with the audited network itself (only on some rows: ~170 ms per exact score at n = 16).
  bool has_sized_estimate = false;
  WellModeledEstimate sized_estimate;
  bool sized_ok = true;
  bool passed() const { return bound_ok && knots_ok && statistical_ok && sized_ok; }
};

Instance resized(const Instance& instance, int size) {
  ParameterValues values = instance.values();
  values.n = size;
  values.m = size;
  return Instance::from(values);
}

// Named alternatives run on every row's own draws (power statements, spec README "Power"): the
// network's output layer off by 1% on the seed outputs, and on every output.
std::vector<Alternative> row_alternatives(int n) {
  return {{"seed outputs of the score network 1% too large (output layer)",
           [n](std::span<const double>, std::vector<double>& s_hat) {
             for (int j = 0; j < n; ++j) s_hat[static_cast<std::size_t>(j)] *= 1.01;
           }},
          {"every output of the score network 1% too large (output layer)",
           [](std::span<const double>, std::vector<double>& s_hat) {
             for (double& value : s_hat) value *= 1.01;
           }}};
}

WellModeledEstimate estimate_for(const Instance& instance, const relu::ScoreNetwork& network, std::uint64_t draws,
                                 std::uint64_t seed, const std::function<void(double)>& progress) {
  const auto evaluate = [&network](std::span<const double> x, std::vector<double>& errors) {
    return network.evaluate_certified(x, errors);
  };
  const relu::NoiseLevel& level = network.level();
  const std::vector<Alternative> alternatives = row_alternatives(instance.n());
  if (level.small_regime) {
    const relu::SmallRegimeParameters& p = network.small_parameters();
    const SmallRegimeShape shape{level.kappa2, level.eta, p.gamma, p.B, p.window, network.small()->knots().cut};
    return estimate_small_regime(instance, level.sigma, shape, evaluate, draws, seed, progress, alternatives);
  }
  return estimate_large_regime(instance, level.sigma, {level.kappa2, level.eta}, evaluate, draws, seed, progress, alternatives);
}

// One row: the network at `sized` (its size, weights and certified bound) and the statistical
// estimate with the same construction at `statistical` (the same instance when brute force is
// affordable there).
Row make_row(const Instance& sized, const owf::Circuit& sized_circuit, const Instance& statistical,
             const owf::Circuit& statistical_circuit, const Rational& sigma, const detail::WellModeledOptions& options,
             std::uint64_t draws, std::uint64_t sized_draws, std::uint64_t seed, const std::function<void(double)>& progress) {
  Row row;
  row.sigma = sigma;
  row.target = options.epsilon * options.epsilon / (sigma * sigma);
  {
    const relu::ScoreNetwork network(sized, sized_circuit, sigma, options.epsilon, options.tamper);
    row.level = network.level();
    row.regime = network.regime_name();
    row.units = network.network().num_units();
    row.depth = network.network().depth();
    row.max_weight = network.network().max_abs_weight();
    row.bound = network.bound();
    row.bound_ok = is_certainly_true(le(row.bound, Ball(row.target)));
    row.knots = network.knot_summary();
    row.knots_ok = network.knots_certified() == Certainty::kTrue;
    if (&sized == &statistical) {
      row.estimate = estimate_for(statistical, network, draws, seed, progress);
    } else if (sized_draws > 0) {
      row.has_sized_estimate = true;
      row.sized_estimate = estimate_for(sized, network, sized_draws, seed ^ 0x5eedULL, progress);
      row.sized_ok = row.sized_estimate.cap_violations == 0 &&
                     is_certainly_true(le(row.sized_estimate.upper_bound, Ball(row.target)));
    }
  }
  if (&sized != &statistical) {
    const relu::ScoreNetwork network(statistical, statistical_circuit, sigma, options.epsilon, options.tamper);
    row.knots_ok = row.knots_ok && network.knots_certified() == Certainty::kTrue;
    row.statistical_knots = network.knot_summary();
    row.estimate = estimate_for(statistical, network, draws, seed, progress);
  }
  // The row's statistical claim is the theorem's, E|s_hat - s|^2 <= eps^2/sigma^2 (the lemma's own
  // bound is smaller; at the table's sample sizes its confidence radius alone may exceed it).
  row.statistical_ok = row.estimate.cap_violations == 0 && is_certainly_true(le(row.estimate.upper_bound, Ball(row.target)));
  return row;
}

std::string sci(const Rational& value) { return to_decimal(value, 3); }

// The markdown table, the gnuplot data and script (error and bound against sigma, log-log).
void add_table(CheckResult& result, const std::vector<Row>& rows, const std::string& stem, const std::string& title,
               int statistical_size) {
  std::string md = fmt::format("#### {}\n\n", title);
  md += fmt::format(
      "| σ | regime | neurons | depth | max \\|weight\\| | certified bound on E‖ŝ−s‖² | estimate (n = m = {}) | 1−10⁻⁹ upper bound | "
      "estimate / upper bound with this network | target ε²/σ² | pass |\n"
      "|---|---|---|---|---|---|---|---|---|---|---|\n",
      statistical_size);
  std::string data = "# sigma bound estimate_mean upper_confidence_bound target\n";
  for (const Row& row : rows) {
    const std::string sized = row.has_sized_estimate
                                  ? fmt::format("{} / {} (N = {})", row.sized_estimate.mean.mid_str(3),
                                                row.sized_estimate.upper_bound.mid_str(3), row.sized_estimate.draws)
                                  : std::string("—");
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", sci(row.sigma), row.regime, row.units,
                      row.depth, sci(row.max_weight), row.bound.mid_str(3), row.estimate.mean.mid_str(3),
                      row.estimate.upper_bound.mid_str(3), sized, sci(row.target), row.passed() ? "yes" : "**NO**");
    data += fmt::format("{} {} {} {} {}\n", static_cast<double>(row.sigma), row.bound.upper_double(),
                        std::max(row.estimate.mean.mid_double(), 1e-300), row.estimate.upper_bound.upper_double(),
                        static_cast<double>(row.target));
  }
  md += fmt::format("\n![{}]({}.svg)\n\n(`{}.svg` is drawn by gnuplot from `{}.gp` and `{}.dat` in this directory.)\n", title, stem,
                    stem, stem, stem);
  const std::string script = fmt::format(
      "set terminal svg size 800,500 dynamic\nset termoption noenhanced\nset output '{0}.svg.tmp'\nset logscale xy\nset format x '10^{{%L}}'\n"
      "set format y '10^{{%L}}'\nset xlabel 'sigma'\nset ylabel 'E |s_hat - s_sigma|^2'\nset key top right\nset grid\n"
      "set title '{1}'\nplot '{0}.dat' using 1:5 with lines lw 2 title 'target eps^2/sigma^2', \\\n"
      "     '{0}.dat' using 1:2 with linespoints title 'certified bound (C.4 / C.7)', \\\n"
      "     '{0}.dat' using 1:4 with linespoints title 'upper confidence bound (1 - 1e-9)', \\\n"
      "     '{0}.dat' using 1:3 with points pt 7 title 'sample mean'\n",
      stem, title);
  result.markdown += md;
  result.files.push_back({stem + ".dat", data});
  result.files.push_back({stem + ".gp", script});
}

std::string row_log(const Row& row) {
  const std::string sized =
      row.has_sized_estimate
          ? fmt::format("; with the audited network itself: mean {} + dev {} + rest {} = {} ({} draws, {} cap violations): {}",
                        row.sized_estimate.mean.mid_str(3), row.sized_estimate.deviation.mid_str(3),
                        row.sized_estimate.extras.mid_str(3), row.sized_estimate.upper_bound.mid_str(4), row.sized_estimate.draws,
                        row.sized_estimate.cap_violations, row.sized_ok ? "yes" : "NO")
          : std::string();
  return fmt::format(
      "C.8(sigma={}): {} network, {} neurons, depth {}, max|w| {}; bound {} <= target {}: {}; knots: {}{}: {}; "
      "estimate mean {} + dev {} + rest {} = {} ({} draws, {} cap violations{}): {}",
      sci(row.sigma), row.regime, row.units, row.depth, sci(row.max_weight), row.bound.mid_str(4), sci(row.target),
      row.bound_ok ? "yes" : "NO", row.knots, row.statistical_knots.empty() ? "" : "; statistical network: " + row.statistical_knots,
      row.knots_ok ? "certified" : "NOT certified", row.estimate.mean.mid_str(3), row.estimate.deviation.mid_str(3),
      row.estimate.extras.mid_str(3), row.estimate.upper_bound.mid_str(4), row.estimate.draws, row.estimate.cap_violations,
      row.estimate.cap_violations ? ", " + row.estimate.worst_violation : "", row.statistical_ok ? "yes" : "NO") + sized;
}

// sized_draws(k): draws with the audited network itself at row k (0: none).
CheckResult run_rows(const CheckContext& context, const Instance& sized, const Instance& statistical,
                     const std::vector<Rational>& sigmas, std::uint64_t draws,
                     const std::function<std::uint64_t(std::size_t)>& sized_draws, const detail::WellModeledOptions& options,
                     const std::string& stem, const std::string& title) {
  const owf::Circuit sized_circuit = owf::owf_circuit(sized.n(), sized.m());
  const owf::Circuit statistical_circuit = owf::owf_circuit(statistical.n(), statistical.m());
  CheckResult result;
  result.passed = true;
  std::vector<Row> rows;
  std::size_t failed = 0;
  Rational worst_ratio(0);
  std::string worst;
  for (std::size_t k = 0; k < sigmas.size(); ++k) {
    const auto progress = [&](double fraction) {
      if (context.progress) context.progress((static_cast<double>(k) + fraction) / static_cast<double>(sigmas.size()));
    };
    rows.push_back(make_row(sized, sized_circuit, statistical, statistical_circuit, sigmas[k], options, draws, sized_draws(k),
                            context.seed + k, progress));
    const Row& row = rows.back();
    result.log.push_back(row_log(row));
    if (!row.passed()) ++failed;
    const Rational ratio = row.estimate.upper_bound.upper_rational() / row.target;
    if (ratio > worst_ratio) {
      worst_ratio = ratio;
      worst = sci(row.sigma);
    }
  }
  result.passed = failed == 0;
  // Power: the check fails if any row fails, so against each alternative it is at least
  // 1 - prod_rows (1 - power_row), each row's power simulated on its own draws.
  const std::vector<Alternative> named = row_alternatives(statistical.n());
  for (std::size_t alt = 0; alt < named.size(); ++alt) {
    double miss = 1;
    for (const Row& row : rows) {
      if (alt >= row.estimate.alternatives.size()) continue;
      const audit::PowerStatement power = alternative_power(row.estimate.alternatives[alt], row.estimate.draws, Ball(row.target));
      miss *= 1 - power.power;
    }
    result.power.push_back({named[alt].name, 1 - miss,
                            "simulated on each row's own draws (caps and confidence bound against eps^2/sigma^2); any failing row fails the check"});
  }
  result.margin = fmt::format("{}/{} rows pass; largest upper confidence bound / target = {} (sigma = {}); largest bound/target = {}",
                              rows.size() - failed, rows.size(), to_decimal(worst_ratio, 3), worst, [&] {
                                Rational largest(0);
                                for (const Row& row : rows) largest = std::max(largest, row.bound.upper_rational() / row.target);
                                return to_decimal(largest, 3);
                              }());
  if (!result.passed) {
    // Each failing row with the conditions it breaks.
    std::vector<std::string> failing;
    for (const Row& row : rows) {
      if (row.passed()) continue;
      std::vector<std::string> reasons;
      if (!row.bound_ok) reasons.push_back(fmt::format("certified bound {} NOT <= target {}", row.bound.mid_str(4), sci(row.target)));
      if (!row.knots_ok) reasons.push_back("knots NOT certified (" + row.knots + ")");
      if (row.estimate.cap_violations > 0) {
        reasons.push_back(fmt::format("{} pointwise cap violations in {} draws (first: {})", row.estimate.cap_violations,
                                      row.estimate.draws, row.estimate.worst_violation));
      } else if (!row.statistical_ok) {
        reasons.push_back(fmt::format("upper confidence bound {} NOT <= target {}", row.estimate.upper_bound.mid_str(4), sci(row.target)));
      }
      if (!row.sized_ok) {
        reasons.push_back(row.sized_estimate.cap_violations > 0
                              ? fmt::format("with the audited network: {} pointwise cap violations (first: {})",
                                            row.sized_estimate.cap_violations, row.sized_estimate.worst_violation)
                              : fmt::format("with the audited network: upper confidence bound {} NOT <= target {}",
                                            row.sized_estimate.upper_bound.mid_str(4), sci(row.target)));
      }
      failing.push_back(fmt::format("sigma = {}: {}", sci(row.sigma), fmt::join(reasons, ", ")));
    }
    result.margin = fmt::format("FAILED: {} of {} rows fail: {}", failed, rows.size(), fmt::join(failing, "; "));
  }
  add_table(result, rows, stem, title, statistical.n());
  result.parameters = {{"epsilon", to_decimal(options.epsilon)},
                       {"sigmas", sigmas.size()},
                       {"draws_per_sigma", draws},
                       {"statistical_size", statistical.n()},
                       {"gamma_MC", "1e-9 per row"},
                       {"theta", "kappa^2/10^4 (small regime)"}};
  return result;
}

}  // namespace

namespace detail {

CheckResult well_modeled_table(const CheckContext& context, const WellModeledOptions& options) {
  std::vector<Rational> sigmas = relu::well_modeled_sigma_grid();
  if (context.quick) sigmas = {sigmas[0], sigmas[5], sigmas[9], sigmas[18]};
  const Instance statistical = resized(context.instance, kStatisticalSize);
  const bool same = context.instance.n() == kStatisticalSize && context.instance.m() == kStatisticalSize;
  // Full mode also samples with the audited network itself on four rows (both regimes) when n <= 16,
  // where the exact score costs ~170 ms per point at n = m = 16.
  const bool affordable = context.instance.n() <= 16;  // brute force enumerates 2^n seeds
  const auto sized_draws = [&](std::size_t k) -> std::uint64_t {
    return !context.quick && affordable && k % 6 == 0 ? 24 : 0;
  };
  return run_rows(context, context.instance, same ? context.instance : statistical, sigmas, context.quick ? 24 : 160,
                  sized_draws, options, "well-modeled-table",
                  fmt::format("Well-modeled table (eps = {}, n = {}, m = {})", to_decimal(options.epsilon), context.instance.n(),
                              context.instance.m()));
}

CheckResult end_to_end(const CheckContext& context, const WellModeledOptions& options) {
  std::vector<Rational> sigmas;
  for (int k = 0; k <= 10; ++k) sigmas.push_back(parse_rational(fmt::format("{:.4g}", std::pow(10.0, -3.0 + k / 2.0))));
  if (context.quick) sigmas = {sigmas[0], sigmas[4], sigmas[10]};
  const Instance instance = resized(context.instance, 5);
  return run_rows(context, instance, instance, sigmas, context.quick ? 200 : 2000, [](std::size_t) -> std::uint64_t { return 0; },
                  options, "end-to-end",
                  fmt::format("C.8 end to end (eps = {}, n = m = 5)", to_decimal(options.epsilon)));
}

}  // namespace detail

namespace {
detail::WellModeledOptions audited_options(const CheckContext& context) {
  detail::WellModeledOptions options;
  options.epsilon = context.epsilon;
  return options;
}
CheckResult table_check(const CheckContext& context) { return detail::well_modeled_table(context, audited_options(context)); }
CheckResult end_to_end_check(const CheckContext& context) { return detail::end_to_end(context, audited_options(context)); }
}  // namespace

void register_well_modeled_checks(audit::Registry& registry) {
  registry.add({"C.8:well-modeled-table", spec::CheckKind::kStatistical, table_check});
  registry.add({"C.8:end-to-end", spec::CheckKind::kStatistical, end_to_end_check});
}

}  // namespace dpsi::checks
