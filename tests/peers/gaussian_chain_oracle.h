// File: tests/peers/gaussian_chain_oracle.h
// Closed forms for the peer-sampler tests in one dimension with the prior N(mu, v) and the measurement
// y = A x + sigma_y n: the exact posterior, and the exact law of each sampler's Markov chain where it
// is linear-Gaussian (PiGDM, the unconditional DDPM chain that TDS reweights, annealed Langevin). With a
// Gaussian prior every step of those chains is x <- slope x + offset + noise, so a Gaussian state stays
// Gaussian and its two moments propagate exactly; the difference between that law and the posterior is
// the method's bias (discretization, annealing), computed rather than measured.
//
// Written independently of the samplers: the DDPM step uses the posterior form of Ho et al.,
//   mean = [a_s beta_{t|s} / v_t] x0hat + [sqrt(alpha_{t|s}) v_s / v_t] x_t,  variance beta_{t|s} v_s / v_t,
// not the DDIM form of ddim_transition.h (the two are equal for eta = 1; a test checks it).
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

#include "dpsi/peers/vp_schedule.h"

namespace dpsi::peers::testing {

struct Moments {
  double mean = 0;
  double variance = 0;
};

struct ScalarProblem {
  double prior_mean = 1;
  double prior_variance = 1;
  double a = 1;  // the 1 x 1 matrix A
  double y = 3;
  double sigma_y = 0.5;
};

// N(m, q) prior times N(y; A x, sigma_y^2) in x.
inline Moments gaussian_posterior(const Moments& prior, double a, double y, double sigma_y) {
  const double precision = 1 / prior.variance + a * a / (sigma_y * sigma_y);
  return {(prior.mean / prior.variance + a * y / (sigma_y * sigma_y)) / precision, 1 / precision};
}
inline Moments gaussian_posterior(const ScalarProblem& p) {
  return gaussian_posterior({p.prior_mean, p.prior_variance}, p.a, p.y, p.sigma_y);
}

// Law of slope x + offset + sqrt(noise_variance) xi for x ~ N(m, q), xi ~ N(0, 1) independent.
inline Moments push(const Moments& m, double slope, double offset, double noise_variance) {
  return {slope * m.mean + offset, slope * slope * m.variance + noise_variance};
}

// An affine map f(x) = slope x + offset.
struct Affine {
  double slope = 1;
  double offset = 0;
  Affine then(double s, double o) const { return {s * slope, s * offset + o}; }  // x -> s f(x) + o
};

// DDPM posterior coefficients between timesteps t > s (Ho et al. form).
struct DdpmStep {
  double on_x0hat;
  double on_state;
  double variance;
};
inline DdpmStep ddpm_step(const VpSchedule& schedule, std::size_t t, std::size_t s) {
  const double alpha_ts = schedule.abar(t) / schedule.abar(s);
  const double beta_ts = 1 - alpha_ts;
  return {schedule.a(s) * beta_ts / schedule.v(t), std::sqrt(alpha_ts) * schedule.v(s) / schedule.v(t),
          beta_ts * schedule.v(s) / schedule.v(t)};
}

// Tweedie's mean at timestep t as an affine map of x_t: x0hat = (v x_t / a_t + sigma_t^2 mu) / (v + sigma_t^2).
inline Affine tweedie_map(const VpSchedule& schedule, std::size_t t, const ScalarProblem& p) {
  const double s2 = schedule.sigma(t) * schedule.sigma(t);
  return {p.prior_variance / (schedule.a(t) * (p.prior_variance + s2)), s2 * p.prior_mean / (p.prior_variance + s2)};
}

// PiGDM's guided mean x0hat' = x0hat + w sigma^2 J A (y - A x0hat) / (r^2 A^2 + sigma_y^2) as an affine map of x_t,
// J = v / (v + sigma^2) (d x0hat / dz), r^2 = v_data sigma^2 / (v_data + sigma^2).
inline Affine pigdm_guided_map(const VpSchedule& schedule, std::size_t t, const ScalarProblem& p, double weight,
                               double data_variance) {
  const double s2 = schedule.sigma(t) * schedule.sigma(t);
  const double jacobian = p.prior_variance / (p.prior_variance + s2);
  const double r2 = data_variance * s2 / (data_variance + s2);
  const double gain = weight * s2 * jacobian * p.a / (r2 * p.a * p.a + p.sigma_y * p.sigma_y);
  return tweedie_map(schedule, t, p).then(1 - gain * p.a, gain * p.y);
}

// Exact law of PiGDM's output (eta = 1) on the given descending timesteps, from x_N ~ N(0, 1).
inline Moments pigdm_output_law(const VpSchedule& schedule, const std::vector<std::size_t>& steps,
                                const ScalarProblem& p, double weight, double data_variance) {
  Moments state{0, 1};
  for (std::size_t k = 0; k < steps.size(); ++k) {
    const Affine guided = pigdm_guided_map(schedule, steps[k], p, weight, data_variance);
    if (k + 1 == steps.size()) return push(state, guided.slope, guided.offset, 0);
    const DdpmStep step = ddpm_step(schedule, steps[k], steps[k + 1]);
    state = push(state, step.on_x0hat * guided.slope + step.on_state, step.on_x0hat * guided.offset, step.variance);
  }
  return state;
}

// Exact law of the unconditional DDPM model's x_0 = x0hat(x_1) on the given timesteps (TDS's model).
inline Moments ddpm_model_law(const VpSchedule& schedule, const std::vector<std::size_t>& steps, const ScalarProblem& p) {
  return pigdm_output_law(schedule, steps, p, 0.0, 1.0);
}

// The posterior of that discretized model: the law TDS converges to as K -> infinity.
inline Moments ddpm_model_posterior(const VpSchedule& schedule, const std::vector<std::size_t>& steps,
                                    const ScalarProblem& p) {
  return gaussian_posterior(ddpm_model_law(schedule, steps, p), p.a, p.y, p.sigma_y);
}

// Exact law of annealed Langevin's last iterate: levels sigma_i (geometric as in langevin_sampler.h),
// eta_i = epsilon sigma_i^2 / sigma_L^2, x <- x + eta [-(x - mu)/(v + sigma^2) + A (y - A x)/(sigma_y^2 + sigma^2)]
// + sqrt(2 eta) xi, from N(0, sigma_1^2).
inline Moments langevin_output_law(double sigma_first, double sigma_last, std::size_t levels,
                                   std::size_t steps_per_level, double epsilon, const ScalarProblem& p) {
  Moments state{0, sigma_first * sigma_first};
  for (std::size_t i = 0; i < levels; ++i) {
    const double sigma = levels == 1 ? sigma_last
                                     : sigma_first * std::pow(sigma_last / sigma_first,
                                                              static_cast<double>(i) / static_cast<double>(levels - 1));
    const double s2 = sigma * sigma;
    const double eta = epsilon * s2 / (sigma_last * sigma_last);
    const double prior_precision = 1 / (p.prior_variance + s2);
    const double likelihood_precision = 1 / (p.sigma_y * p.sigma_y + s2);
    const double slope = 1 - eta * prior_precision - eta * likelihood_precision * p.a * p.a;
    const double offset = eta * prior_precision * p.prior_mean + eta * likelihood_precision * p.a * p.y;
    for (std::size_t k = 0; k < steps_per_level; ++k) state = push(state, slope, offset, 2 * eta);
  }
  return state;
}

}  // namespace dpsi::peers::testing
