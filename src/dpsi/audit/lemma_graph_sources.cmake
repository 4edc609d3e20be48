# The lemma dependency graph of an audit (dpsi/audit/lemma_graph.*: DOT text for lemmas.dot).
target_sources(dpsi_core PRIVATE dpsi/audit/lemma_graph.cc)
target_sources(dpsi_core PUBLIC FILE_SET HEADERS BASE_DIRS "${CMAKE_CURRENT_SOURCE_DIR}" FILES dpsi/audit/lemma_graph.h)
