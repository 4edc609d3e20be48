# Checks of the small-sigma score network (spec C.1, C.4) and the shared well-modeled estimator.
target_sources(dpsi_checks PRIVATE score_network_checks.cc well_modeled_estimate.cc)
