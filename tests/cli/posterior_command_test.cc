// `dpsi posterior` and `dpsi invert` as a user runs them: the printed log p_Y(y), a(y) and
// preimage mass agree with the fast double route (SeedPosteriorTable) and carry >= 30 significant
// digits; the inverter succeeds with the exact sampler and fails with a garbage one; bad input is
// a one-line error with exit code 2.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "dpsi/posterior/seed_posterior.h"
#include "dpsi/sampling/instance_sampler.h"
#include "support/cli_runner.h"

namespace {

using dpsi::testing::dpsi;
using dpsi::testing::expect_usage_error;

int significant_digits(const std::string& decimal) {
  int digits = 0;
  bool leading = true;
  for (const char c : decimal) {
    if (c == 'e' || c == 'E') break;
    if (c < '0' || c > '9') continue;
    if (leading && c == '0') continue;
    leading = false;
    ++digits;
  }
  return digits;
}

TEST(PosteriorCommand, AgreesWithTheFastRouteToThirtyDigitsPrinted) {
  dpsi::ParameterValues values;
  values.n = 8;
  values.m = 8;
  const dpsi::Instance instance = dpsi::Instance::from(values);
  // A measurement from the model (so decode(y) usually has preimages and the mass is near 1).
  dpsi::sampling::RandomSource source(4);
  const dpsi::sampling::InstanceSampler sampler(instance);
  const std::vector<double> y = dpsi::sampling::measure(instance, sampler.draw(source).x, source);
  std::string y_text;
  for (const double value : y) y_text += (y_text.empty() ? "" : ",") + fmt::format("{:.17g}", value);
  const auto run = dpsi({"posterior", "--n", "8", "--m", "8", "--y", y_text, "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json out = nlohmann::json::parse(run.out);
  const dpsi::posterior::SeedPosteriorTable table(instance);
  const dpsi::posterior::SeedPosteriorValues fast = table(y);
  EXPECT_NEAR(std::stod(out["log_py"].get<std::string>()), fast.log_evidence, 1e-8);
  EXPECT_NEAR(std::log(std::stod(out["acceptance"].get<std::string>())), fast.log_acceptance, 1e-8);
  EXPECT_GE(significant_digits(out["log_py"]), 30);
  EXPECT_GE(significant_digits(out["acceptance"]), 30);
  ASSERT_GT(out["preimages"].get<int>(), 0);
  EXPECT_GE(significant_digits(out["preimage_mass"]), 30);
  EXPECT_GT(std::stod(out["preimage_mass"].get<std::string>()), 0.99);
}

TEST(PosteriorCommand, RejectsBadInput) {
  expect_usage_error(dpsi({"posterior", "--n", "8", "--m", "8", "--y", "0.1,0.2"}), "--y has 2 coordinates");
  expect_usage_error(dpsi({"posterior", "--n", "8", "--m", "8", "--y", "0.1,x,0,0,0,0,0,0"}), "--y: coordinate 2");
  expect_usage_error(dpsi({"posterior", "--n", "17", "--m", "8", "--y", "0,0,0,0,0,0,0,0"}), "n <= 16");
  expect_usage_error(dpsi({"posterior", "--n", "8", "--m", "8"}), "give --y");
}

TEST(InvertCommand, ExactSamplerInvertsAndGarbageDoesNot) {
  const auto exact = dpsi({"invert", "--n", "6", "--m", "6", "--trials", "50", "--json"});
  ASSERT_EQ(exact.exit_code, 0) << exact.err;
  const nlohmann::json good = nlohmann::json::parse(exact.out);
  EXPECT_EQ(good["successes"].get<int>(), 50);
  const auto garbage = dpsi({"invert", "--n", "6", "--m", "6", "--trials", "200", "--alpha", "1", "--json"});
  ASSERT_EQ(garbage.exit_code, 0) << garbage.err;
  EXPECT_LT(nlohmann::json::parse(garbage.out)["success_rate"].get<double>(), 0.2);
}

// The rejection samplers run end to end on the E test instance (where 1/a(y) is about 10^3):
// uncapped enough that no trial gives up, and each proposal count is recorded.
TEST(InvertCommand, RejectionSamplersRunOnTheSmallInstance) {
  for (const char* sampler : {"rejection", "seed-rejection", "diffusion-rejection"}) {
    const auto run = dpsi({"invert", "--n", "3", "--m", "3", "--delta", "0.5", "--sigma-y", "0.2", "--kappa-star", "0.5", "--sampler",
                           sampler, "--trials", "3", "--max-proposals", "1000000", "--json"});
    ASSERT_EQ(run.exit_code, 0) << sampler << ": " << run.err;
    const nlohmann::json out = nlohmann::json::parse(run.out);
    EXPECT_EQ(out["sampler_failures"].get<int>(), 0) << sampler;
    EXPECT_GE(out["proposals"].get<long>(), 3) << sampler;
  }
}

TEST(InvertCommand, RejectsBadInput) {
  expect_usage_error(dpsi({"invert", "--sampler", "bogus"}), "not available");
  expect_usage_error(dpsi({"invert", "--alpha", "1.5"}), "--alpha must lie in [0, 1]");
  expect_usage_error(dpsi({"invert", "--trials", "0"}), "--trials");
  expect_usage_error(dpsi({"invert", "--sampler", "rejection", "--max-proposals", "0"}), "--max-proposals");
}

}  // namespace

namespace {

// Issue 19: --max-proposals 18446744073709551615 ran unbounded with no progress line; the cap per
// trial and the total are limited, and the message says the limit.
TEST(InvertCommand, AbsurdMaxProposalsIsRefusedWithTheLimit) {
  expect_usage_error(dpsi({"invert", "--sampler", "rejection", "--max-proposals", "18446744073709551615"}),
                     "--max-proposals: 18446744073709551615 is outside 1..1000000000");
  expect_usage_error(dpsi({"invert", "--sampler", "rejection", "--max-proposals", "18446744073709551616"}), "--max-proposals");
  expect_usage_error(dpsi({"invert", "--sampler", "rejection", "--trials", "100", "--max-proposals", "1000000000"}),
                     "the limit is 1e+10");
}

}  // namespace
