# Sources of the practical-posterior-sampler module (dpsi/peers/*, spec E.P), added to dpsi_core.
target_sources(dpsi_core PRIVATE dpsi/peers/diffusion_prior.cc dpsi/peers/vp_schedule.cc
  dpsi/peers/linear_measurement.cc dpsi/peers/gaussian_mixture_prior.cc dpsi/peers/easy_instance.cc
  dpsi/peers/closed_form_sampler.cc dpsi/peers/easy_experiment.cc)
target_sources(dpsi_core PUBLIC FILE_SET HEADERS BASE_DIRS "${CMAKE_CURRENT_SOURCE_DIR}" FILES
  dpsi/peers/diffusion_prior.h
  dpsi/peers/vp_schedule.h
  dpsi/peers/linear_measurement.h
  dpsi/peers/peer_sampler.h
  dpsi/peers/gaussian_mixture_prior.h
  dpsi/peers/easy_instance.h
  dpsi/peers/closed_form_sampler.h
  dpsi/peers/easy_experiment.h)
