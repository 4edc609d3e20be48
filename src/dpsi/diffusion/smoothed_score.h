// File: dpsi/diffusion/smoothed_score.h
// What drives the F.2 sampler: an approximation s_hat_sigma of the score s_sigma = grad log g~_sigma
// of the smoothed instance g~_sigma = g * N(0, (tau^2 + sigma^2) I) (spec A.4, C.8), in double.
//
// Implementations: AnalyticOracleScore (oracle_score.h, C.8's analytic oracle) and NetworkScore
// (network_score.h, C.8's ReLU networks). They are deterministic: the same (sigma, points) always
// give the same scores, bit for bit, whether evaluated one point at a time or in a batch.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace dpsi::diffusion {

class SmoothedScore {
 public:
  virtual ~SmoothedScore() = default;
  virtual std::string_view name() const = 0;  // "oracle", "network"
  virtual int dimension() const = 0;          // d = n + m
  // s_hat_sigma at `count` points: points and scores are row-major count x d (seed block first in each
  // row). sigma > 0 and finite, points finite; throws std::invalid_argument on bad sizes or sigma.
  virtual void evaluate(double sigma, std::span<const double> points, std::size_t count,
                        std::span<double> scores) const = 0;
};

}  // namespace dpsi::diffusion
