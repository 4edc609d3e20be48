#include "dpsi/density/vertex_mixture.h"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>
#include <utility>

#include "dpsi/density/smoothed_lattice.h"
#include "dpsi/fault/fault_point.h"

namespace dpsi::density {
namespace {

constexpr int kByteBits = 8;

// Seed bit j (0-based, s_{j+1}) of a seed index: s_1 is the most significant of n bits.
int seed_bit(std::uint64_t index, int n, int j) { return static_cast<int>((index >> (n - 1 - j)) & 1U); }

// log phi_kappa(z) = -z^2/(2 kappa^2) - log(kappa sqrt(2 pi)).
Ball log_normal_density(const Ball& z, const Ball& kappa) {
  return -sqr(z) / (Ball(2) * sqr(kappa)) - log(kappa * sqrt(Ball(2) * Ball::pi()));
}

// h_b and psi_b in the form R1 recommends for this kappa (both forms are exact enclosures).
SmoothedLattice smoothed(int b, const Ball& kappa, const Ball& t, const Rational& delta) {
  const Ball kappa2 = sqr(kappa);
  const Ball v = kappa2 / (Ball(1) + kappa2);
  const Ball switch_point = sqr(Ball(delta)) / (Ball(2) * Ball::pi());
  return v.mid_double() < switch_point.mid_double() ? lattice_form(b, kappa, t, delta, normaliser(b, delta))
                                                    : theta_form(b, kappa, t, delta);
}

// Per-point tables of spec R.4.
struct Tables {
  std::vector<Ball> seed_log[2];   // log phi_kappa(x_{S,j} - a u), u = -1 (b = 0) or +1 (b = 1)
  std::vector<Ball> image_log[2];  // log h_b(x_{F,i})
  std::vector<Ball> image_score[2];
};

Tables make_tables(const Instance& instance, std::span<const Ball> x, const Ball& kappa, bool with_seed_block) {
  const int n = instance.n();
  const int m = instance.m();
  const Ball a(instance.a());
  Tables tables;
  for (int b = 0; b < 2; ++b) {
    if (with_seed_block) {
      for (int j = 0; j < n; ++j) tables.seed_log[b].push_back(log_normal_density(x[j] - (b == 1 ? a : -a), kappa));
    }
    const std::size_t offset = with_seed_block ? static_cast<std::size_t>(n) : 0;
    for (int i = 0; i < m; ++i) {
      const SmoothedLattice h = smoothed(b, kappa, x[offset + i], instance.delta());
      tables.image_log[b].push_back(log(h.density));
      tables.image_score[b].push_back(h.score);
    }
  }
  return tables;
}

// byte_tables[c][v] = sum over the (up to) 8 output bits i = 8c + k of image_log[bit k of v][i],
// built incrementally (entry v from entry v without its top bit): 255 additions per table.
std::vector<std::vector<Ball>> byte_tables(const Tables& tables, int m) {
  std::vector<std::vector<Ball>> result;
  for (int first = 0; first < m; first += kByteBits) {
    std::vector<Ball> table(256);
    int width = std::min(kByteBits, m - first);
    if (DPSI_FAULT("density.mixture-drops-last-f-factor") && first + kByteBits >= m) --width;
    for (int k = 0; k < width; ++k) table[0] += tables.image_log[0][first + k];
    for (int value = 1; value < 256; ++value) {
      const int top = std::bit_width(static_cast<unsigned>(value)) - 1;
      // Bits at or beyond `width` never occur in an image; their entries are left as copies.
      table[value] = table[value & ~(1 << top)];
      if (top < width) table[value] += tables.image_log[1][first + top] - tables.image_log[0][first + top];
    }
    result.push_back(std::move(table));
  }
  return result;
}

void check_kappa(const Ball& kappa) {
  if (!is_certainly_true(gt(kappa, Ball(0)))) throw std::invalid_argument("kappa must be certainly positive");
}

}  // namespace

VertexMixture::VertexMixture(const Instance& instance)
    : instance_(instance), words_per_image_((instance.m() + 63) / 64) {
  const int n = instance.n();
  const int m = instance.m();
  if (n > kMaxEnumeratedSeedBits) {
    throw std::invalid_argument("exact enumeration over seeds needs n <= " + std::to_string(kMaxEnumeratedSeedBits) +
                                " (n = " + std::to_string(n) + ")");
  }
  const owf::OneWayFunction f(n, m);
  images_.assign(seed_count() * static_cast<std::uint64_t>(words_per_image_), 0);
  for (std::uint64_t index = 0; index < seed_count(); ++index) {
    std::uint64_t* words = &images_[index * static_cast<std::uint64_t>(words_per_image_)];
    if (m <= 64) {
      const std::uint64_t z = f.evaluate_index(index);  // f(s)_1 is the most significant of m bits
      for (int i = 0; i < m; ++i) words[0] |= ((z >> (m - 1 - i)) & 1U) << i;
    } else {
      const owf::Bits z = f(f.seed_of_index(index));
      for (int i = 0; i < m; ++i) words[i / 64] |= static_cast<std::uint64_t>(z[i]) << (i % 64);
    }
  }
}

int VertexMixture::image_bit(std::uint64_t seed_index, int i) const {
  return static_cast<int>((images_[seed_index * static_cast<std::uint64_t>(words_per_image_) + i / 64] >> (i % 64)) & 1U);
}

owf::Bits VertexMixture::image(std::uint64_t seed_index) const {
  owf::Bits bits(m());
  for (int i = 0; i < m(); ++i) bits[i] = static_cast<std::uint8_t>(image_bit(seed_index, i));
  return bits;
}

Ball VertexMixture::kappa_of(const Ball& sigma) const { return sqrt(sqr(Ball(instance_.tau())) + sqr(sigma)); }

ExactScore VertexMixture::score(std::span<const Ball> x, const Ball& kappa) const { return score_impl(x, kappa, nullptr); }

ExactScore VertexMixture::score_with_component(std::span<const Ball> x, const Ball& kappa, std::uint64_t seed_index) const {
  if (seed_index >= seed_count()) throw std::invalid_argument("seed index out of range");
  return score_impl(x, kappa, &seed_index);
}

ExactScore VertexMixture::score_impl(std::span<const Ball> x, const Ball& kappa, const std::uint64_t* component_seed) const {
  const int n = this->n();
  const int m = this->m();
  if (x.size() != static_cast<std::size_t>(n + m)) throw std::invalid_argument("x must have d = n + m coordinates");
  check_kappa(kappa);
  const Tables tables = make_tables(instance_, x, kappa, true);
  const std::vector<std::vector<Ball>> bytes = byte_tables(tables, m);
  std::vector<Ball> seed_step(n);  // log c changes by +-seed_step[j] when s_j flips
  Ball seed_part;                  // the all-zero seed first
  for (int j = 0; j < n; ++j) {
    seed_step[j] = tables.seed_log[1][j] - tables.seed_log[0][j];
    seed_part += tables.seed_log[0][j];
  }
  Ball total;
  // Both complementary sums are kept: 1 - P_j = seed_sums[0][j] / total is then as accurate,
  // relatively, as P_j, which the seed score needs when P_j is within e^-10000 of 0 or 1.
  std::vector<Ball> seed_sums[2] = {std::vector<Ball>(n), std::vector<Ball>(n)};
  std::vector<Ball> image_sums[2] = {std::vector<Ball>(m), std::vector<Ball>(m)};
  Ball log_c;
  for (std::uint64_t g = 0; g < seed_count(); ++g) {
    const std::uint64_t index = g ^ (g >> 1);
    if (g > 0) {
      const int position = std::countr_zero(g);  // the bit that flips between Gray codes g-1 and g
      const int j = DPSI_FAULT("density.gray-code-wrong-coordinate") ? position : n - 1 - position;
      if (seed_bit(index, n, j) == 1) {
        seed_part += seed_step[j];
      } else {
        seed_part -= seed_step[j];
      }
    }
    log_c = seed_part;
    const std::uint64_t* words = &images_[index * static_cast<std::uint64_t>(words_per_image_)];
    for (std::size_t c = 0; c < bytes.size(); ++c) {
      const int first = static_cast<int>(c) * kByteBits;
      log_c += bytes[c][(words[first / 64] >> (first % 64)) & 0xffU];
    }
    const Ball component = exp(log_c);
    total += component;
    for (int j = 0; j < n; ++j) seed_sums[seed_bit(index, n, j)][j] += component;
    for (int i = 0; i < m; ++i) image_sums[(words[i / 64] >> (i % 64)) & 1U][i] += component;
  }
  ExactScore result;
  result.log_density = log(total) - Ball(n) * log(Ball(2));
  const Ball a(instance_.a());
  const Ball kappa2 = sqr(kappa);
  for (int j = 0; j < n; ++j) {
    result.seed_marginals.push_back(seed_sums[1][j] / total);
    result.seed_complements.push_back(seed_sums[0][j] / total);
    // -x + a (2 P_j - 1), written around the likelier vertex so the small term keeps its digits.
    const bool mostly_one = is_certainly_true(ge(seed_sums[1][j], seed_sums[0][j]));
    const Ball drift = mostly_one ? (a - x[j]) - Ball(2) * a * seed_sums[0][j] / total
                                  : (-a - x[j]) + Ball(2) * a * seed_sums[1][j] / total;
    result.score.push_back(DPSI_FAULT("density.seed-score-over-kappa") ? drift / kappa : drift / kappa2);
  }
  for (int i = 0; i < m; ++i) {
    result.image_marginals.push_back(image_sums[1][i] / total);
    result.score.push_back((image_sums[0][i] * tables.image_score[0][i] + image_sums[1][i] * tables.image_score[1][i]) / total);
  }
  if (component_seed != nullptr) {
    for (int j = 0; j < n; ++j) {
      const int bit = seed_bit(*component_seed, n, j);
      result.component_log += tables.seed_log[bit][j];
      const bool vertex_sign_fault = DPSI_FAULT("density.vertex-score-vertex-sign");
      result.component_score.push_back((-x[j] + ((bit == 1) != vertex_sign_fault ? a : -a)) / kappa2);
    }
    for (int i = 0; i < m; ++i) {
      const int bit = image_bit(*component_seed, i);
      result.component_log += tables.image_log[bit][i];
      result.component_score.push_back(tables.image_score[bit][i]);
    }
  }
  return result;
}

ExactScore VertexMixture::score_direct(std::span<const Ball> x, const Ball& kappa) const {
  const int n = this->n();
  const int m = this->m();
  if (x.size() != static_cast<std::size_t>(n + m)) throw std::invalid_argument("x must have d = n + m coordinates");
  check_kappa(kappa);
  const Ball a(instance_.a());
  const Ball kappa2 = sqr(kappa);
  const Ball gaussian_norm = kappa * sqrt(Ball(2) * Ball::pi());
  std::vector<Ball> seed_density[2];
  std::vector<Ball> image_density[2];
  std::vector<Ball> image_score[2];
  for (int b = 0; b < 2; ++b) {
    for (int j = 0; j < n; ++j) {
      const Ball z = x[j] - (b == 1 ? a : -a);
      seed_density[b].push_back(exp(-sqr(z) / (Ball(2) * kappa2)) / gaussian_norm);
    }
    for (int i = 0; i < m; ++i) {
      const SmoothedLattice h = smoothed(b, kappa, x[n + i], instance_.delta());
      image_density[b].push_back(h.density);
      image_score[b].push_back(h.score);
    }
  }
  Ball total;
  std::vector<Ball> weighted_score(n + m);  // sum_s c_s grad log c_s
  std::vector<Ball> seed_sums(n);
  std::vector<Ball> seed_complement_sums(n);
  std::vector<Ball> image_sums(m);
  for (std::uint64_t index = 0; index < seed_count(); ++index) {
    Ball component(1);
    for (int j = 0; j < n; ++j) component *= seed_density[seed_bit(index, n, j)][j];
    for (int i = 0; i < m; ++i) component *= image_density[image_bit(index, i)][i];
    total += component;
    for (int j = 0; j < n; ++j) {
      const int bit = seed_bit(index, n, j);
      weighted_score[j] += component * ((-x[j] + (bit == 1 ? a : -a)) / kappa2);
      if (bit == 1) {
        seed_sums[j] += component;
      } else {
        seed_complement_sums[j] += component;
      }
    }
    for (int i = 0; i < m; ++i) {
      const int bit = image_bit(index, i);
      weighted_score[n + i] += component * image_score[bit][i];
      if (bit == 1) image_sums[i] += component;
    }
  }
  ExactScore result;
  result.log_density = log(total / Ball(static_cast<long>(seed_count())));
  for (int k = 0; k < n + m; ++k) result.score.push_back(weighted_score[k] / total);
  for (int j = 0; j < n; ++j) {
    result.seed_marginals.push_back(seed_sums[j] / total);
    result.seed_complements.push_back(seed_complement_sums[j] / total);
  }
  for (int i = 0; i < m; ++i) result.image_marginals.push_back(image_sums[i] / total);
  return result;
}

// log c_s and grad log c_s for one seed: the seed's own table entries only (n + m evaluations).
std::pair<Ball, std::vector<Ball>> VertexMixture::component(std::span<const Ball> x, const Ball& kappa,
                                                            std::uint64_t seed_index) const {
  const int n = this->n();
  const int m = this->m();
  if (x.size() != static_cast<std::size_t>(n + m)) throw std::invalid_argument("x must have d = n + m coordinates");
  if (seed_index >= seed_count()) throw std::invalid_argument("seed index out of range");
  check_kappa(kappa);
  const Ball a(instance_.a());
  const Ball kappa2 = sqr(kappa);
  std::pair<Ball, std::vector<Ball>> result;
  for (int j = 0; j < n; ++j) {
    const Ball vertex = seed_bit(seed_index, n, j) == 1 ? a : -a;
    result.first += log_normal_density(x[j] - vertex, kappa);
    result.second.push_back(DPSI_FAULT("density.component-seed-score-sign") ? (x[j] - vertex) / kappa2 : (-x[j] + vertex) / kappa2);
  }
  for (int i = 0; i < m; ++i) {
    const SmoothedLattice h = smoothed(image_bit(seed_index, i), kappa, x[n + i], instance_.delta());
    result.first += log(h.density);
    result.second.push_back(h.score);
  }
  return result;
}

Ball VertexMixture::log_component(std::span<const Ball> x, const Ball& kappa, std::uint64_t seed_index) const {
  return component(x, kappa, seed_index).first;
}

std::vector<Ball> VertexMixture::component_score(std::span<const Ball> x, const Ball& kappa,
                                                 std::uint64_t seed_index) const {
  return component(x, kappa, seed_index).second;
}

SeedPosterior VertexMixture::posterior(std::span<const Ball> y) const {
  const int m = this->m();
  if (y.size() != static_cast<std::size_t>(m)) throw std::invalid_argument("y must have m coordinates");
  const Ball nu = sqrt(sqr(Ball(instance_.tau())) + sqr(Ball(instance_.sigma_y())));
  const Tables tables = make_tables(instance_, y, nu, false);
  const std::vector<std::vector<Ball>> bytes = byte_tables(tables, m);
  SeedPosterior result;
  result.weights.resize(seed_count());
  Ball total;
  for (std::uint64_t index = 0; index < seed_count(); ++index) {
    const std::uint64_t* words = &images_[index * static_cast<std::uint64_t>(words_per_image_)];
    Ball log_c;
    for (std::size_t c = 0; c < bytes.size(); ++c) {
      const int first = static_cast<int>(c) * kByteBits;
      log_c += bytes[c][(words[first / 64] >> (first % 64)) & 0xffU];
    }
    result.weights[index] = exp(log_c);
    total += result.weights[index];
  }
  for (Ball& weight : result.weights) weight /= total;
  result.log_evidence = log(total) - Ball(n()) * log(Ball(2));
  return result;
}

}  // namespace dpsi::density
