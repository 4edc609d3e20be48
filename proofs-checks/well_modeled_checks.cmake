# The well-modeled table and C.8's end-to-end check (spec C.8).
target_sources(dpsi_checks PRIVATE well_modeled_table.cc)
