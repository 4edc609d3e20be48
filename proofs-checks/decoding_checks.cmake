target_sources(dpsi_checks PRIVATE decoding_checks.cc)
