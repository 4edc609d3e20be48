#include "proofs-checks/interpolant_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "dpsi/density/smoothed_lattice.h"
#include "dpsi/numeric/ball.h"

namespace dpsi::checks {
namespace {

using audit::CheckContext;
using audit::CheckResult;

Rational evaluate_one(const relu::Network& network, const Rational& x) {
  const std::vector<Rational> input = {x};
  return network.evaluate(input).front();
}

// K + 1 equally spaced rational knots on [lo, hi] with values m(t) rounded to double (exact
// rationals): C.1(iii) is an identity for whatever values the knots carry.
template <typename Mean>
std::vector<relu::Knot> knots_on(const Rational& lo, const Rational& hi, int intervals, Mean mean) {
  std::vector<relu::Knot> knots;
  for (int k = 0; k <= intervals; ++k) {
    const Rational t = lo + (hi - lo) * Rational(k, intervals);
    knots.push_back({t, Rational(mean(t).mid_double())});
  }
  return knots;
}

CheckResult interpolant_network_check(const CheckContext& context) {
  const PrecisionScope scope(128);
  const Instance& instance = context.instance;
  const Rational a = instance.a();
  const Rational delta = instance.delta();
  const int intervals = context.quick ? 16 : 64;
  std::size_t compared = 0;
  std::size_t mismatches = 0;
  std::size_t networks = 0;
  CheckResult result;
  // Seed instance: W = +-a, m(x) = a tanh(a x / kappa^2), knots over [-4 kappa^2/a, 4 kappa^2/a].
  for (const Rational& kappa : {Rational(1, 20), Rational(1, 10), Rational(1, 2), Rational(2)}) {
    const Rational kappa2 = kappa * kappa;
    const auto knots = knots_on(-4 * kappa2 / a, 4 * kappa2 / a, intervals,
                                [&](const Rational& t) { return Ball(a) * tanh(Ball(a * t / kappa2)); });
    mismatches += detail::compare_interpolant_networks(relu::interpolant_network(knots),
                                                       relu::score_interpolant_network(knots, kappa2), knots, kappa2, compared);
    ++networks;
  }
  // f-coordinate instance: W ~ D_b, m = m_b (C.5(a)), knots over three lattice cells either side.
  for (const Rational& ratio : {Rational(1, 2), Rational(1), Rational(4)}) {
    const Rational kappa = ratio * delta;
    const Rational kappa2 = kappa * kappa;
    for (int b = 0; b < 2; ++b) {
      const auto knots = knots_on(-3 * delta, 3 * delta, intervals, [&](const Rational& t) {
        return density::theta_form(b, Ball(kappa), Ball(t), delta).posterior_mean;
      });
      mismatches += detail::compare_interpolant_networks(relu::interpolant_network(knots),
                                                         relu::score_interpolant_network(knots, kappa2), knots, kappa2,
                                                         compared);
      ++networks;
    }
  }
  result.passed = mismatches == 0 && compared > 0;
  result.margin = result.passed ? fmt::format("{} exact comparisons over {} knot sets (K = {}): none fails; the networks equal the "
                                              "interpolant on the whole line (kinks at knots, values at every knot, end slopes); "
                                              "units K+1 (m_hat) and K+3 (psi_hat)",
                                              compared, networks, intervals)
                                : fmt::format("FAILED: {} of {} exact comparisons over {} knot sets (K = {}) do NOT hold", mismatches,
                                              compared, networks, intervals);
  result.log.push_back("C.1(iii): " + result.margin);
  result.parameters = {{"intervals", intervals}, {"knot_sets", networks}};
  return result;
}

}  // namespace

namespace detail {

std::size_t compare_interpolant_networks(const relu::Network& m_hat, const relu::Network& psi_hat,
                                         std::span<const relu::Knot> knots, const Rational& kappa2, std::size_t& compared) {
  std::size_t mismatches = 0;
  auto expect = [&](bool holds) {
    ++compared;
    if (!holds) ++mismatches;
  };
  expect(m_hat.num_units() == knots.size());       // K + 1
  expect(psi_hat.num_units() == knots.size() + 2);  // K + 3
  std::vector<Rational> points = {knots.front().t - 1, knots.back().t + 1};
  for (std::size_t k = 0; k < knots.size(); ++k) {
    points.push_back(knots[k].t);
    expect(relu::interpolate(knots, knots[k].t) == knots[k].value);
    if (k + 1 < knots.size()) points.push_back((knots[k].t + knots[k + 1].t) / 2);
  }
  for (const Rational& x : points) {
    const Rational reference = relu::interpolate(knots, x);
    expect(evaluate_one(m_hat, x) == reference);
    expect(evaluate_one(psi_hat, x) == (reference - x) / kappa2);
  }
  expect(evaluate_one(m_hat, knots.front().t - 1) == knots.front().value);
  expect(evaluate_one(m_hat, knots.back().t + 1) == knots.back().value);
  // On the whole line, from the weights (relu::coordinate_function): each network is a function of its
  // input whose kinks are knots, with the interpolant's values at every knot and its slopes beyond the
  // ends (0 for m_hat, -1/kappa^2 for psi_hat); so it equals the interpolant everywhere, not only at
  // the points above.
  std::vector<Rational> abscissae;
  for (const relu::Knot& knot : knots) abscissae.push_back(knot.t);
  for (int which = 0; which < 2; ++which) {
    const relu::Network& network = which == 0 ? m_hat : psi_hat;
    const relu::CoordinateFunction g = relu::coordinate_function(network, 0, 0, abscissae);
    expect(g.defect.empty());
    if (!g.defect.empty()) continue;
    for (const Rational& kink : g.kinks) expect(std::binary_search(abscissae.begin(), abscissae.end(), kink));
    for (std::size_t k = 0; k < knots.size(); ++k) {
      expect(g.values[k] == (which == 0 ? knots[k].value : (knots[k].value - knots[k].t) / kappa2));
    }
    const Rational end_slope = which == 0 ? Rational(0) : Rational(-1 / kappa2);
    expect(g.left_slope == end_slope && g.right_slope == end_slope);
  }
  return mismatches;
}

}  // namespace detail

void register_interpolant_checks(audit::Registry& registry) {
  registry.add({"C.1:interpolant-network", spec::CheckKind::kExact, interpolant_network_check});
}

}  // namespace dpsi::checks
