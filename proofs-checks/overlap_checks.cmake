# C.8 (regime overlap): the monotonicity claims.
target_sources(dpsi_checks PRIVATE overlap_checks.cc)
