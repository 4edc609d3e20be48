# Certified constants of the reduction (B.2) and of the rejection bound (E.3) at the defaults.
target_sources(dpsi_checks PRIVATE reduction_constants_checks.cc)
