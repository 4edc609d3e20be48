# Tests of the Boolean-circuit module.
dpsi_add_test(circuit_test SOURCES owf/circuit_test.cc LABELS "lemma:C.4;exact")
dpsi_add_test(sha256_circuit_test SOURCES owf/sha256_circuit_test.cc LABELS "lemma:G.1;lemma:C.4;exact")
