// File: dpsi/stats/power.h
// The power of dpsi's statistical checks against named alternatives (spec/README.md, "Power").
// Power is a design statement, not a verdict: it says how likely the check is to fail when the
// alternative holds, at the sizes used. The functions here are the normal approximation of a
// statistic whose estimate is (close to) Gaussian; a check may instead simulate the alternative
// with a fixed seed, and says which in PowerStatement::method.
#pragma once

namespace dpsi::stats {

// Two-sided test "fail iff |estimate - c| > radius", the estimate ~ N(c + shift, standard_error^2):
// P(fail) = Phi((|shift| - radius)/se) + Phi((-|shift| - radius)/se). Requires se > 0, radius >= 0.
double two_sided_shift_power(double shift, double radius, double standard_error);

// One-sided test "fail iff estimate - c > radius" (a claim E X <= c), estimate ~ N(c + shift, se^2):
// P(fail) = Phi((shift - radius)/se). For a claim E X >= c pass -shift.
double one_sided_shift_power(double shift, double radius, double standard_error);

// Standard normal CDF in double (erfc form; relative error ~1e-16, adequate for a power statement).
double normal_cdf(double x);

}  // namespace dpsi::stats
