target_sources(dpsi_checks PRIVATE sampling_checks.cc)
