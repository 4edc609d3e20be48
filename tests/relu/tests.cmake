# Tests of dpsi/relu's parallel composition (spec C.3) and network export.
dpsi_add_test(parallel_test SOURCES relu/parallel_test.cc LABELS "lemma:C.3;exact;certified")
dpsi_add_test(network_export_test SOURCES relu/network_export_test.cc LABELS "export")
# C.8's monotonicity check (its file mirrors tests/density's other check tests).
dpsi_add_test(overlap_checks_test SOURCES density/overlap_checks_test.cc LABELS "lemma:C.8;certified")
