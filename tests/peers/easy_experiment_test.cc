// Tests of dpsi/peers/easy_experiment.h (and closed_form_sampler.h): an exact sampler is
// indistinguishable from the runner's "exact" row (sign tests on paired per-problem scores), the
// prior and a mode-collapsed sampler are not (the twins), the table's shape, and independence of the
// thread count.
#include "dpsi/peers/easy_experiment.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "dpsi/peers/closed_form_sampler.h"
#include "dpsi/peers/easy_instance.h"
#include "peers/easy_test_samplers.h"

namespace dpsi::peers {
namespace {

// Small sizes: the claims below are comparisons between rows on the same problems, which need many
// problems rather than large N (the floor at N = 100 is larger than at 1000, but so is the prior's
// distance; what matters is that both rows see the same reference and directions).
EasyExperimentOptions small_options() {
  EasyExperimentOptions options;
  options.settings = {{8, 1}, {8, 4}};
  options.problems = 48;
  options.samples = 100;
  options.reference_samples = 500;
  options.directions = 100;
  options.seed = 2024;
  options.threads = 2;
  return options;
}

// Two-sided sign test: P(|Bin(n, 1/2) - n/2| >= |positives - n/2|), n = positives + negatives.
double sign_test_p_value(int positives, int negatives) {
  const int n = positives + negatives;
  const int extreme = std::min(positives, negatives);
  double tail = 0;
  for (int k = 0; k <= extreme; ++k) tail += std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) - n * std::log(2.0));
  return std::min(1.0, 2 * tail);
}

// Sign test of row `method` against the "exact" row over all settings and problems; ties dropped.
double paired_sign_p_value(const EasyExperimentTable& table, const std::string& method, bool mode_weight) {
  int positives = 0, negatives = 0;
  for (const EasySetting& setting : table.settings) {
    const EasyRowSummary& floor = table.row(setting, "exact");
    const EasyRowSummary& row = table.row(setting, method);
    for (std::size_t r = 0; r < row.problems.size(); ++r) {
      const double difference = mode_weight ? row.problems[r].mode_weight_error - floor.problems[r].mode_weight_error
                                            : row.problems[r].sliced_wasserstein - floor.problems[r].sliced_wasserstein;
      positives += difference > 0;
      negatives += difference < 0;
    }
  }
  return sign_test_p_value(positives, negatives);
}

const testing::ExactTestSampler exact_sampler;
const testing::PriorTestSampler prior_sampler;
const testing::CollapsedTestSampler collapsed_sampler;

const EasyExperimentTable& shared_table() {
  static const EasyExperimentTable table = run_easy_experiment(
      small_options(), {{"test-exact", &exact_sampler}, {"test-prior", &prior_sampler}, {"test-collapsed", &collapsed_sampler}});
  return table;
}

// For an exact sampler the per-problem scores (SW2 and mode-weight TV) of its row and of the "exact"
// row are exchangeable: both are N independent exact draws, scored against the same reference with
// the same directions, from independent seeds. So each paired difference is symmetric about 0 and
// independent across the 96 problems, and the number of positive differences among the non-tied ones
// is Binomial(n, 1/2): the sign test below rejects with probability <= gamma = 1e-9 exactly (no
// approximation; SW2 ties have probability 0, mode-weight ties are dropped, which keeps it exact
// conditionally on the ties).
// Twins at the same gamma: the prior sampler (SW2 above the floor in all 96 problems: p = 2.5e-29) and
// the mode-collapsed sampler (mode-weight error: p = 1.2e-12; it ties the floor where the posterior
// has one dominant mode, hence 48 problems per setting) are rejected. Measured for the exact sampler:
// p = 0.92 (SW2) and 0.25 (mode-weight).
constexpr double kGamma = 1e-9;

TEST(EasyExperiment, ExactSamplerIsIndistinguishableFromTheFloor) {
  const EasyExperimentTable& table = shared_table();
  EXPECT_GE(paired_sign_p_value(table, "test-exact", false), kGamma);
  EXPECT_GE(paired_sign_p_value(table, "test-exact", true), kGamma);
}

TEST(EasyExperiment, TwinsAreRejected) {
  const EasyExperimentTable& table = shared_table();
  EXPECT_LT(paired_sign_p_value(table, "test-prior", false), kGamma);
  EXPECT_LT(paired_sign_p_value(table, "test-collapsed", true), kGamma);
}

// The built-in rows: the prior row is far above the floor (measured ratio of the means at these sizes:
// 11.5 / 1.30 = 8.8 for d_y = 1, 14.2 / 0.21 = 69 for d_y = 4; the test asks for 3, deterministic with
// these seeds), and it has the same law as the test-prior method, so its sign test against it passes.
TEST(EasyExperiment, PriorRowIsFarAboveTheFloor) {
  const EasyExperimentTable& table = shared_table();
  for (const EasySetting& setting : table.settings) {
    const double floor = table.row(setting, "exact").sw_mean;
    const double prior = table.row(setting, "prior").sw_mean;
    EXPECT_GT(prior, 3 * floor) << "d = " << setting.d << ", d_y = " << setting.d_y;
    EXPECT_GT(table.row(setting, "prior").mode_error_mean, table.row(setting, "exact").mode_error_mean);
  }
  int positives = 0, negatives = 0;
  for (const EasySetting& setting : table.settings) {
    const EasyRowSummary& a = table.row(setting, "prior");
    const EasyRowSummary& b = table.row(setting, "test-prior");
    for (std::size_t r = 0; r < a.problems.size(); ++r) {
      positives += a.problems[r].sliced_wasserstein > b.problems[r].sliced_wasserstein;
      negatives += a.problems[r].sliced_wasserstein < b.problems[r].sliced_wasserstein;
    }
  }
  EXPECT_GE(sign_test_p_value(positives, negatives), kGamma);
}

TEST(EasyExperiment, TableHasOneRowPerSettingAndMethod) {
  const EasyExperimentTable& table = shared_table();
  const std::vector<std::string> methods = {"exact", "prior", "test-exact", "test-prior", "test-collapsed"};
  EXPECT_EQ(table.methods, methods);
  ASSERT_EQ(table.rows.size(), 2 * methods.size());
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const EasyRowSummary& row = table.rows[i];
    EXPECT_EQ(row.method, methods[i % methods.size()]);
    EXPECT_EQ(row.problems.size(), 48u);
    EXPECT_GT(row.sw_mean, 0.0);
    EXPECT_GT(row.sw_half_width, 0.0);
    EXPECT_GE(row.seconds_per_sample, 0.0);
    EXPECT_EQ(row.score_calls_per_sample, row.method == "test-exact" ? 1.0 : 0.0);
    for (const EasyProblemScore& score : row.problems) {
      EXPECT_GE(score.mode_weight_error, 0.0);
      EXPECT_LE(score.mode_weight_error, 1.0);
      EXPECT_GT(score.sliced_wasserstein_error, 0.0);
    }
  }
  const std::string markdown = table.to_markdown();
  EXPECT_EQ(std::count(markdown.begin(), markdown.end(), '\n'), 1 + 1 + 2 + 10 + 2);
  EXPECT_NE(markdown.find("| 8 | 4 | test-collapsed |"), std::string::npos);
  const nlohmann::json json = nlohmann::json::parse(table.to_json().dump());
  EXPECT_EQ(json.at("rows").size(), 10u);
  EXPECT_EQ(json.at("rows").at(3).at("method"), "test-prior");
  EXPECT_EQ(json.at("rows").at(3).at("problems").size(), 48u);
  EXPECT_EQ(json.at("settings").at(1).at("d_y"), 4);
  EXPECT_EQ(json.at("directions"), 100);
  EXPECT_DOUBLE_EQ(json.at("rows").at(7).at("sw_mean").get<double>(), table.rows[7].sw_mean);
  EXPECT_THROW((void)table.row({80, 1}, "exact"), std::invalid_argument);
  EXPECT_THROW((void)table.row({8, 1}, "dps"), std::invalid_argument);
}

TEST(EasyExperiment, ThreadCountDoesNotChangeResults) {
  EasyExperimentOptions options = small_options();
  options.problems = 3;
  options.samples = 40;
  options.reference_samples = 100;
  options.directions = 20;
  std::vector<std::string> lines;
  options.progress = [&lines](std::string_view line) { lines.emplace_back(line); };
  options.threads = 1;
  const EasyExperimentTable one = run_easy_experiment(options, {{"test-exact", &exact_sampler}});
  EXPECT_EQ(lines.size(), 6u);
  options.threads = 3;
  const EasyExperimentTable three = run_easy_experiment(options, {{"test-exact", &exact_sampler}});
  ASSERT_EQ(one.rows.size(), three.rows.size());
  for (std::size_t i = 0; i < one.rows.size(); ++i) {
    for (std::size_t r = 0; r < one.rows[i].problems.size(); ++r) {
      EXPECT_EQ(one.rows[i].problems[r].sliced_wasserstein, three.rows[i].problems[r].sliced_wasserstein);
      EXPECT_EQ(one.rows[i].problems[r].mode_weight_error, three.rows[i].problems[r].mode_weight_error);
    }
  }
  // Adding a method changes no other row.
  options.threads = 2;
  const EasyExperimentTable more = run_easy_experiment(options, {{"test-prior", &prior_sampler}, {"test-exact", &exact_sampler}});
  for (const EasySetting& setting : options.settings) {
    for (const char* method : {"exact", "prior", "test-exact"}) {
      EXPECT_EQ(more.row(setting, method).sw_mean, one.row(setting, method).sw_mean);
    }
  }
}

TEST(EasyExperiment, RejectsBadOptions) {
  EasyExperimentOptions options = small_options();
  options.problems = 1;
  options.samples = 5;
  options.reference_samples = 5;
  options.directions = 2;
  EXPECT_THROW(run_easy_experiment(options, {{"exact", &exact_sampler}}), std::invalid_argument);
  EXPECT_THROW(run_easy_experiment(options, {{"a", &exact_sampler}, {"a", &prior_sampler}}), std::invalid_argument);
  EXPECT_THROW(run_easy_experiment(options, {{"a", nullptr}}), std::invalid_argument);
  EasyExperimentOptions bad = options;
  bad.settings = {{7, 1}};
  EXPECT_THROW(run_easy_experiment(bad, {}), std::invalid_argument);
  bad = options;
  bad.problems = 0;
  EXPECT_THROW(run_easy_experiment(bad, {}), std::invalid_argument);
  bad = options;
  bad.directions = 0;
  EXPECT_THROW(run_easy_experiment(bad, {}), std::invalid_argument);
  bad = options;
  bad.threads = 0;
  EXPECT_THROW(run_easy_experiment(bad, {}), std::invalid_argument);
  EXPECT_NO_THROW(run_easy_experiment(options, {}));
}

class NotAMixture : public DiffusionPrior {
 public:
  std::string_view name() const override { return "not-a-mixture"; }
  int dimension() const override { return 8; }
  void score(double, std::span<const double> x, std::span<double> out) const override {
    for (std::size_t i = 0; i < x.size(); ++i) out[i] = -x[i];
  }
};

TEST(ClosedFormPosteriorSampler, DrawsTheClosedFormAndNeedsAMixture) {
  const EasyProblem problem = make_easy_problem(8, 2, 5);
  const ClosedFormPosteriorSampler sampler;
  sampling::RandomSource first(9), second(9);
  EXPECT_EQ(sampler.sample(problem.prior, problem.measurement, first).x,
            problem.prior.posterior(problem.measurement).sample(second));
  EXPECT_THROW(sampler.sample(NotAMixture(), problem.measurement, first), std::invalid_argument);
}

// The benchmark at the published defaults (6 settings, R = 10, N = 1000, 10^4 reference samples,
// 10^4 directions) with the built-in rows only: how the report's floor and prior numbers were
// measured. Disabled (minutes, not seconds); run with
//   easy_experiment_test --gtest_also_run_disabled_tests --gtest_filter='*DefaultBenchmark*'
// (DPSI_EASY_THREADS sets the thread count, default 2).
TEST(EasyExperiment, DISABLED_DefaultBenchmark) {
  EasyExperimentOptions options;
  const char* threads = std::getenv("DPSI_EASY_THREADS");
  options.threads = threads != nullptr ? std::atoi(threads) : 2;
  options.progress = [](std::string_view line) { std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data()); };
  const EasyExperimentTable table = run_easy_experiment(options, {});
  std::printf("%s\n%s\n", table.to_markdown().c_str(), table.to_json().dump().c_str());
}

}  // namespace
}  // namespace dpsi::peers
