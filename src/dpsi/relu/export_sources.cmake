# Sources of dpsi/relu's parallel composition (spec C.3) and network export, added to dpsi_core.
target_sources(dpsi_core PRIVATE dpsi/relu/parallel.cc dpsi/relu/network_export.cc)
target_sources(dpsi_core PUBLIC FILE_SET HEADERS BASE_DIRS "${CMAKE_CURRENT_SOURCE_DIR}" FILES
  dpsi/relu/parallel.h
  dpsi/relu/network_export.h)
