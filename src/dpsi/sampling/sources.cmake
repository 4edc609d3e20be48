# Sources of the sampling module (dpsi/sampling/*), added to dpsi_core.
target_sources(dpsi_core PRIVATE dpsi/sampling/exact_sampler.cc dpsi/sampling/lattice_cdf.cc
  dpsi/sampling/normal.cc dpsi/sampling/instance_sampler.cc dpsi/sampling/blurred_lattice_cdf.cc
  dpsi/sampling/continuous_ks.cc)
target_sources(dpsi_core PUBLIC FILE_SET HEADERS BASE_DIRS "${CMAKE_CURRENT_SOURCE_DIR}" FILES
  dpsi/sampling/exact_sampler.h
  dpsi/sampling/lattice_cdf.h
  dpsi/sampling/normal.h
  dpsi/sampling/instance_sampler.h
  dpsi/sampling/blurred_lattice_cdf.h
  dpsi/sampling/continuous_ks.h)
