#include "proofs-checks/builtin_registry.h"

#include "proofs-checks/circuit_checks.h"
#include "proofs-checks/composition_checks.h"
#include "proofs-checks/decoding_checks.h"
#include "proofs-checks/density_checks.h"
#include "proofs-checks/diffusion_constants_checks.h"
#include "proofs-checks/diffusion_sampler_checks.h"
#include "proofs-checks/instance_sampling_checks.h"
#include "proofs-checks/interpolant_checks.h"
#include "proofs-checks/inversion_checks.h"
#include "proofs-checks/kernel_checks.h"
#include "proofs-checks/overlap_checks.h"
#include "proofs-checks/large_noise_network_checks.h"
#include "proofs-checks/network_size_checks.h"
#include "proofs-checks/owf_checks.h"
#include "proofs-checks/params_checks.h"
#include "proofs-checks/product_network_checks.h"
#include "proofs-checks/recipe_checks.h"
#include "proofs-checks/rule_r_checks.h"
#include "proofs-checks/sampling_checks.h"
#include "proofs-checks/scaling_checks.h"
#include "proofs-checks/peer_checks.h"
#include "proofs-checks/score_regime_checks.h"
#include "proofs-checks/reduction_constants_checks.h"
#include "proofs-checks/rejection_checks.h"
#include "proofs-checks/score_network_checks.h"
#include "proofs-checks/smoothing_bounds_checks.h"
#include "proofs-checks/theta_checks.h"
#include "proofs-checks/tv_transfer_checks.h"
#include "proofs-checks/vertex_mixture_checks.h"
#include "proofs-checks/well_modeled_table.h"

namespace dpsi::checks {

const audit::Registry& builtin_registry() {
  static const audit::Registry registry = [] {
    audit::Registry r;
    register_kernel_checks(r);
    register_owf_checks(r);
    register_circuit_checks(r);
    register_params_checks(r);
    register_theta_checks(r);
    register_sampling_checks(r);
    register_decoding_checks(r);
    register_instance_sampling_checks(r);
    register_density_checks(r);
    register_vertex_mixture_checks(r);
    register_score_regime_checks(r);
    register_interpolant_checks(r);
    register_smoothing_bounds_checks(r);
    register_recipe_checks(r);
    register_score_network_checks(r);
    register_well_modeled_checks(r);
    register_reduction_constants_checks(r);
    register_product_network_checks(r);
    register_overlap_checks(r);
    register_large_noise_network_checks(r);
    register_network_size_checks(r);
    register_inversion_checks(r);
    register_rejection_checks(r);
    register_composition_checks(r);
    register_rule_r_checks(r);
    register_tv_transfer_checks(r);
    register_diffusion_constants_checks(r);
    register_diffusion_sampler_checks(r);
    register_scaling_checks(r);
    register_peer_checks(r);
    return r;
  }();
  return registry;
}

}  // namespace dpsi::checks
