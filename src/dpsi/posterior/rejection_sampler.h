// File: dpsi/posterior/rejection_sampler.h
// Algorithm RS(y; p-hat, T_max) of spec E: repeat at most T_max times: x ~ p-hat, U ~ U[0, 1];
// accept if U <= L_y(x) = exp(-||y - x_F||^2 / (2 sigma_y^2)). After T_max rejections: FAIL.
// Without a cap (T_max = 0 here) it repeats until acceptance: E.1 says the output is then an exact
// draw of p-hat(. | y), and E.5 that the proposal count is Geometric(a-hat(y)), truncated at T_max.
//
// Error bound: the acceptance test compares a 53-bit uniform with L_y computed in double, so each
// round's acceptance probability is L_y(x) within 2^-52 relative (plus 2^-53 absolute); the
// accepted law is then within TV 2^-50 / a-hat(y) of p-hat(. | y).
// Uncapped runs with a(y) ~ 1e-44 never end: callers running defaults must cap.
#pragma once

#include <cstdint>
#include <string>

#include "dpsi/posterior/posterior_sampler.h"
#include "dpsi/params/instance.h"

namespace dpsi::posterior {

class RejectionSampler final : public PosteriorSampler {
 public:
  // `proposals` must outlive the sampler. max_proposals = 0 means uncapped.
  RejectionSampler(const Instance& instance, const PriorSampler& proposals, std::uint64_t max_proposals = 0);
  std::string_view name() const override { return name_; }
  // Consumption per round: the proposal's draw(source), then one word (U).
  PosteriorDraw sample(std::span<const double> y, sampling::RandomSource& source) const override;

  // log L_y(x) = -||y - x_F||^2 / (2 sigma_y^2) (x has d entries, y m).
  double log_likelihood(std::span<const double> y, std::span<const double> x) const;

 private:
  int n_;
  int m_;
  double two_sigma_y_squared_;
  const PriorSampler& proposals_;
  std::uint64_t max_proposals_;
  std::string name_;  // "rejection" over exact proposals, "<proposal name>-rejection" otherwise
};

}  // namespace dpsi::posterior
