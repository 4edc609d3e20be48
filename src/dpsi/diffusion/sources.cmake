# Sources of the diffusion-sampler module (dpsi/diffusion/*, spec F.2), added to dpsi_core.
target_sources(dpsi_core PRIVATE dpsi/diffusion/schedule.cc dpsi/diffusion/oracle_score.cc
  dpsi/diffusion/network_score.cc dpsi/diffusion/diffusion_sampler.cc)
target_sources(dpsi_core PUBLIC FILE_SET HEADERS BASE_DIRS "${CMAKE_CURRENT_SOURCE_DIR}" FILES
  dpsi/diffusion/schedule.h
  dpsi/diffusion/smoothed_score.h
  dpsi/diffusion/oracle_score.h
  dpsi/diffusion/network_score.h
  dpsi/diffusion/diffusion_sampler.h)
