#include "dpsi/instance/decoding_error.h"

#include <stdexcept>

#include "dpsi/fault/fault_point.h"

namespace dpsi::instance {
namespace {

Ball relative_threshold(const Ball& partial) { return working_precision_threshold(abs(partial)); }

bool certainly_positive(const Ball& x) { return is_certainly_true(gt(x, Ball(0))); }

// 2 sum_{j=first}^{...} [Phibar((4j+offset) z) - Phibar((4j+offset+2) z)]: a series of non-negative
// terms whose remainder after the terms j < J is in [0, 2 Phibar((4J+offset) z)]. fixed_terms > 0 sums
// exactly that many terms; fixed_terms <= 0 stops adaptively (remainder <= 2^-prec partial, or
// kMaxDecodingSeriesTerms terms).
DecodingErrorSeries alternating_tail_series(const Ball& z, long first, long offset, long fixed_terms) {
  DecodingErrorSeries series;
  if (!certainly_positive(z)) {
    series.value = series.partial = series.remainder = Ball::whole_line();
    return series;
  }
  const bool adaptive = fixed_terms <= 0;
  const long limit = adaptive ? kMaxDecodingSeriesTerms : fixed_terms;
  Ball partial;
  Ball upper = normal_tail(Ball(4 * first + offset) * z);  // Phibar((4j+offset) z) for the current j
  long count = 0;
  for (long j = first; count < limit; ++j) {
    long lower_index = 4 * j + offset + 2;
    if (DPSI_FAULT("instance.perr-series-term-4j4") && first == 0 && offset == 1) ++lower_index;  // Phibar((4j+4) z)
    const Ball lower = normal_tail(Ball(lower_index) * z);
    const Ball next_upper = normal_tail(Ball(4 * j + offset + 4) * z);
    partial += Ball(2) * (upper - lower);
    upper = next_upper;
    ++count;
    if (adaptive && is_certainly_true(le(Ball(2) * upper, relative_threshold(partial)))) break;
  }
  series.partial = partial;
  series.remainder = Ball(2) * upper;
  series.value = Ball::hull(partial, partial + series.remainder);
  series.terms = count;
  return series;
}

}  // namespace

Ball noise_scale(const Rational& tau, const Rational& sigma_y) {
  return sqrt(Ball(Rational(tau * tau + sigma_y * sigma_y)));
}

Ball decoding_margin(const Rational& delta, const Rational& tau, const Rational& sigma_y) {
  return Ball(delta) / (Ball(4) * noise_scale(tau, sigma_y));
}

Ball decoding_margin(const Instance& instance) {
  return decoding_margin(instance.delta(), instance.tau(), instance.sigma_y());
}

DecodingErrorSeries decoding_error_series(const Ball& z, long terms) {
  if (terms < 1) throw std::invalid_argument("decoding_error_series: terms must be >= 1");
  return alternating_tail_series(z, 0, 1, terms);
}

DecodingErrorSeries decoding_error_series(const Ball& z) { return alternating_tail_series(z, 0, 1, 0); }

Ball decoding_error(const Ball& z) { return decoding_error_series(z).value; }

Ball decoding_error_lower_bound(const Ball& z) { return Ball(2) * (normal_tail(z) - normal_tail(Ball(3) * z)); }

Ball decoding_error_upper_bound(const Ball& z) { return Ball(2) * normal_tail(z); }

Ball decoding_error_upper_gap(const Ball& z) { return alternating_tail_series(z, 0, 3, 0).value; }

Ball decoding_error_lower_gap(const Ball& z) { return alternating_tail_series(z, 1, 1, 0).value; }

Ball decoding_error_fourier(const Ball& z) {
  if (!certainly_positive(z)) return Ball::whole_line();
  const Ball rate = sqr(Ball::pi()) / (Ball(8) * sqr(z));  // pi^2 / (8 z^2)
  const Ball two_over_pi = Ball(2) / Ball::pi();
  Ball sum;
  Ball value;
  for (long k = 0;; ++k) {
    const Ball odd(2 * k + 1);
    const Ball term = exp(-sqr(odd) * rate) / odd;
    sum += k % 2 == 0 ? term : -term;
    const Ball next_odd(2 * k + 3);
    const Ball next = two_over_pi * exp(-sqr(next_odd) * rate) / next_odd;  // bound on |remainder| of the value
    value = Ball(Rational(1, 2)) - two_over_pi * sum;
    if (k + 1 >= kMaxDecodingSeriesTerms || is_certainly_true(le(next, relative_threshold(value)))) {
      return value + Ball::hull(-next, next);
    }
  }
}

Ball decoding_failure_probability(const Ball& p_err, int m) {
  if (m < 1) throw std::invalid_argument("decoding_failure_probability: m must be >= 1");
  if (!is_certainly_true(ge(p_err, Ball(0))) || !is_certainly_true(lt(p_err, Ball(1)))) {
    return Ball::whole_line();
  }
  const long exponent = DPSI_FAULT("instance.pdec-exponent-off-by-one") ? m - 1 : m;  // (1 - p)^(m-1)
  return -expm1(Ball(exponent) * log1p(-p_err));
}

}  // namespace dpsi::instance
