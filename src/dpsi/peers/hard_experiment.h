// File: dpsi/peers/hard_experiment.h
// The hard-instance table of spec E.P (issue 7, item 3): for n = m in `sizes`, every method's inversion
// rate -- the fraction of outputs x-hat whose seed block inverts the measurement,
//   f(sbar(x-hat)) = dec(y),  sbar(x)_j = [x_{S,j} > 0],  dec of spec B.1,
// -- its wall time per output, and the theory's prediction beside it:
//   * "dps", "pigdm", "langevin" (guidance through A = [0 | I_m]): with C.8's oracle the seed block
//     never sees y (hard_instance_prior.h), so sbar(x-hat) is uniform and independent of y, and the
//     rate is exactly the chance level c(y) = #f^{-1}(dec(y)) / 2^n  (claim E.P(ii), two-sided test);
//   * "tds" with K particles: resampling weights ignore the seeds until kappa <= kappa*, where the
//     orthants are committed, so at most K uniform seeds compete: rate <= K c(y) + P(flip)  (E.P(iii),
//     one-sided);
//   * "exact" (R5) and "seed-rejection" (exact, about 2^n / #preimages proposals): rate >= B.2's bound
//     1 - 2 P_dec - P_sgn  (E.P(i), one-sided);
//   * "rejection" (Appendix E's x-space rejection with exact proposals, capped at T_max proposals):
//     rate <= T_max E a(y) (reported with the median 1/a(y); at the defaults 1/a(y) ~ 1e39).
// With scores = "network" the practical samplers' rows are reported, not tested (claims (ii) and (iii)
// are proved for the oracle only). Every test uses exact binomial tails (stats/binomial.h); their false-failure probability gamma is
// split equally over all tests that run.
//
// Measurements: trial t at size n draws (s*, x) ~ g~ and y = x_F + sigma_y xi from its own
// RandomSource (derived from the run seed, n and t), the same y for every method, so the rows compare
// on the same measurements; each method then draws from a source derived from (seed, n, method, t).
// Trials run on `threads` threads and are stored by index: every number except the timings is
// independent of the thread count.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "dpsi/params/instance.h"
#include "dpsi/peers/peer_sampler.h"

namespace dpsi::peers {

struct HardOptions {
  std::vector<int> sizes = {8, 12, 16};  // n = m; 1 <= n <= 20
  // Methods in table order: peer_sampler_names() and "exact", "seed-rejection", "rejection".
  std::vector<std::string> methods = {"dps", "pigdm", "tds", "langevin", "exact", "seed-rejection", "rejection"};
  int trials = 64;
  PeerOptions peers;
  std::uint64_t rejection_cap = 100000;  // T_max of the x-space rejection row
  std::string scores = "oracle";         // "oracle" or "network" (C.8's ReLU networks; slow: one per sigma)
  double network_epsilon = 0.1;          // epsilon of the networks when scores = "network"
  int threads = 2;
  std::uint64_t seed = 0;
  double gamma = 1e-9;  // total false-failure probability of the tests
  // B.2's lower bound on the exact samplers' rate at an instance (the audit passes the certified
  // 1 - 2 P_dec - P_sgn); without it the exact rows are reported, not tested.
  std::function<double(const Instance&)> exact_bound;
  std::function<void(const std::string&)> progress;
};

// The instance at size n: the defaults with n = m (spec 1.2), as in the scaling experiment.
Instance hard_instance(int n);

enum class Prediction { kChance, kParticles, kExact, kCapped };

struct HardRow {
  int n = 0;
  std::string method;
  Prediction prediction = Prediction::kChance;
  int trials = 0;
  int successes = 0;
  int gave_up = 0;                 // capped rejection outputs that failed
  double rate = 0;
  double rate_low = 0, rate_high = 0;  // Clopper-Pearson 95%
  double chance = 0;               // mean over trials of c(y) = #f^{-1}(dec(y)) / 2^n
  double predicted = 0;            // the prediction's value (chance, K chance, B.2 bound, T_max E a(y))
  double seconds_per_output = 0;   // mean wall time of one output on one thread
  double work_per_output = 0;      // score calls (peers) or proposals (rejection samplers); 0 for exact
  double median_residual = 0;      // median |y - A x-hat| / (sigma_y sqrt(m)) over outputs (1 = fits y)
  double min_relative_ess = 1;     // TDS: median over outputs of the smallest ESS/K
  double median_log10_inverse_acceptance = 0;  // "rejection": median log10(1/a(y))
  double tail_probability = 1;     // the test's p-value (1 if no test)
  bool tested = false;
  bool passed = true;
};

struct HardReport {
  HardOptions options;
  std::vector<HardRow> rows;       // by size, then method
  double gamma_per_test = 0;
  double seconds = 0;
  bool passed() const;
};

// Sets row.tail_probability and row.passed from row.trials, row.successes, row.prediction and
// row.predicted (the test of the header comment); rows with tested = false pass.
void decide_row(HardRow& row, double gamma_per_test);

// Throws std::invalid_argument (one line) for unknown methods or scores, sizes outside [1, 20],
// trials < 1 or > 10^6, threads < 1.
HardReport run_hard_experiment(const HardOptions& options);

std::string prediction_text(const HardRow& row);
std::string hard_markdown(const HardReport& report, const std::string& plot_stem);
std::string hard_data(const HardReport& report);      // gnuplot data: one block per method
std::string hard_gnuplot(const HardReport& report, const std::string& stem);
std::string hard_json(const HardReport& report);

}  // namespace dpsi::peers
