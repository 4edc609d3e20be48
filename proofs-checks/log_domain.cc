// Log-domain enclosure helpers (see log_domain.h for the contracts and why they exist).
#include "proofs-checks/log_domain.h"

namespace dpsi::checks {

Ball lower_end(const Ball& x) {
  Ball end;
  arb_get_lbound_arf(arb_midref(end.raw()), x.raw(), working_precision());
  return end;
}
Ball upper_end(const Ball& x) {
  Ball end;
  arb_get_ubound_arf(arb_midref(end.raw()), x.raw(), working_precision());
  return end;
}

Ball exp_monotone(const Ball& x) {
  if (!x.is_finite()) return Ball::whole_line();
  return Ball::hull(exp(lower_end(x)), exp(upper_end(x)));
}

Ball nonnegative(const Ball& x) {
  if (!x.is_finite()) return x;
  if (is_certainly_true(ge(x, Ball(0)))) return x;
  return Ball::hull(Ball(0), upper_end(x));
}

LogRange log_range_of(const Ball& x) {
  LogRange range;
  if (!x.is_finite()) {
    range.upper = Ball::whole_line();
    return range;
  }
  if (!is_certainly_true(gt(upper_end(x), Ball(0)))) {
    range.zero = true;
    return range;
  }
  range.upper = log(upper_end(x));
  if (is_certainly_true(gt(x, Ball(0)))) {
    range.has_lower = true;
    range.lower = log(lower_end(x));
  }
  return range;
}

LogRange from_log(const Ball& log_value) { return {false, true, log_value, log_value}; }
LogRange at_most(const Ball& log_bound) { return {false, false, Ball(), log_bound}; }

LogRange operator*(const LogRange& a, const LogRange& b) {
  if (a.zero || b.zero) return {true, false, Ball(), Ball()};
  LogRange product{false, a.has_lower && b.has_lower, Ball(), a.upper + b.upper};
  if (product.has_lower) product.lower = a.lower + b.lower;
  return product;
}

// (Arb's abs of a ball straddling 0 reaches below 0, hence the clamp to [0, inf).)
Ball log_add_exp(const Ball& a, const Ball& b) { return max(a, b) + log1p(exp_monotone(-nonnegative(abs(a - b)))); }

LogRange operator+(const LogRange& a, const LogRange& b) {
  if (a.zero) return b;
  if (b.zero) return a;
  LogRange sum{false, a.has_lower || b.has_lower, Ball(), log_add_exp(a.upper, b.upper)};
  if (a.has_lower && b.has_lower) {
    sum.lower = log_add_exp(a.lower, b.lower);
  } else if (sum.has_lower) {
    sum.lower = a.has_lower ? a.lower : b.lower;
  }
  return sum;
}

LogRange minimum(const LogRange& a, const LogRange& b) {
  if (a.zero || b.zero) return {true, false, Ball(), Ball()};
  LogRange smaller{false, a.has_lower && b.has_lower, Ball(), min(a.upper, b.upper)};
  if (smaller.has_lower) smaller.lower = min(a.lower, b.lower);
  return smaller;
}

Ball log_ratio(const LogRange& numerator, const Ball& log_denominator) {
  if (numerator.zero || !numerator.has_lower || !numerator.lower.is_finite() || !numerator.upper.is_finite() ||
      !log_denominator.is_finite()) {
    return Ball::whole_line();
  }
  return Ball::hull(lower_end(numerator.lower) - upper_end(log_denominator),
                    upper_end(numerator.upper) - lower_end(log_denominator));
}

}  // namespace dpsi::checks
