# Sources of the instance module (dpsi/instance/*), added to dpsi_core.
target_sources(dpsi_core PRIVATE
  dpsi/instance/decoder.cc
  dpsi/instance/decoding_error.cc
  dpsi/instance/lattice_tails.cc)
target_sources(dpsi_core PUBLIC FILE_SET HEADERS BASE_DIRS "${CMAKE_CURRENT_SOURCE_DIR}" FILES
  dpsi/instance/decoder.h
  dpsi/instance/decoding_error.h
  dpsi/instance/lattice_tails.h)
