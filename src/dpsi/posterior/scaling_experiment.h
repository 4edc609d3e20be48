// File: dpsi/posterior/scaling_experiment.h
// The scaling experiment of issue 6, item 4: "the picture of the theorem". Exact posterior sampling
// costs about 2^n / #preimages, like inverting f by brute force, so log2(cost) grows with slope 1 in n.
//
//  (a) Appendix E's rejection sampler (RejectionSampler over the exact unconditional R6 draws,
//      AncestralPriorSampler) on small instances n = m (E test instance parameters: a = 1,
//      delta = 1/2, tau = 1/1000, sigma_y = 1/5, kappa* = 1/2): proposals per accepted draw against
//      1/a(y), a(y) = (2 pi sigma_y^2)^{m/2} p_Y(y) from VertexMixture::posterior (certified, R.4).
//  (b) SeedRejectionSampler at the default delta, tau, sigma_y with n = m: proposals per draw against
//      2^n / W(y), W(y) = sum_s q(s) counted by enumerating all 2^n seeds (n <= census_n_max).
//  (c) brute_force_invert of b* = f(s*): evaluations against the exact mean over the offset, from
//      the enumerated preimage set of b* (n <= census_n_max).
//
// Claims (spec E.T, check E.T:scaling-experiment), each a test with a stated false-failure
// probability, which are valid because the cost laws are known exactly:
//  * geometric counts, (a) and (b): if G_j ~ Geometric(q_j) (support 1, 2, ...) are independent, then
//    with E_j ~ Exp(1) coupled as G_j = ceil(E_j / -ln(1 - q_j)),  (1 - q_j) E_j <= q_j G_j <= E_j + q_j,
//    so S = sum_j q_j G_j lies in [(1 - q_max) Gamma, Gamma + sum_j q_j], Gamma ~ Gamma(K, 1). The test
//    fails iff S < (1 - q_max) K (1 - e_lo) or S > K (1 + e_hi) + sum q_j, where the Chernoff bounds
//    P(Gamma <= K(1 - e)) <= exp(-K(-e - ln(1 - e))) and P(Gamma >= K(1 + e)) <= exp(-K(e - ln(1 + e)))
//    are each set to gamma_test / 2. (a): one test per (n, y) with K = accepted draws; (b): one
//    test pooling every trial with n <= census_n_max.
//  * brute force, (c): X_t = C_t / 2^n in (0, 1] with exact mean mu_t and variance v_t; Bernstein:
//    P(|sum (X_t - mu_t)| >= u) <= 2 exp(-u^2 / (2 V + 2u/3)), V = sum v_t; one pooled test. Given its
//    offset and the enumerated preimage set a trial's count is determined: the test also fails if
//    any counted trial's C differs from that exact count (no false failure: the count is exact).
//  gamma_MC is split equally (Bonferroni) over all tests. The least-squares slopes are reported, not
//  tested (their theory, slope 1, holds only asymptotically).
//
// Determinism: every trial draws from its own RandomSource seeded by derive_trial_seed(run seed,
// part, n, trial); jobs run on `threads` threads but results are stored by job and summed in a
// fixed order, so every number except the timings is independent of the thread count.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "dpsi/params/instance.h"

namespace dpsi::posterior {

struct ScalingOptions {
  // (a) small instances: n = m from small_n_min to small_n_max, `small_measurements` values of y each
  //     (drawn from p_Y), and per y max(small_min_accepted, min(small_max_accepted, budget * a(y)))
  //     accepted draws (fixed from the exact a(y) before sampling).
  int small_n_min = 2;
  int small_n_max = 6;
  int small_measurements = 2;
  std::uint64_t small_min_accepted = 30;
  std::uint64_t small_max_accepted = 2000;
  double small_proposal_budget = 4e5;
  // (b) seed-space rejection and (c) brute force, n = m.
  int seed_n_min = 4;
  int seed_n_max = 24;
  int brute_n_min = 4;
  int brute_n_max = 28;
  // Trials per n: max(trials, min(max_trials_per_n, trial_budget / 2^n)), so small n, where a trial
  // is cheap, get many (they sharpen the pooled tests); trial_budget = 0 gives `trials` everywhere.
  int trials = 8;
  std::uint64_t trial_budget = std::uint64_t{1} << 16;
  int max_trials_per_n = 512;
  // W(y) and the preimage sets are counted by enumerating 2^n seeds for n <= census_n_max.
  int census_n_max = 24;
  int threads = 2;
  std::uint64_t seed = 0;
  double gamma = 1e-9;  // total false-failure probability of all tests together
  // Progress lines ("(b) n = 20: 3/8 trials"), may be empty.
  std::function<void(const std::string&)> progress;
};

// One (n, y) of part (a).
struct SmallRow {
  int n = 0;
  int measurement = 0;
  double acceptance = 0;            // a(y), certified enclosure's midpoint
  std::uint64_t accepted = 0;       // K accepted draws
  std::uint64_t proposals = 0;      // total proposals T
  double mean_proposals = 0;        // T / K
  double low = 0, high = 0;         // acceptance region for T / K (the Gamma test, in these units)
  bool passed = false;
};

// One trial of part (b).
struct SeedTrial {
  int n = 0;
  int trial = 0;
  std::uint64_t proposals = 0;
  double weight = -1;               // W(y) = sum_s q(s); -1 if n > census_n_max
  std::uint64_t preimages = 0;      // #{s : f(s) = decoded image}; 0 if not counted
  double seconds = 0;
};

// One trial of part (c).
struct BruteTrial {
  int n = 0;
  int trial = 0;
  std::uint64_t evaluations = 0;
  std::uint64_t offset = 0;         // where the cyclic search started
  std::uint64_t exact_evaluations = 0;  // position + 1 of the first preimage from `offset` (census); 0 if not counted
  std::uint64_t preimages = 0;      // #{s : f(s) = b*}; 0 if not counted
  double expected = -1;             // exact E[evaluations] over the offset; -1 if not counted
  double variance = -1;
  double seconds = 0;
};

// Least squares of log2(per-n mean cost) on n.
struct SlopeFit {
  int points = 0;
  double slope = 0, intercept = 0;
  double slope_low = 0, slope_high = 0;          // 95% t-interval, points - 2 degrees of freedom
  double intercept_low = 0, intercept_high = 0;
};

// A pooled test: statistic, its acceptance region, and the verdict.
struct PooledTest {
  int terms = 0;
  double statistic = 0, expected = 0, low = 0, high = 0;
  // (c) only: counted trials whose evaluation count differs from the census's exact count (given the
  // offset and the preimage set the count is determined, so any mismatch fails the test).
  int mismatches = 0;
  bool passed = false;
};

struct ScalingReport {
  ScalingOptions options;
  std::vector<SmallRow> small;
  std::vector<SeedTrial> seed;
  std::vector<BruteTrial> brute;
  SlopeFit seed_fit, brute_fit;
  PooledTest seed_test, brute_test;
  double gamma_per_test = 0;
  // Rates on one thread, measured in this run at n = m = rate_n: raw ImageEvaluator calls per
  // second, and seed-rejection proposals per second (the sampler's loop on one y).
  int rate_n = 0;
  double raw_rate = 0, proposal_rate = 0;
  double seconds_small = 0, seconds_seed = 0, seconds_brute = 0, seconds_census = 0;
  bool passed() const;
};

// The instances: E test parameters with n = m (part a), defaults with n = m (parts b, c).
Instance small_scaling_instance(int n);
Instance default_scaling_instance(int n);

// The number of trials at size n (see ScalingOptions::trials).
int trials_at(const ScalingOptions& options, int n);

// SHA-256 of "<seed>/<part>/<n>/<trial>", first 8 bytes big-endian.
std::uint64_t derive_trial_seed(std::uint64_t seed, char part, int n, int trial);

// Throws std::invalid_argument on inconsistent options (n ranges outside 1..40, trials < 1, ...).
ScalingReport run_scaling_experiment(const ScalingOptions& options);

// Chernoff relative deviations for a Gamma(K, 1) sum at tail probability p each side: the e_lo, e_hi
// of the header (found by bisection, rounded outward: the returned e makes the bound <= p).
struct GammaDeviations {
  double low = 0, high = 0;
};
GammaDeviations gamma_deviations(double k, double tail);
// Bernstein radius u with 2 exp(-u^2 / (2V + 2u/3)) = gamma (terms bounded by 1 in absolute value).
double bernstein_radius(double variance, double gamma);
// 97.5% quantile of Student's t with df >= 1 degrees of freedom.
double student_t_975(int df);
SlopeFit fit_log2_cost(const std::vector<std::pair<int, double>>& n_and_mean_cost);

// The pooled tests of the header over the counted trials (weight / expected >= 0); a test with no
// counted trial fails.
PooledTest seed_rejection_test(const std::vector<SeedTrial>& trials, double gamma);
PooledTest brute_force_test(const std::vector<BruteTrial>& trials, double gamma);

// Rendering: a markdown section, the .dat and .gp files (stem "scaling"), and a plain-text summary.
std::string scaling_markdown(const ScalingReport& report, const std::string& stem);
std::string scaling_data(const ScalingReport& report);
std::string scaling_gnuplot(const ScalingReport& report, const std::string& stem);
std::string scaling_summary(const ScalingReport& report);

}  // namespace dpsi::posterior
