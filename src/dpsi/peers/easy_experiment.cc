// The easy-instance benchmark runner (see easy_experiment.h).
#include "dpsi/peers/easy_experiment.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "dpsi/crypto/sha256.h"
#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/parallel_jobs.h"
#include "dpsi/peers/easy_instance.h"
#include "dpsi/peers/gaussian_mixture_prior.h"
#include "dpsi/stats/sliced_wasserstein.h"

namespace dpsi::peers {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }


struct Spread {
  double mean = 0, half_width = 0, median = 0;
};

Spread summarize(std::vector<double> values) {
  Spread spread;
  if (values.empty()) return spread;
  const auto n = static_cast<double>(values.size());
  double sum = 0;
  for (double v : values) sum += v;
  spread.mean = sum / n;
  if (values.size() > 1) {
    double squares = 0;
    for (double v : values) squares += (v - spread.mean) * (v - spread.mean);
    spread.half_width = 1.96 * std::sqrt(squares / (n - 1)) / std::sqrt(n);
  }
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  spread.median = values.size() % 2 == 1 ? values[middle] : 0.5 * (values[middle - 1] + values[middle]);
  return spread;
}

// TV between the histogram of most responsible components and the posterior weights.
double mode_weight_error(const GaussianMixturePosterior& posterior, const std::vector<double>& cloud, std::size_t count) {
  const auto d = static_cast<std::size_t>(posterior.dimension());
  std::vector<double> histogram(posterior.components(), 0.0);
  for (std::size_t n = 0; n < count; ++n) {
    histogram[posterior.most_responsible_component(std::span<const double>(cloud).subspan(n * d, d))] += 1.0;
  }
  double total = 0;
  for (std::size_t k = 0; k < histogram.size(); ++k) {
    total += std::abs(histogram[k] / static_cast<double>(count) - posterior.weights()[k]);
  }
  return 0.5 * total;
}

void validate(const EasyExperimentOptions& options, const std::vector<EasyMethod>& methods) {
  if (options.settings.empty()) throw std::invalid_argument("easy experiment: no settings");
  for (const EasySetting& setting : options.settings) {
    (void)make_easy_problem(setting.d, setting.d_y, 0);  // the generator's own validation
  }
  if (options.problems < 1) throw std::invalid_argument(fmt::format("easy experiment: problems must be >= 1, got {}", options.problems));
  if (options.samples < 1 || options.reference_samples < 1 || options.directions < 1) {
    throw std::invalid_argument("easy experiment: samples, reference samples and directions must be >= 1");
  }
  if (options.threads < 1) throw std::invalid_argument(fmt::format("easy experiment: threads must be >= 1, got {}", options.threads));
  std::set<std::string> names = {"exact", "prior"};
  for (const EasyMethod& method : methods) {
    if (method.sampler == nullptr) throw std::invalid_argument(fmt::format("easy experiment: method '{}' has no sampler", method.name));
    if (method.name.empty() || !names.insert(method.name).second) {
      throw std::invalid_argument(fmt::format("easy experiment: method name '{}' is empty, reserved or repeated", method.name));
    }
  }
}

std::string format_setting(EasySetting setting) { return fmt::format("d = {}, d_y = {}", setting.d, setting.d_y); }

}  // namespace

std::uint64_t derive_easy_seed(std::uint64_t seed, std::string_view tag, EasySetting setting, int problem,
                               std::string_view row) {
  std::string text = fmt::format("easy/{}/{}/{}/{}/{}", seed, tag, setting.d, setting.d_y, problem);
  if (!row.empty()) text += fmt::format("/{}", row);
  return crypto::first_8_bytes_big_endian(crypto::sha256(text));
}

EasyExperimentTable run_easy_experiment(const EasyExperimentOptions& options, const std::vector<EasyMethod>& methods) {
  validate(options, methods);
  const Clock::time_point start = Clock::now();
  EasyExperimentTable table;
  table.problems = options.problems;
  table.samples = options.samples;
  table.reference_samples = options.reference_samples;
  table.directions = options.directions;
  table.seed = options.seed;
  table.threads = options.threads;
  table.settings = options.settings;
  table.methods = {"exact", "prior"};
  for (const EasyMethod& method : methods) table.methods.push_back(method.name);

  const std::size_t row_count = table.methods.size();
  const auto problem_count = static_cast<std::size_t>(options.problems);
  // scores[(setting * R + problem) * rows + row]
  std::vector<EasyProblemScore> scores(options.settings.size() * problem_count * row_count);
  std::mutex progress_mutex;

  run_jobs(options.settings.size() * problem_count, options.threads, [&](std::size_t job) {
    const Clock::time_point job_start = Clock::now();
    const EasySetting setting = options.settings[job / problem_count];
    const int problem_index = static_cast<int>(job % problem_count);
    const EasyProblem problem =
        make_easy_problem(setting.d, setting.d_y, derive_easy_seed(options.seed, "problem", setting, problem_index));
    const GaussianMixturePosterior posterior = problem.prior.posterior(problem.measurement);
    const auto d = static_cast<std::size_t>(setting.d);

    std::vector<double> reference(options.reference_samples * d);
    {
      sampling::RandomSource source(derive_easy_seed(options.seed, "reference", setting, problem_index));
      for (std::size_t n = 0; n < options.reference_samples; ++n) {
        const std::vector<double> x = posterior.sample(source);
        std::copy(x.begin(), x.end(), reference.begin() + static_cast<std::ptrdiff_t>(n * d));
      }
    }

    std::vector<std::vector<double>> clouds(row_count, std::vector<double>(options.samples * d));
    for (std::size_t row = 0; row < row_count; ++row) {
      EasyProblemScore& score = scores[job * row_count + row];
      sampling::RandomSource row_source(derive_easy_seed(options.seed, "row", setting, problem_index, table.methods[row]));
      const Clock::time_point row_start = Clock::now();
      for (std::size_t n = 0; n < options.samples; ++n) {
        sampling::RandomSource source(row_source.word());
        std::vector<double> x;
        if (row == 0) {
          x = posterior.sample(source);
        } else if (row == 1) {
          x = problem.prior.draw(source);
        } else {
          PeerDraw draw = methods[row - 2].sampler->sample(problem.prior, problem.measurement, source);
          score.score_calls += static_cast<double>(draw.score_calls);
          x = std::move(draw.x);
        }
        if (x.size() != d) {
          throw std::invalid_argument(fmt::format("easy experiment: method '{}' returned {} coordinates, expected {}",
                                                  table.methods[row], x.size(), d));
        }
        std::copy(x.begin(), x.end(), clouds[row].begin() + static_cast<std::ptrdiff_t>(n * d));
      }
      score.seconds = seconds_since(row_start);
      score.mode_weight_error = mode_weight_error(posterior, clouds[row], options.samples);
    }

    std::vector<std::span<const double>> views(clouds.begin(), clouds.end());
    sampling::RandomSource directions(derive_easy_seed(options.seed, "directions", setting, problem_index));
    const std::vector<stats::SlicedWasserstein> distances =
        stats::sliced_wasserstein2_many(reference, views, setting.d, options.directions, directions);
    for (std::size_t row = 0; row < row_count; ++row) {
      EasyProblemScore& score = scores[job * row_count + row];
      score.sliced_wasserstein = distances[row].distance;
      score.sliced_wasserstein_error =
          distances[row].distance > 0 ? distances[row].mean_square_standard_error / (2 * distances[row].distance) : 0.0;
    }
    if (options.progress) {
      const std::lock_guard<std::mutex> lock(progress_mutex);
      options.progress(fmt::format("{}: problem {} done, {:.2f} s", format_setting(setting), problem_index,
                                   seconds_since(job_start)));
    }
  });

  for (std::size_t s = 0; s < options.settings.size(); ++s) {
    for (std::size_t row = 0; row < row_count; ++row) {
      EasyRowSummary summary;
      summary.setting = options.settings[s];
      summary.method = table.methods[row];
      std::vector<double> sw, mode;
      double seconds = 0, calls = 0;
      for (std::size_t r = 0; r < problem_count; ++r) {
        const EasyProblemScore& score = scores[(s * problem_count + r) * row_count + row];
        summary.problems.push_back(score);
        sw.push_back(score.sliced_wasserstein);
        mode.push_back(score.mode_weight_error);
        seconds += score.seconds;
        calls += score.score_calls;
      }
      const Spread sw_spread = summarize(sw);
      const Spread mode_spread = summarize(mode);
      summary.sw_mean = sw_spread.mean;
      summary.sw_half_width = sw_spread.half_width;
      summary.sw_median = sw_spread.median;
      summary.mode_error_mean = mode_spread.mean;
      summary.mode_error_half_width = mode_spread.half_width;
      summary.mode_error_median = mode_spread.median;
      const double total_samples = static_cast<double>(problem_count * options.samples);
      summary.seconds_per_sample = seconds / total_samples;
      summary.score_calls_per_sample = calls / total_samples;
      table.rows.push_back(std::move(summary));
    }
  }
  table.seconds = seconds_since(start);
  return table;
}

const EasyRowSummary& EasyExperimentTable::row(EasySetting setting, std::string_view method) const {
  for (const EasyRowSummary& summary : rows) {
    if (summary.setting.d == setting.d && summary.setting.d_y == setting.d_y && summary.method == method) return summary;
  }
  throw std::invalid_argument(fmt::format("easy experiment table: no row '{}' for {}", method, format_setting(setting)));
}

std::string EasyExperimentTable::to_markdown() const {
  std::string md = fmt::format(
      "Easy instance (MCGdiff Gaussian mixture, 25 components): {} problems per setting, N = {} samples per method, "
      "{} reference posterior samples, SW2 over {} directions, master seed {}, {} threads, {:.1f} s.\n\n",
      problems, samples, reference_samples, directions, seed, threads, seconds);
  md += "| d | d_y | method | SW2 mean ± 1.96 sd/√R | SW2 median | mode-weight TV mean ± 1.96 sd/√R | s/sample | score calls/sample |\n";
  md += "|---:|---:|:---|---:|---:|---:|---:|---:|\n";
  for (const EasyRowSummary& summary : rows) {
    md += fmt::format("| {} | {} | {} | {:.4g} ± {:.2g} | {:.4g} | {:.3f} ± {:.2g} | {:.3g} | {:.4g} |\n", summary.setting.d,
                      summary.setting.d_y, summary.method, summary.sw_mean, summary.sw_half_width, summary.sw_median,
                      summary.mode_error_mean, summary.mode_error_half_width, summary.seconds_per_sample,
                      summary.score_calls_per_sample);
  }
  md += "\n\"exact\": fresh exact posterior samples (the noise floor of SW2 at this N); \"prior\": prior samples ignoring y.\n";
  return md;
}

nlohmann::json EasyExperimentTable::to_json() const {
  nlohmann::json document;
  document["problems"] = problems;
  document["samples"] = samples;
  document["reference_samples"] = reference_samples;
  document["directions"] = directions;
  document["seed"] = seed;
  document["threads"] = threads;
  document["seconds"] = seconds;
  document["methods"] = methods;
  nlohmann::json settings_json = nlohmann::json::array();
  for (const EasySetting& setting : settings) settings_json.push_back({{"d", setting.d}, {"d_y", setting.d_y}});
  document["settings"] = settings_json;
  nlohmann::json rows_json = nlohmann::json::array();
  for (const EasyRowSummary& summary : rows) {
    nlohmann::json per_problem = nlohmann::json::array();
    for (const EasyProblemScore& score : summary.problems) {
      per_problem.push_back({{"sliced_wasserstein", score.sliced_wasserstein},
                             {"sliced_wasserstein_error", score.sliced_wasserstein_error},
                             {"mode_weight_error", score.mode_weight_error},
                             {"seconds", score.seconds},
                             {"score_calls", score.score_calls}});
    }
    rows_json.push_back({{"d", summary.setting.d},
                         {"d_y", summary.setting.d_y},
                         {"method", summary.method},
                         {"sw_mean", summary.sw_mean},
                         {"sw_half_width", summary.sw_half_width},
                         {"sw_median", summary.sw_median},
                         {"mode_error_mean", summary.mode_error_mean},
                         {"mode_error_half_width", summary.mode_error_half_width},
                         {"mode_error_median", summary.mode_error_median},
                         {"seconds_per_sample", summary.seconds_per_sample},
                         {"score_calls_per_sample", summary.score_calls_per_sample},
                         {"problems", per_problem}});
  }
  document["rows"] = rows_json;
  return document;
}

}  // namespace dpsi::peers
