# Sources of the posterior-sampling module (dpsi/posterior/*), added to dpsi_core.
target_sources(dpsi_core PRIVATE dpsi/posterior/conditional_draw.cc)
target_sources(dpsi_core PUBLIC FILE_SET HEADERS BASE_DIRS "${CMAKE_CURRENT_SOURCE_DIR}" FILES
  dpsi/posterior/posterior_sampler.h
  dpsi/posterior/conditional_draw.h)
