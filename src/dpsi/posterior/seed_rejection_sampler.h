// File: dpsi/posterior/seed_rejection_sampler.h
// Exact posterior sampling by rejection in seed space (issue 6, item 4(b)): by spec A.5 the seed
// posterior is p(s | y) propto L(f(s)) := prod_i h^(nu)_{f(s)_i}(y_i), nu^2 = tau^2 + sigma_y^2, and
// L(b) <= M := prod_i max_c h^(nu)_c(y_i). So: propose s uniform on {0,1}^n, accept with probability
//
//   q(s) = prod_i r_i(f(s)_i),   r_i(c) = h^(nu)_c(y_i) / max_{c'} h^(nu)_{c'}(y_i) in (0, 1],
//
// and on acceptance draw x ~ p(x | s, y) by ConditionalDraw (steps 2-3 of R.5). The accepted seed
// has law p(s | y) exactly (E.1's argument on the finite seed space), and the number of proposals
// is Geometric(Q(y)) with
//
//   Q(y) = 2^-n sum_s q(s) = 2^-n W(y),   W(y) = sum_s prod_i r_i(f(s)_i) >= #{s : f(s) = decode(y)},
//
// (the decoded image has every r_i = 1 when decode picks the larger h, which is how A.5 reads it),
// so the mean cost is 2^n / W(y), about 2^n / #preimages at the defaults, where a wrong bit costs a
// factor e^-40 or less. Each proposal costs one uniform word, one f evaluation (ImageEvaluator,
// OpenSSL SHA-256), ceil(m/8) table look-ups and one more word for the acceptance uniform.
//
// Acceptance probability in double precision: log h^(nu)_c(y_i) is enclosed with Arb (C.5(a) forms,
// lattice form when v < delta^2/(2 pi) as R1 advises, 128 bits), log r_i(c) = log h_c - max is
// rounded once to double (absolute error <= its radius + 2^-53 |log r_i(c)|), r_i(c) = exp(.) in
// double (relative error <= 2^-52), and the byte tables hold products of up to 8 of them (7 more
// roundings). The computed q^(s) then satisfies |q^(s)/q(s) - 1| <= (m + 1) 2^-50 (1 + max |log r|)
// as long as no factor underflows; a factor below 2^-1022 is flushed toward 0, an absolute error
// below 2^-1000 in q. The acceptance test U < q^ with a 53-bit uniform U adds at most 2^-53. So the
// sampler's seed law is within TV (m + 1) 2^-50 (1 + max |log r|) + 2^-52 of p(s | y) per accepted
// draw, and x within ConditionalDraw's bound of the exact conditional: far below anything a
// statistical test of this code could resolve.
//
// Randomness, per proposal: one word (the seed index is its top n bits), then one word (the
// acceptance uniform, its top 53 bits); after acceptance ConditionalDraw's consumption.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "dpsi/params/instance.h"
#include "dpsi/posterior/conditional_draw.h"
#include "dpsi/posterior/posterior_sampler.h"

namespace dpsi::posterior {

// The acceptance probabilities q(.) of one y as byte tables: chunk c covers the image bits
// b_{8c+1} .. b_{8c+w} (w = min(8, m - 8c)), and entry v of table c is the product of r_i(bit of v)
// over those bits, b_{8c+1} being the top bit (bit w - 1) of v.
class AcceptanceTable {
 public:
  // y has m finite entries (std::invalid_argument otherwise); m <= 64.
  AcceptanceTable(const Instance& instance, std::span<const double> y);

  // q(s) for an image given as an m-bit integer, b_1 most significant (ImageEvaluator's format).
  double operator()(std::uint64_t image) const {
    double product = 1.0;
    int remaining = m_;
    for (const auto& table : tables_) {
      const int width = remaining < 8 ? remaining : 8;
      remaining -= width;
      product *= table[(image >> remaining) & ((1U << width) - 1U)];
    }
    return product;
  }
  // r_i(c) (i 0-based), and the decoded image argmax_c h_c(y_i) (ties to 0) as an integer.
  double ratio(int i, int c) const { return ratios_[static_cast<std::size_t>(2 * i + c)]; }
  std::uint64_t decoded_image() const { return decoded_; }
  int m() const { return m_; }

 private:
  int m_;
  std::vector<double> ratios_;
  std::vector<std::array<double, 256>> tables_;
  std::uint64_t decoded_ = 0;
};

// log h^(nu)_c(t) in double (rounded from a 128-bit Arb enclosure), nu^2 = tau^2 + sigma_y^2.
double log_measurement_density(const Instance& instance, int c, double t);

class SeedRejectionSampler : public PosteriorSampler {
 public:
  // max_proposals = 0: no cap; otherwise give up (failed = true) after that many rejections.
  // Throws std::invalid_argument unless n <= 64 and m <= 64.
  explicit SeedRejectionSampler(const Instance& instance, std::uint64_t max_proposals = 0);

  std::string_view name() const override { return "seed-rejection"; }
  // Fills x, latent_seed and proposals; on the cap, failed = true, x empty, proposals = the cap.
  PosteriorDraw sample(std::span<const double> y, sampling::RandomSource& source) const override;
  // The same with a table built once for y (what sample() builds on every call).
  PosteriorDraw sample(const AcceptanceTable& table, std::span<const double> y, sampling::RandomSource& source) const;

  const Instance& instance() const { return draw_.instance(); }

 private:
  ConditionalDraw draw_;
  std::uint64_t max_proposals_;
};

}  // namespace dpsi::posterior
