target_sources(dpsi_checks PRIVATE scaling_checks.cc)
