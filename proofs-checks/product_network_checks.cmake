# C.3 (product distributions): parallel composition and the product score.
target_sources(dpsi_checks PRIVATE product_network_checks.cc)
