# The large-sigma score network of spec C.7 (dpsi/relu/large_noise_network.*), added to dpsi_core.
target_sources(dpsi_core PRIVATE dpsi/relu/large_noise_network.cc)
target_sources(dpsi_core PUBLIC FILE_SET HEADERS BASE_DIRS "${CMAKE_CURRENT_SOURCE_DIR}" FILES
  dpsi/relu/large_noise_network.h)
