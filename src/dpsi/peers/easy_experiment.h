// File: dpsi/peers/easy_experiment.h
// The easy-instance benchmark (the Gaussian-mixture experiments of MCGdiff, arXiv:2308.07983, and
// TMPD, arXiv:2310.06721): every posterior sampler is run on random MCGdiff problems
// (easy_instance.h), whose exact posterior is known, and scored by the sliced Wasserstein-2 distance
// of its samples to exact posterior samples (stats/sliced_wasserstein.h) and by the mode-weight error.
//
// For every setting (d, d_y) and problem r = 0..R-1:
//  * the problem is make_easy_problem(d, d_y, seed "problem");
//  * the reference: `reference_samples` exact posterior draws (GaussianMixturePosterior::sample);
//  * rows: "exact" (N fresh exact draws: the noise floor, the SW of a perfect sampler), "prior" (N
//    prior draws ignoring y: the failure scale), then each method (N draws of sampler->sample);
//  * for each row: SW2 to the reference over `directions` directions, the same directions for every
//    row of the problem (common random numbers), and the mode-weight error: each sample is assigned
//    to its most responsible posterior component, and the total variation between that histogram and
//    the posterior weights w~ is reported (it exposes mode collapse, which SW under-weights).
// Summaries per (setting, row) over the R problems: mean SW2 +- 1.96 sd / sqrt(R) (TMPD's
// convention; sd the sample standard deviation), median, and the same for the mode-weight error;
// wall seconds per sample (drawing only, on one thread) and score calls per sample.
//
// Seeds: every random quantity has its own RandomSource seeded by the first 8 bytes (big-endian) of
// SHA-256("easy/<seed>/<tag>/<d>/<d_y>/<r>[/<row>]"), tag in {problem, reference, directions, row};
// sample n of a row uses RandomSource(w_n), w_n the n-th word of the row's source. Jobs (one per
// (setting, problem)) run on `threads` threads and write only their own slots, so every number except
// the timings is independent of the thread count, and adding a method changes no other row.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "dpsi/peers/peer_sampler.h"

namespace dpsi::peers {

struct EasySetting {
  int d = 8;
  int d_y = 1;
};

struct EasyExperimentOptions {
  std::vector<EasySetting> settings = {{8, 1}, {8, 2}, {8, 4}, {80, 1}, {80, 2}, {80, 4}};
  int problems = 10;                     // R per setting
  std::size_t samples = 1000;            // N per row and problem
  std::size_t reference_samples = 10000; // exact posterior draws per problem (benchopt: 10^4)
  std::size_t directions = 10000;        // L (TMPD: 10^4)
  std::uint64_t seed = 0;                // master seed
  int threads = 1;
  // Progress lines ("d = 8, d_y = 1: problem 3 done, 2.1 s"), called under a lock; may be empty.
  std::function<void(std::string_view)> progress;
};

// A sampler under test, named as in the table ("exact" and "prior" are reserved for the built-in rows).
struct EasyMethod {
  std::string name;
  const PeerSampler* sampler = nullptr;
};

// One row of one problem.
struct EasyProblemScore {
  double sliced_wasserstein = 0;       // SW2 to the reference
  double sliced_wasserstein_error = 0; // Monte Carlo standard error over the directions (of SW2, delta method)
  double mode_weight_error = 0;        // TV(histogram of most responsible components, w~)
  double seconds = 0;                  // wall time to draw the N samples
  double score_calls = 0;              // total over the N samples
};

// One (setting, row) over the R problems.
struct EasyRowSummary {
  EasySetting setting;
  std::string method;
  std::vector<EasyProblemScore> problems;  // index r
  double sw_mean = 0, sw_half_width = 0, sw_median = 0;
  double mode_error_mean = 0, mode_error_half_width = 0, mode_error_median = 0;
  double seconds_per_sample = 0;
  double score_calls_per_sample = 0;
};

struct EasyExperimentTable {
  int problems = 0;
  std::size_t samples = 0, reference_samples = 0, directions = 0;
  std::uint64_t seed = 0;
  int threads = 0;
  std::vector<EasySetting> settings;
  std::vector<std::string> methods;  // row order: "exact", "prior", then the methods as given
  std::vector<EasyRowSummary> rows;  // setting-major, then method order
  double seconds = 0;                // wall time of the whole run

  // Throws std::invalid_argument if the (setting, method) row does not exist.
  const EasyRowSummary& row(EasySetting setting, std::string_view method) const;
  std::string to_markdown() const;
  nlohmann::json to_json() const;
};

// Throws std::invalid_argument for a setting make_easy_problem rejects, problems < 1, samples,
// reference_samples or directions 0, threads < 1, a null sampler, or a duplicate / reserved name.
// A sampler's exception is rethrown (the first one) after the workers stop.
EasyExperimentTable run_easy_experiment(const EasyExperimentOptions& options, const std::vector<EasyMethod>& methods);

// SHA-256("easy/<seed>/<tag>/<d>/<d_y>/<problem>[/<row>]"), first 8 bytes big-endian (row empty: no
// last component).
std::uint64_t derive_easy_seed(std::uint64_t seed, std::string_view tag, EasySetting setting, int problem,
                               std::string_view row = {});

}  // namespace dpsi::peers
