# Rule R of spec D.R (dpsi/params/rule_r.*): the parameter family as Ball functions of (n, eps).
target_sources(dpsi_core PRIVATE dpsi/params/rule_r.cc)
target_sources(dpsi_core PUBLIC FILE_SET HEADERS BASE_DIRS "${CMAKE_CURRENT_SOURCE_DIR}" FILES
  dpsi/params/rule_r.h)
