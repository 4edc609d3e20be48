# Sources of the posterior-sampling module (dpsi/posterior/*), added to dpsi_core.
target_sources(dpsi_core PRIVATE dpsi/posterior/conditional_draw.cc dpsi/posterior/seed_posterior.cc
  dpsi/posterior/exact_posterior_sampler.cc dpsi/posterior/rejection_sampler.cc dpsi/posterior/degraded_sampler.cc
  dpsi/posterior/inverter.cc dpsi/posterior/tabulated_prior_sampler.cc)
target_sources(dpsi_core PRIVATE dpsi/posterior/image_evaluator.cc dpsi/posterior/seed_rejection_sampler.cc
  dpsi/posterior/brute_force_inverter.cc dpsi/posterior/scaling_experiment.cc)
target_sources(dpsi_core PUBLIC FILE_SET HEADERS BASE_DIRS "${CMAKE_CURRENT_SOURCE_DIR}" FILES
  dpsi/posterior/posterior_sampler.h
  dpsi/posterior/conditional_draw.h
  dpsi/posterior/seed_posterior.h
  dpsi/posterior/exact_posterior_sampler.h
  dpsi/posterior/ancestral_prior_sampler.h
  dpsi/posterior/rejection_sampler.h
  dpsi/posterior/degraded_sampler.h
  dpsi/posterior/inverter.h
  dpsi/posterior/tabulated_prior_sampler.h)
target_sources(dpsi_core PUBLIC FILE_SET HEADERS BASE_DIRS "${CMAKE_CURRENT_SOURCE_DIR}" FILES
  dpsi/posterior/image_evaluator.h dpsi/posterior/seed_rejection_sampler.h dpsi/posterior/brute_force_inverter.h
  dpsi/posterior/scaling_experiment.h)
