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
// Cost. Networks are built on first use and cached per distinct network_sigma (thread-safe); one
// sampler run at the default grid needs one network per step (N = 278 at lambda = 0.1), about 152
// of them C.4 networks. Building a C.4 network costs about 2 s at n = m = 16 (the SHA-256 circuit
// plus ~10^5 units) and far less at n = m = 4; C.7 networks are cheap. prepare() builds them up front.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string_view>

#include "dpsi/diffusion/smoothed_score.h"
#include "dpsi/numeric/rational.h"
#include "dpsi/owf/circuit.h"
#include "dpsi/params/instance.h"
#include "dpsi/relu/score_network.h"

namespace dpsi::diffusion {

// sigma > 0 rounded to the nearest multiple of 2^(e - 23), 2^e <= sigma < 2^(e+1), as an exact dyadic.
Rational network_sigma(double sigma);

class NetworkScore final : public SmoothedScore {
 public:
  // epsilon: C.8's accuracy (the networks' eta), > 0.
  NetworkScore(const Instance& instance, const Rational& epsilon);
  ~NetworkScore() override;

  std::string_view name() const override { return "network"; }
  int dimension() const override { return instance_.d(); }
  void evaluate(double sigma, std::span<const double> points, std::size_t count,
                std::span<double> scores) const override;

  // Builds (and caches) the networks of these noise levels; progress(k, total) after each.
  void prepare(std::span<const double> sigmas, const std::function<void(std::size_t, std::size_t)>& progress = {}) const;
  const relu::ScoreNetwork& network_at(double sigma) const;  // built on first use
  std::size_t networks_built() const;
  double seconds_building() const;  // total wall time spent building networks

 private:
  Instance instance_;
  Rational epsilon_;
  mutable std::once_flag circuit_once_;
  mutable std::unique_ptr<owf::Circuit> circuit_;  // the C.4 networks' circuit, built on the first C.4 network
  mutable std::mutex mutex_;
  mutable std::map<double, std::unique_ptr<relu::ScoreNetwork>> networks_;
  mutable double seconds_building_ = 0;
};

}  // namespace dpsi::diffusion
