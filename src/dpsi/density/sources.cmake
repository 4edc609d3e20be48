# Sources of the density module's C.5/C.6 constants (dpsi/density/phase_bounds.*), added to dpsi_core.
target_sources(dpsi_core PRIVATE dpsi/density/phase_bounds.cc)
target_sources(dpsi_core PUBLIC FILE_SET HEADERS BASE_DIRS "${CMAKE_CURRENT_SOURCE_DIR}" FILES
  dpsi/density/phase_bounds.h)
