target_sources(dpsi_checks PRIVATE inversion_checks.cc)
