// File: dpsi/relu/large_noise_network.h
// The large-sigma score network s_hat^{L,net} of spec C.7 and the certificate of its 1-D
// interpolant (check C.7:increments-and-end-gaps).
//
// Construction (0 < eta < a). K = ceil(2(a - eta)/eta) intervals (exact), levels
//   l_k = -a + eta + 2k(a - eta)/K,   k = 0..K   (exact rationals, increments 2(a - eta)/K <= eta),
// knots t_k = (kappa^2/a) artanh(l_k/a), stored as the double nearest an enclosure's midpoint
// (t_k for k > K/2 mirrored, t_{K-k} = -t_k exactly), and stored values v_k = l_k exactly. So
// m_hat_S interpolates (t_k, l_k): the knots, not the values, carry the rounding; the end values
// +-(a - eta) and the level increments are exactly those of the spec, and the distance of the
// stored values from m(t_k) = a tanh(a t_k/kappa^2) is certified by certify_large_noise_interpolant.
// (Rounding is unavoidable: with irrational m(t_k), and when 2(a - eta)/eta is an integer, as at the
// defaults, increments and end gaps of m at *any* K + 1 knots sum to exactly (K + 2) eta = 2a, so
// they cannot all be <= eta; spec/README.md Erratum 26.)
// Case eta >= a (spec Erratum 3): K = 0 and m_hat_S = 0, no knots.
//
// The network (one hidden layer, canonical parametrisation of spec C): per seed coordinate j the
// K + 1 hinges ReLU(x_{S,j} - t_k) (none when eta >= a) and the identity pair ReLU(x_{S,j}),
// ReLU(-x_{S,j}); output (m_hat_S(x_{S,j}) - ReLU(x_{S,j}) + ReLU(-x_{S,j}))/kappa^2. Per
// f-coordinate the identity pair and output -(ReLU(x_{F,i}) - ReLU(-x_{F,i}))/(1 + kappa^2).
// Units n(K + 3) + 2m (eta < a) and 2(n + m) (eta >= a); weights (biases included) at most
// max{1, t_K, a/kappa^2, a^2/kappa^4, 1/kappa^2} (spec C.7; the network's max |weight| is an exact
// rational, compared against that bound exactly by the tests).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/certainty.h"
#include "dpsi/numeric/rational.h"
#include "dpsi/params/instance.h"
#include "dpsi/relu/interpolant.h"
#include "dpsi/relu/network.h"

namespace dpsi::relu {

// K = ceil(2(a - eta)/eta) for 0 < eta < a, and 0 for eta >= a, in exact arithmetic (a floating
// ceiling may give 1599 instead of 1598 at the defaults). Throws std::invalid_argument unless
// a > 0 and eta > 0.
std::size_t large_noise_interval_count(const Rational& a, const Rational& eta);

// A rational eta <= epsilon kappa / (2 sqrt n): exactly that value when n is a perfect square (the
// defaults, n = 16), otherwise rounded down to a dyadic with 48 significant bits (from a certified
// enclosure's lower end, so the inequality is proven). Throws std::invalid_argument unless
// epsilon, kappa > 0 and n >= 1.
Rational large_noise_eta(const Rational& epsilon, const Rational& kappa, int n);

// The K + 1 knots (t_k, l_k) described above; empty when eta >= a. Throws std::invalid_argument
// unless a, kappa2, eta > 0, or if rounding made two knots coincide (not possible for K < 2^40).
std::vector<Knot> large_noise_knots(const Rational& a, const Rational& kappa2, const Rational& eta);

// The d-input, d-output network of the header comment for the given seed-coordinate knots (empty:
// m_hat_S = 0). Throws std::invalid_argument unless n, m >= 0, kappa2 > 0 and the knots strictly
// increase.
Network large_noise_score_network(int n, int m, std::span<const Knot> knots, const Rational& kappa2);

// n(K + 3) + 2m with K + 1 = knot_count hinges per seed coordinate; 2(n + m) when knot_count = 0.
std::size_t large_noise_unit_count(int n, int m, std::size_t knot_count);

// max{1, t_K, a/kappa^2, a^2/kappa^4, 1/kappa^2} with t_K the last knot (0 without knots).
Rational large_noise_weight_bound(const Rational& a, const Rational& kappa2, std::span<const Knot> knots);

// "The network certified is the network evaluated": proves from the network's weights
// (coordinate_function, interpolant.h) that `network` is, on all of R^(n+m), exactly the map
//   x -> ((m_hat(x_S,j) - x_S,j)/kappa^2)_{j<n} (+) (-x_F,i/(1+kappa^2))_{i<m},
// m_hat the interpolant of `knots` (constant beyond the end knots; m_hat = 0 without knots). For each
// seed output j: it is a function of x_S,j alone, its kinks are among the knots' abscissae, it takes
// the value (v_k - t_k)/kappa^2 at every knot (exact rationals) and has slope -1/kappa^2 beyond the end
// knots; between consecutive knots it is then linear with the right end values, so it equals the
// interpolant's score everywhere. For each image output: a function of x_F,i alone, linear (no kink),
// slope -1/(1+kappa^2), value 0 at 0. Then certify_large_noise_interpolant(knots, ...) certifies the
// network itself. `defect` names the first failing comparison (output, where, value vs expected).
struct NetworkMatch {
  bool holds = false;
  std::size_t outputs = 0;       // outputs proven equal
  std::size_t comparisons = 0;   // exact comparisons made
  std::string defect;
};
NetworkMatch match_large_noise_network(const Network& network, int n, int m, std::span<const Knot> knots,
                                       const Rational& kappa2);

struct LargeNoiseNetwork {
  Rational kappa2;
  Rational eta;
  std::size_t intervals = 0;  // K
  std::vector<Knot> knots;    // K + 1 seed-coordinate knots (t_k, l_k), empty when eta >= a
  Network network{0};         // s_hat^{L,net}: d inputs x, d outputs (seed block first)
};

// s_hat^{L,net} for the instance's n, m, a. Throws std::invalid_argument unless kappa2, eta > 0.
LargeNoiseNetwork large_noise_network(const Instance& instance, const Rational& kappa2, const Rational& eta);

// The certificate that |m_hat - m| <= bound on the whole line for the interpolant m_hat of the
// knots (t_k, v_k) and m(t) = a tanh(a t/kappa^2):
//   beyond the end knots: m_hat = v_0 (resp. v_K) and m ranges over (-a, m(t_0)] (resp.
//     [m(t_K), a)), so the error is <= left_gap = max(v_0 + a, |m(t_0) - v_0|) (resp. right_gap =
//     max(a - v_K, |m(t_K) - v_K|));
//   on [t_k, t_{k+1}]: m_hat = (linear interpolant of m) + (linear interpolant of v - m), so the
//     error is <= interval_error_k = max(|v_k - m(t_k)|, |v_{k+1} - m(t_{k+1})|) + (h_k^2/8) sup|m''|,
//     h_k = t_{k+1} - t_k, m'' = -2 (a^3/kappa^4) tanh(y) sech^2(y), y = a t/kappa^2, and the sup
//     enclosed over the interval (|tanh| and sech^2 bounded separately);
// and the increments of the stored values v_{k+1} - v_k <= bound, decided exactly (the spec's
// construction has them = 2(a - eta)/K <= eta; a removed knot doubles one);
// plus the C.1 increments m(t_{k+1}) - m(t_k) and stored-value offsets |v_k - m(t_k)|, reported
// (not required: they cannot all be <= eta at a tie, see the header comment). Every quantity is
// an Arb enclosure at the working precision; `holds` is kTrue iff every gap and interval error is
// certainly <= bound (and every level increment is), kFalse iff one is certainly > bound, kUndecided otherwise. Without knots
// (m_hat = 0) the error sup |m| = a is compared with the bound exactly (left_gap = right_gap = a).
struct InterpolantCertificate {
  Certainty holds = Certainty::kUndecided;
  Rational max_level_increment;  // max_k v_{k+1} - v_k (exact; also required <= bound)
  Ball left_gap;
  Ball right_gap;
  Ball max_interval_error;   // max_k interval_error_k (upper ends)
  std::size_t worst_interval = 0;
  Ball max_increment;        // max_k m(t_{k+1}) - m(t_k)
  Ball max_value_offset;     // max_k |v_k - m(t_k)|
  std::size_t violations = 0;  // gaps and intervals not certainly <= bound
};

InterpolantCertificate certify_large_noise_interpolant(std::span<const Knot> knots, const Rational& a,
                                                       const Rational& kappa2, const Rational& bound);

}  // namespace dpsi::relu
