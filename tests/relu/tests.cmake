# Tests of dpsi/relu's parallel composition (spec C.3) and network export.
dpsi_add_test(parallel_test SOURCES relu/parallel_test.cc LABELS "lemma:C.3;exact;certified")
