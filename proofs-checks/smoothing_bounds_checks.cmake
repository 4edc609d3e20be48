target_sources(dpsi_checks PRIVATE smoothing_bounds_checks.cc log_domain.cc)
