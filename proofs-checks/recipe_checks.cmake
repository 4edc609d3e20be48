target_sources(dpsi_checks PRIVATE recipe_checks.cc)
