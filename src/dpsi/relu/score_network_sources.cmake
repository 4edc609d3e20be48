# Sources of the score networks of spec C.4/C.8 (dpsi/relu/small_noise_network.*), added to dpsi_core.
target_sources(dpsi_core PRIVATE dpsi/relu/small_noise_network.cc dpsi/relu/score_network.cc)
target_sources(dpsi_core PUBLIC FILE_SET HEADERS BASE_DIRS "${CMAKE_CURRENT_SOURCE_DIR}" FILES
  dpsi/relu/small_noise_network.h dpsi/relu/score_network.h)
