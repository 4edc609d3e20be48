// File: dpsi/stats/mean_tests.h
// The bounded-mean tests of spec/README.md §Statistical checks, decided in ball arithmetic.
//
// Observations are enclosures (Balls). For a claim E X <= c the test uses the lower end of each
// enclosure (Y = lower(X) <= X has E Y <= c whenever the claim holds, so the false-failure
// probability stays <= gamma); for E X >= c the upper end. The decision compares enclosures, so
// "undecided" is reported as a failure by the callers.
#pragma once

#include <cstdint>

#include "dpsi/numeric/ball.h"
#include "dpsi/numeric/rational.h"

namespace dpsi::stats {

// gamma_MC = 1e-9: the false-failure probability of every statistical claim (spec/README.md).
inline Rational gamma_mc() { return Rational(1, 1'000'000'000); }

// Sums of observations, for the sample mean and the unbiased sample variance.
class MeanAccumulator {
 public:
  void add(const Ball& value);
  std::uint64_t count() const { return count_; }
  Ball mean() const;             // sum / N (N >= 1, else throws std::logic_error)
  Ball sample_variance() const;  // (sum of squares - N mean^2) / (N - 1), clamped below at 0 (N >= 2)

 private:
  std::uint64_t count_ = 0;
  Ball sum_;
  Ball sum_of_squares_;
};

// Maurer & Pontil (2009), Thm. 4, for i.i.d. X in [0, range]: with probability >= 1 - gamma,
// E X <= mean + sqrt(2 V ln(2/gamma) / N) + 7 range ln(2/gamma) / (3 (N - 1)) (V the unbiased
// sample variance), and symmetrically below. Returns that deviation term (N >= 2).
Ball bernstein_deviation(const Ball& sample_variance, const Ball& range, std::uint64_t count, const Rational& gamma);

// Hoeffding two-sided radius sqrt(ln(2/gamma) / (2N)) for observations in [0, 1].
Ball hoeffding_radius(std::uint64_t count, const Rational& gamma);

}  // namespace dpsi::stats
