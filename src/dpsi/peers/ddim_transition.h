// File: dpsi/peers/ddim_transition.h
// The DDIM(eta) transition between two timesteps t > s of a VpSchedule (Song, Meng, Ermon 2021,
// arXiv:2010.02502), the one Gaussian step DPS, PiGDM and TDS share:
//   x_s = a_s x0hat + sqrt(v_s - c^2) eps_hat + c xi,   eps_hat = (x_t - a_t x0hat) / sqrt(v_t),
//   c = eta sqrt(v_s / v_t) sqrt(1 - abar_t / abar_s),   xi ~ N(0, I),
// written as  x_s = x0hat_coefficient x0hat + state_coefficient x_t + stddev xi.
// With eta = 1 it is the DDPM posterior q(x_s | x_t, x0 = x0hat) between the two timesteps ("fixed
// small" variance beta_{t|s} v_s / v_t; for s = t - 1 the ancestral step of Ho et al.), with eta = 0
// the deterministic DDIM step. s = 0 gives x_0 = x0hat exactly (v_0 = 0), whatever eta.
#pragma once

#include <cstddef>

#include "dpsi/peers/vp_schedule.h"

namespace dpsi::peers {

struct DdimTransition {
  double x0hat_coefficient = 0;  // a_s - sqrt(v_s - c^2) a_t / sqrt(v_t)
  double state_coefficient = 0;  // sqrt(v_s - c^2) / sqrt(v_t)
  double stddev = 0;             // c
};

// Throws std::invalid_argument unless 0 <= s < t <= schedule.steps() and 0 <= eta <= 1.
// v_s - c^2 >= 0 in exact arithmetic (eta <= 1); it is clamped at 0 against rounding.
DdimTransition ddim_transition(const VpSchedule& schedule, std::size_t t, std::size_t s, double eta);

}  // namespace dpsi::peers
