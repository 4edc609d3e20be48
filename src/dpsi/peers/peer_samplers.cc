// The sampler table and factory (see peer_sampler.h).
#include <fmt/format.h>

#include <stdexcept>

#include "dpsi/peers/dps_sampler.h"
#include "dpsi/peers/langevin_sampler.h"
#include "dpsi/peers/peer_sampler.h"
#include "dpsi/peers/pigdm_sampler.h"
#include "dpsi/peers/tds_sampler.h"

namespace dpsi::peers {

const std::vector<std::string>& peer_sampler_names() {
  static const std::vector<std::string> names{"dps", "pigdm", "tds", "langevin"};
  return names;
}

std::unique_ptr<PeerSampler> make_peer_sampler(std::string_view name, const PeerOptions& options) {
  if (name == "dps") return std::make_unique<DpsSampler>(options.dps);
  if (name == "pigdm") return std::make_unique<PigdmSampler>(options.pigdm);
  if (name == "tds") return std::make_unique<TdsSampler>(options.tds);
  if (name == "langevin") return std::make_unique<LangevinSampler>(options.langevin);
  throw std::invalid_argument(fmt::format("unknown peer sampler '{}' (valid: {})", name, fmt::join(peer_sampler_names(), ", ")));
}

namespace detail {

void require_matching_dimensions(const DiffusionPrior& prior, const LinearMeasurement& measurement,
                                 std::string_view sampler) {
  if (measurement.d() != prior.dimension()) {
    throw std::invalid_argument(fmt::format("{}: the measurement has d = {} but prior '{}' has d = {}", sampler,
                                            measurement.d(), prior.name(), prior.dimension()));
  }
}

double uniform_unit(sampling::RandomSource& source) { return static_cast<double>(source.word() >> 11) * 0x1.0p-53; }

}  // namespace detail

}  // namespace dpsi::peers
