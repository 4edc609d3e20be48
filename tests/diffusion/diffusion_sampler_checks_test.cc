// The registered F.2 checks: they pass in quick mode with the spec seed, and the same statistics
// reject deliberately wrong samplers (negative controls, the statistical analogue of a false-bound
// twin): an oracle whose f-block phase is flipped fails smoke-decoding, two-sample and the pooled
// residual test (smoke-seed-magnitude), an oracle with the wrong seed amplitude fails
// smoke-seed-magnitude and two-sample, a sign-biased output set fails smoke-sign-uniformity.
#include "proofs-checks/diffusion_sampler_checks.h"

#include <gtest/gtest.h>

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "dpsi/audit/registry.h"
#include "dpsi/diffusion/oracle_score.h"
#include "dpsi/diffusion/schedule.h"
#include "support/check_runner.h"

namespace dpsi::checks {
namespace {

constexpr std::uint64_t kOutputs = 1'000;

std::uint64_t f2_seed() { return audit::derive_seed("F.2", std::nullopt); }

void print(const std::string& name, const audit::CheckResult& result) {
  std::cout << name << ": " << (result.passed ? "pass" : "FAIL") << ": " << result.margin << "\n";
  for (const std::string& line : result.log) std::cout << "  " << line << "\n";
}

// The oracle with psi_{1 - f(sbar)_i} on the f-block in the vertex regime: the lattice phase flipped.
class FlippedPhaseScore final : public diffusion::SmoothedScore {
 public:
  explicit FlippedPhaseScore(const Instance& instance)
      : oracle_(instance), n_(instance.n()), delta_(instance.delta().convert_to<double>()) {}
  std::string_view name() const override { return "flipped-phase"; }
  int dimension() const override { return oracle_.dimension(); }
  void evaluate(double sigma, std::span<const double> points, std::size_t count, std::span<double> scores) const override {
    oracle_.evaluate(sigma, points, count, scores);
    if (!oracle_.vertex_regime(sigma)) return;
    const auto d = static_cast<std::size_t>(dimension());
    const auto n = static_cast<std::size_t>(n_);
    for (std::size_t r = 0; r < count; ++r) {
      const owf::Bits image = oracle_.image_of_signs(points.subspan(r * d, n));
      for (std::size_t i = 0; i < image.size(); ++i) {
        scores[r * d + n + i] = diffusion::lattice_score(1 - image[i], oracle_.kappa_of(sigma), points[r * d + n + i], delta_);
      }
    }
  }

 private:
  diffusion::AnalyticOracleScore oracle_;
  int n_;
  double delta_;
};

Instance with_amplitude(const Rational& a) {
  ParameterValues values = ParameterValues::defaults();
  values.a = a;
  return Instance::from(values);
}

TEST(DiffusionSamplerChecks, PassQuick) {
  testing::expect_checks_pass_quick(register_diffusion_sampler_checks, spec::CheckKind::kStatistical,
                                    {"F.2:smoke-decoding", "F.2:smoke-sign-uniformity", "F.2:smoke-seed-magnitude",
                                     "F.2:two-sample"});
}

TEST(DiffusionSamplerChecks, FlippedPhaseFailsDecodingAndTwoSample) {
  const Instance instance = Instance::defaults();
  const FlippedPhaseScore score(instance);
  const diffusion::DiffusionSampler sampler(score, diffusion::TimeGrid::defaults());
  const Outputs outputs = diffusion_outputs(sampler, kOutputs, f2_seed());
  const audit::CheckResult decoding = smoke_decoding(instance, outputs);
  print("flipped phase: smoke-decoding", decoding);
  EXPECT_FALSE(decoding.passed);
  const audit::CheckResult ks = two_sample(instance, outputs, exact_outputs(instance, kOutputs, f2_seed() + 1), "flipped",
                                      blur_slack(instance, diffusion::kDefaultEarlyStop));
  print("flipped phase: two-sample", ks);
  EXPECT_FALSE(ks.passed);
  // The seed block is untouched, so the sign check still passes; the pooled residual test sees the f-block's
  // residuals at +-delta/2 (24 s).
  EXPECT_TRUE(smoke_sign_uniformity(instance, outputs).passed);
  EXPECT_FALSE(smoke_seed_magnitude(instance, outputs).passed);
}

TEST(DiffusionSamplerChecks, WrongAmplitudeFailsSeedMagnitudeAndTwoSample) {
  const Instance instance = Instance::defaults();
  // a = 1.5 instead of 1: the seed residuals about +-1 are +-0.5, about 490 s.
  const diffusion::AnalyticOracleScore wrong(with_amplitude(Rational(3, 2)));
  const diffusion::DiffusionSampler sampler(wrong, diffusion::TimeGrid::defaults());
  const Outputs outputs = diffusion_outputs(sampler, kOutputs, f2_seed());
  const audit::CheckResult magnitude = smoke_seed_magnitude(instance, outputs);
  print("a = 1.5: smoke-seed-magnitude", magnitude);
  EXPECT_FALSE(magnitude.passed);
  const audit::CheckResult ks = two_sample(instance, outputs, exact_outputs(instance, kOutputs, f2_seed() + 1), "a = 1.5",
                                      blur_slack(instance, diffusion::kDefaultEarlyStop));
  EXPECT_FALSE(ks.passed);
}

TEST(DiffusionSamplerChecks, ResidualLawMatchesTheRecursionAndItsAlternatives) {
  const Instance instance = Instance::defaults();
  const ResidualLaw law = integrator_residual_law(instance);
  const double tau2 = 1e-6;
  EXPECT_NEAR(law.variance / tau2, 1.054642, 1e-5);
  EXPECT_NEAR(law.target_variance / tau2, 1.005, 1e-9);
  EXPECT_EQ(law.vertex_steps, 152U);
  EXPECT_NEAR(integrator_residual_law(instance, {1.01, 1}).variance / law.variance, 1.0200, 2e-4);
  EXPECT_NEAR(integrator_residual_law(instance, {1, 1.01}).variance / law.variance, 0.9799, 2e-4);
}

TEST(DiffusionSamplerChecks, BiasedSignsFailSignUniformity) {
  const Instance instance = Instance::defaults();
  const diffusion::AnalyticOracleScore score(instance);
  const diffusion::DiffusionSampler sampler(score, diffusion::TimeGrid::defaults());
  Outputs outputs = diffusion_outputs(sampler, kOutputs, f2_seed());
  // Force x_S,3 positive in a quarter of the outputs where it was negative: p_3 moves by ~1/8 > 0.11.
  std::size_t flipped = 0;
  for (std::vector<double>& x : outputs) {
    if (x[2] < 0 && flipped * 4 < outputs.size() / 2) {
      x[2] = -x[2];
      ++flipped;
    }
  }
  const audit::CheckResult signs = smoke_sign_uniformity(instance, outputs);
  print("biased signs: smoke-sign-uniformity", signs);
  EXPECT_FALSE(signs.passed);
}

TEST(DiffusionSamplerChecks, RejectsMalformedOutputs) {
  const Instance instance = Instance::defaults();
  Outputs outputs(10, std::vector<double>(31, 0.0));
  EXPECT_THROW(smoke_decoding(instance, outputs), std::invalid_argument);
  EXPECT_THROW(smoke_sign_uniformity(instance, Outputs(1, std::vector<double>(32, 0.0))), std::invalid_argument);
}

}  // namespace
}  // namespace dpsi::checks
