# Spec E.4 (prior-to-posterior TV transfer): certified quadrature on random discrete priors.
target_sources(dpsi_checks PRIVATE tv_transfer_checks.cc)
