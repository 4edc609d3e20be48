target_sources(dpsi_checks PRIVATE interpolant_checks.cc)
