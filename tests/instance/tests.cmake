# Tests of the instance module.
dpsi_add_test(decoder_test SOURCES instance/decoder_test.cc LABELS "lemma:B.1;exact")
dpsi_add_test(decoding_error_test SOURCES instance/decoding_error_test.cc LABELS "lemma:B.1;certified")
dpsi_add_test(lattice_tails_test SOURCES instance/lattice_tails_test.cc LABELS "lemma:A.3;certified")
dpsi_add_test(reduction_constants_checks_test SOURCES instance/reduction_constants_checks_test.cc LABELS "lemma:B.2;lemma:E.3;lemma:E.T;certified")
