# Spec F.1 (OU marginal vs sigma-smoothing) and F.2's certified corollary constants.
target_sources(dpsi_checks PRIVATE diffusion_constants_checks.cc)
