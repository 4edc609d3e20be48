// C.8's networks as the sampler's score (see network_score.h).
#include "dpsi/diffusion/network_score.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

#include "dpsi/owf/sha256_circuit.h"

namespace dpsi::diffusion {

Rational network_sigma(double sigma) {
  if (!(sigma > 0) || !std::isfinite(sigma)) throw std::invalid_argument(fmt::format("network_sigma: sigma = {} is not > 0", sigma));
  int exponent = 0;
  const double mantissa = std::frexp(sigma, &exponent);  // sigma = mantissa 2^exponent, mantissa in [1/2, 1)
  const double scaled = std::nearbyint(std::ldexp(mantissa, 24));  // 24 significant bits
  Rational value(static_cast<long long>(scaled));
  const int shift = exponent - 24;
  if (shift >= 0) {
    value *= Rational(Integer(1) << shift);
  } else {
    value /= Rational(Integer(1) << -shift);
  }
  return value;
}

NetworkScore::NetworkScore(const Instance& instance, const Rational& epsilon, BuildObserver on_build)
    : instance_(instance), epsilon_(epsilon), on_build_(std::move(on_build)) {
  if (epsilon <= 0) throw std::invalid_argument("NetworkScore: epsilon must be > 0");
}

NetworkScore::~NetworkScore() = default;

std::shared_ptr<const relu::ScoreNetwork> NetworkScore::network_at(double sigma) const {
  const Rational exact = network_sigma(sigma);
  const double key = exact.convert_to<double>();
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [level, network] : cache_) {
      if (level == key) return network;
    }
  }
  const auto start = std::chrono::steady_clock::now();
  std::call_once(circuit_once_, [this] { circuit_ = std::make_unique<owf::Circuit>(owf::owf_circuit(instance_.n(), instance_.m())); });
  auto network = std::make_shared<relu::ScoreNetwork>(instance_, *circuit_, exact, epsilon_);
  // Flat copy for evaluate_batch, built now so that the timing includes it.
  std::vector<double> probe(static_cast<std::size_t>(instance_.d()), 0.0);
  std::vector<double> out(static_cast<std::size_t>(instance_.d()));
  network->evaluate_batch(probe, 1, out);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::size_t built = 0;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    seconds_building_ += seconds;
    built = ++networks_built_;
    cache_.emplace_back(key, network);
    while (cache_.size() > kCachedNetworks) cache_.pop_front();
  }
  if (on_build_) on_build_(built, seconds);
  return network;
}

std::size_t NetworkScore::networks_built() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return networks_built_;
}

double NetworkScore::seconds_building() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return seconds_building_;
}

void NetworkScore::evaluate(double sigma, std::span<const double> points, std::size_t count,
                            std::span<double> scores) const {
  const std::size_t expected = count * static_cast<std::size_t>(dimension());
  if (points.size() != expected || scores.size() != expected) {
    throw std::invalid_argument(fmt::format("score: expected {} x {} points and scores, got {} and {} values", count,
                                            dimension(), points.size(), scores.size()));
  }
  network_at(sigma)->evaluate_batch(points, count, scores);
}

}  // namespace dpsi::diffusion
