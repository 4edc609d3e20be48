target_sources(dpsi_checks PRIVATE peer_checks.cc)
