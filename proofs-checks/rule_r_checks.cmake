# Rule R of spec D.R: (K1)-(K4) on the 180-point grid.
target_sources(dpsi_checks PRIVATE rule_r_checks.cc)
