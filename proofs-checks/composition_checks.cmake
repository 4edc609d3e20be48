target_sources(dpsi_checks PRIVATE composition_checks.cc)
