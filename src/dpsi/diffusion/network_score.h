// File: dpsi/diffusion/network_score.h
// C.8's ReLU score networks as the F.2 sampler's score: at each noise level sigma the certified
// dpsi::relu::ScoreNetwork (the C.4 network for kappa <= kappa*, the C.7 network above), evaluated in
// double with ScoreNetwork::evaluate_batch.
//
// sigma is a double (sigma_t = sqrt(e^{2t} - 1) of the sampler's grid) but a network is built at an
// exact rational noise level: sigma is rounded to the nearest dyadic with 24 significant bits
// (network_sigma), a relative change <= 2^-24 that moves kappa by less than the sampler's own
// discretisation; the network then approximates s_{sigma'} with C.8's accuracy eps at sigma'.
//
// Cost. A network is built on first use at its noise level; the cache keeps only the last
// kCachedNetworks of them, because a C.4 network holds the SHA-256 ReLU circuit (~1.7e5 units, about
// 250 MB with its exact weights and flat copy, at any n, m) and the sampler needs one per step: the
// sampler visits the levels in order and evaluates a whole batch per step, so each network is built
// once per batch. Building a C.4 network takes about 4 s (n = m = 4 or 16 alike: the circuit dominates),
// a C.7 network well under 0.1 s; a run at the default grid (lambda = 0.1, N = 278) builds 152 C.4
// networks, about 10 minutes, and lambda = 1 (N = 36) builds 21 (measured at n = m = 16 on a loaded
// 2-core machine: 36 networks in 151 s, then 3.3 samples/s, peak memory 1.8 GB).
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string_view>
#include <utility>

#include "dpsi/diffusion/smoothed_score.h"
#include "dpsi/numeric/rational.h"
#include "dpsi/owf/circuit.h"
#include "dpsi/params/instance.h"
#include "dpsi/relu/score_network.h"

namespace dpsi::diffusion {

// sigma > 0 rounded to the nearest multiple of 2^(e - 23), 2^e <= sigma < 2^(e+1), as an exact dyadic.
Rational network_sigma(double sigma);

inline constexpr std::size_t kCachedNetworks = 2;

class NetworkScore final : public SmoothedScore {
 public:
  // Called after each network is built with the number built so far and that build's seconds.
  using BuildObserver = std::function<void(std::size_t, double)>;
  // epsilon: C.8's accuracy (the networks' eta), > 0.
  NetworkScore(const Instance& instance, const Rational& epsilon, BuildObserver on_build = {});
  ~NetworkScore() override;

  std::string_view name() const override { return "network"; }
  int dimension() const override { return instance_.d(); }
  void evaluate(double sigma, std::span<const double> points, std::size_t count,
                std::span<double> scores) const override;

  // The network at network_sigma(sigma), built on a cache miss (thread-safe).
  std::shared_ptr<const relu::ScoreNetwork> network_at(double sigma) const;
  std::size_t networks_built() const;  // builds so far (a level evicted and needed again counts twice)
  double seconds_building() const;     // total wall time spent building networks

 private:
  Instance instance_;
  Rational epsilon_;
  BuildObserver on_build_;
  mutable std::once_flag circuit_once_;
  mutable std::unique_ptr<owf::Circuit> circuit_;  // the C.4 networks' circuit, built on the first C.4 network
  mutable std::mutex mutex_;
  mutable std::deque<std::pair<double, std::shared_ptr<const relu::ScoreNetwork>>> cache_;  // oldest first
  mutable std::size_t networks_built_ = 0;
  mutable double seconds_building_ = 0;
};

}  // namespace dpsi::diffusion
