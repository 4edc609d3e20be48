# Sources of the Boolean-circuit module (dpsi/owf/circuit*), added to dpsi_core.
target_sources(dpsi_core PRIVATE dpsi/owf/circuit.cc dpsi/owf/sha256_circuit.cc)
target_sources(dpsi_core PUBLIC FILE_SET HEADERS BASE_DIRS "${CMAKE_CURRENT_SOURCE_DIR}" FILES
  dpsi/owf/circuit.h
  dpsi/owf/sha256_circuit.h)
