target_sources(dpsi_checks PRIVATE rejection_checks.cc)
