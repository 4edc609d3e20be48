#include "cli/invert_command.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <iostream>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>

#include "cli/instance_options.h"
#include "dpsi/diffusion/diffusion_sampler.h"
#include "dpsi/diffusion/oracle_score.h"
#include "dpsi/posterior/ancestral_prior_sampler.h"
#include "dpsi/posterior/degraded_sampler.h"
#include "dpsi/posterior/exact_posterior_sampler.h"
#include "dpsi/posterior/inverter.h"
#include "dpsi/posterior/rejection_sampler.h"
#include "dpsi/posterior/seed_rejection_sampler.h"
#include "dpsi/posterior/tabulated_prior_sampler.h"
#include "proofs-checks/inversion_checks.h"

namespace dpsi::cli {
namespace {

constexpr std::uint64_t kMaxTrials = 100'000'000;
// Rejection sampling at the defaults needs about 10^44 proposals; a cap beyond these only hangs.
// (about 1.5 us per proposal, 300 us with diffusion-rejection).
constexpr std::uint64_t kMaxProposals = 1'000'000'000;        // per trial
constexpr std::uint64_t kMaxTotalProposals = 10'000'000'000;  // trials x cap

struct InvertOptions {
  InstanceFlags instance;
  std::string sampler = "exact";
  std::string alpha = "0";
  std::string beta = "0";
  std::string max_proposals = "10000000";
  std::string trials = "100";
  std::string seed = "1";
  bool json = false;
};

Rational parse_probability(const std::string& flag, const std::string& text) {
  Rational value;
  try {
    value = parse_rational(text);
  } catch (const ParseError& error) {
    throw UsageError(fmt::format("{}: {}", flag, error.what()));
  }
  if (value < 0 || value > 1) throw UsageError(fmt::format("{} must lie in [0, 1]", flag));
  return value;
}

// The sampler stack: the base sampler (and the proposals it needs), optionally degraded.
struct SamplerStack {
  std::unique_ptr<diffusion::SmoothedScore> score;  // diffusion proposals only
  std::unique_ptr<posterior::PriorSampler> proposals;
  std::unique_ptr<posterior::PosteriorSampler> base;
  std::unique_ptr<posterior::PosteriorSampler> degraded;
  const posterior::PosteriorSampler& top() const { return degraded ? *degraded : *base; }
};

SamplerStack build_sampler(const InvertOptions& options, const Instance& instance, std::uint64_t max_proposals, double alpha, double beta) {
  SamplerStack stack;
  if (options.sampler == "exact") {
    if (instance.n() > 20) throw UsageError(fmt::format("--sampler exact enumerates all 2^n seeds and needs n <= 20 (n = {})", instance.n()));
    stack.base = std::make_unique<posterior::ExactPosteriorSampler>(instance);
  } else if (options.sampler == "rejection") {
    if (instance.n() <= 20) stack.proposals = std::make_unique<posterior::TabulatedPriorSampler>(instance);
    else stack.proposals = std::make_unique<posterior::AncestralPriorSampler>(instance);
    stack.base = std::make_unique<posterior::RejectionSampler>(instance, *stack.proposals, max_proposals);
  } else if (options.sampler == "seed-rejection") {
    if (instance.n() > 64) throw UsageError("--sampler seed-rejection needs n <= 64");
    stack.base = std::make_unique<posterior::SeedRejectionSampler>(instance, max_proposals);
  } else if (options.sampler == "diffusion-rejection") {
    // Proposals from the diffusion sampler of spec F.2 driven by the analytic oracle of C.8 (the
    // ReLU networks take minutes to build; `dpsi diffuse --scores network` runs those).
    stack.score = std::make_unique<diffusion::AnalyticOracleScore>(instance);
    stack.proposals = std::make_unique<diffusion::DiffusionSampler>(*stack.score, diffusion::TimeGrid::defaults());
    stack.base = std::make_unique<posterior::RejectionSampler>(instance, *stack.proposals, max_proposals);
  } else {
    throw UsageError(fmt::format("--sampler {} is not available (samplers: exact, rejection, seed-rejection, diffusion-rejection)", quoted_input(options.sampler)));
  }
  if (alpha > 0 || beta > 0) stack.degraded = std::make_unique<posterior::DegradedSampler>(*stack.base, instance.d(), alpha, beta);
  return stack;
}

int run_invert(const InvertOptions& options) {
  const Instance instance = parse_instance(options.instance);
  const Rational alpha = parse_probability("--alpha", options.alpha);
  const Rational beta = parse_probability("--beta", options.beta);
  const std::uint64_t trials = parse_integer_in_range("--trials", options.trials, 1, kMaxTrials);
  const std::uint64_t max_proposals = parse_integer_in_range("--max-proposals", options.max_proposals, 1, kMaxProposals);
  if (options.sampler != "exact" && trials * max_proposals > kMaxTotalProposals) {
    throw UsageError(fmt::format("--trials {} x --max-proposals {} allows {:.3g} proposals; the limit is {:.0e} (a proposal takes "
                                 "about 1.5 us, 300 us with diffusion-rejection)",
                                 trials, max_proposals, static_cast<double>(trials) * static_cast<double>(max_proposals),
                                 static_cast<double>(kMaxTotalProposals)));
  }
  const std::uint64_t seed = parse_seed("--seed", options.seed);
  const SamplerStack stack = build_sampler(options, instance, max_proposals, alpha.convert_to<double>(), beta.convert_to<double>());

  const posterior::Inverter inverter(instance);
  sampling::RandomSource source(seed);
  std::uint64_t successes = 0;
  std::uint64_t failures = 0;
  std::uint64_t proposals = 0;
  const auto start = std::chrono::steady_clock::now();
  // Progress every 10 s on stderr, also while one long trial runs (a capped rejection trial can take
  // hours); the thread stops when the trials end (or on an exception, by jthread's destructor).
  std::atomic<std::uint64_t> done{0};
  std::atomic<std::uint64_t> succeeded{0};
  std::jthread progress;
  if (!options.json) {
    progress = std::jthread([&](const std::stop_token& token) {
      std::mutex mutex;
      std::condition_variable_any wake;
      std::unique_lock lock(mutex);
      while (!wake.wait_for(lock, token, std::chrono::seconds(10), [] { return false; })) {
        if (token.stop_requested()) break;
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cerr << fmt::format("invert: {}/{} trials, {} successes, {:.0f} s\n", done.load(), trials, succeeded.load(), elapsed);
      }
    });
  }
  const std::uint64_t seeds = instance.n() < 64 ? std::uint64_t{1} << instance.n() : 0;
  for (std::uint64_t trial = 0; trial < trials; ++trial) {
    owf::Bits secret(static_cast<std::size_t>(instance.n()));
    if (seeds != 0) {
      secret = inverter.function().seed_of_index(source.uniform_below(seeds));
    } else {
      for (auto& bit : secret) bit = source.bit() ? 1 : 0;
    }
    const posterior::InversionOutcome outcome = inverter.invert(inverter.function()(secret), stack.top(), source);
    successes += outcome.success ? 1 : 0;
    failures += outcome.draw.failed ? 1 : 0;
    proposals += outcome.draw.proposals;
    done = trial + 1;
    succeeded = successes;
  }
  if (progress.joinable()) {
    progress.request_stop();
    progress.join();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double rate = static_cast<double>(successes) / static_cast<double>(trials);
  // Two-sided Hoeffding interval at confidence 0.99.
  const double radius = std::sqrt(std::log(2.0 / 0.01) / (2.0 * static_cast<double>(trials)));
  const PrecisionScope scope(256);
  const Ball bound = checks::detail::inversion_success_bound(instance, alpha, beta);
  const std::string sampler_name = std::string(stack.top().name()) + (stack.degraded ? " over " + std::string(stack.base->name()) : "");
  if (options.json) {
    nlohmann::json out = {{"n", instance.n()}, {"m", instance.m()}, {"sampler", options.sampler}, {"alpha", to_decimal(alpha)},
                          {"beta", to_decimal(beta)}, {"trials", trials}, {"successes", successes}, {"success_rate", rate},
                          {"hoeffding_99_radius", radius}, {"b2_bound", bound.mid_str(10)}, {"sampler_failures", failures},
                          {"proposals", proposals}, {"seconds", seconds}, {"seed", seed}};
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << fmt::format("# inverter of spec B.2 with the {} sampler (n = {}, m = {}, sigma_y = {}), {} random targets f(s*), seed {}\n",
                           sampler_name, instance.n(), instance.m(), to_decimal(instance.sigma_y()), trials, seed);
  std::cout << fmt::format("success {}/{} = {:.4f} (99% Hoeffding interval [{:.4f}, {:.4f}])\n", successes, trials, rate,
                           std::max(0.0, rate - radius), std::min(1.0, rate + radius));
  std::cout << fmt::format("B.2 bound 1 - alpha - beta - 2 P_dec - P_sgn = {} (alpha = {}, beta = {})\n", bound.mid_str(8), to_decimal(alpha),
                           to_decimal(beta));
  if (proposals > 0)
    std::cout << fmt::format("proposals {} in all ({:.4g} per trial); {} trials hit the cap of {} and failed\n", proposals,
                             static_cast<double>(proposals) / static_cast<double>(trials), failures, max_proposals);
  std::cout << fmt::format("time {:.3f} s ({:.4g} s per trial)\n", seconds, seconds / static_cast<double>(trials));
  return kExitOk;
}

}  // namespace

std::function<int()> add_invert_command(CLI::App& app) {
  auto options = std::make_shared<InvertOptions>();
  CLI::App* command = app.add_subcommand(
      "invert", "Invert f with a posterior sampler (spec B.2): simulate y from f(s*) alone, sample x ~ A(y), read the seed off the "
                "signs of x_S; report the success rate against B.2's bound");
  add_instance_options(*command, options->instance);
  command->add_option("--sampler", options->sampler,
                      "exact (brute-force posterior, R5, n <= 20), rejection (spec E, exact ancestral proposals), seed-rejection "
                      "(uniform seeds accepted with prod h(y_i) / prod max_b h(y_i), then x given (s, y): exact, about "
                      "2^n / #preimages proposals) or diffusion-rejection "
                      "(spec E with proposals from the F.2 diffusion sampler, analytic-oracle scores); rejection samplers are capped "
                      "by --max-proposals")
      ->capture_default_str();
  command->add_option("--alpha", options->alpha, "degrade the sampler: garbage with probability alpha (spec A.6)")->capture_default_str();
  command->add_option("--beta", options->beta, "degrade the sampler: garbage on a pseudo-random beta-fraction of measurements")
      ->capture_default_str();
  command->add_option("--max-proposals", options->max_proposals, "cap T_max of rejection samplers (a capped run that gives up fails); 1..10^9, and --trials x T_max <= 10^10")
      ->capture_default_str();
  command->add_option("--trials", options->trials, "number of random targets K")->capture_default_str();
  command->add_option("--seed", options->seed, "random seed (targets, measurements, sampler)")->capture_default_str();
  command->add_flag("--json", options->json, "machine-readable output");
  return [command, options] { return *command ? run_invert(*options) : -1; };
}

}  // namespace dpsi::cli
