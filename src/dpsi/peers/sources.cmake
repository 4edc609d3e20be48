# Sources of the practical-posterior-sampler module (dpsi/peers/*, spec E.P), added to dpsi_core.
target_sources(dpsi_core PRIVATE dpsi/peers/diffusion_prior.cc dpsi/peers/vp_schedule.cc
  dpsi/peers/linear_measurement.cc dpsi/peers/ddim_transition.cc dpsi/peers/dps_sampler.cc
  dpsi/peers/pigdm_sampler.cc dpsi/peers/tds_sampler.cc dpsi/peers/langevin_sampler.cc dpsi/peers/peer_samplers.cc)
target_sources(dpsi_core PUBLIC FILE_SET HEADERS BASE_DIRS "${CMAKE_CURRENT_SOURCE_DIR}" FILES
  dpsi/peers/diffusion_prior.h
  dpsi/peers/vp_schedule.h
  dpsi/peers/linear_measurement.h
  dpsi/peers/peer_sampler.h
  dpsi/peers/ddim_transition.h
  dpsi/peers/dps_sampler.h
  dpsi/peers/pigdm_sampler.h
  dpsi/peers/tds_sampler.h
  dpsi/peers/langevin_sampler.h)
# The easy instance (Gaussian-mixture benchmark with a closed-form posterior; spec E.P).
target_sources(dpsi_core PRIVATE dpsi/peers/gaussian_mixture_prior.cc dpsi/peers/easy_instance.cc
  dpsi/peers/closed_form_sampler.cc dpsi/peers/easy_experiment.cc)
target_sources(dpsi_core PUBLIC FILE_SET HEADERS BASE_DIRS "${CMAKE_CURRENT_SOURCE_DIR}" FILES
  dpsi/peers/gaussian_mixture_prior.h
  dpsi/peers/easy_instance.h
  dpsi/peers/closed_form_sampler.h
  dpsi/peers/easy_experiment.h)
# The hard-instance experiment (inversion rates of the practical samplers; spec E.P).
target_sources(dpsi_core PRIVATE dpsi/peers/hard_experiment.cc dpsi/peers/hard_report.cc)
target_sources(dpsi_core PUBLIC FILE_SET HEADERS BASE_DIRS "${CMAKE_CURRENT_SOURCE_DIR}" FILES
  dpsi/peers/hard_instance_prior.h
  dpsi/peers/hard_experiment.h)
