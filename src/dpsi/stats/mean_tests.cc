#include "dpsi/stats/mean_tests.h"

#include <stdexcept>

namespace dpsi::stats {
namespace {

Ball count_ball(std::uint64_t count) { return Ball(Rational(Integer(count))); }

}  // namespace

void MeanAccumulator::add(const Ball& value) {
  ++count_;
  sum_ += value;
  sum_of_squares_ += sqr(value);
}

Ball MeanAccumulator::mean() const {
  if (count_ == 0) throw std::logic_error("mean of no observations");
  return sum_ / count_ball(count_);
}

Ball MeanAccumulator::sample_variance() const {
  if (count_ < 2) throw std::logic_error("sample variance needs two observations");
  const Ball n = count_ball(count_);
  return max(Ball(0), (sum_of_squares_ - n * sqr(mean())) / (n - Ball(1)));
}

Ball bernstein_deviation(const Ball& sample_variance, const Ball& range, std::uint64_t count, const Rational& gamma) {
  if (count < 2) throw std::invalid_argument("the empirical Bernstein bound needs N >= 2");
  const Ball n = count_ball(count);
  const Ball log_term = log(Ball(Rational(2) / gamma));
  return sqrt(Ball(2) * sample_variance * log_term / n) + Ball(7) * range * log_term / (Ball(3) * (n - Ball(1)));
}

Ball hoeffding_radius(std::uint64_t count, const Rational& gamma) {
  if (count < 1) throw std::invalid_argument("the Hoeffding radius needs N >= 1");
  return sqrt(log(Ball(Rational(2) / gamma)) / (Ball(2) * count_ball(count)));
}

}  // namespace dpsi::stats
