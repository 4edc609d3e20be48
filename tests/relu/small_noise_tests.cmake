# Tests of the small-sigma score network (spec C.4, Erratum 24) and its checks.
dpsi_add_test(small_noise_network_test SOURCES relu/small_noise_network_test.cc LABELS "lemma:C.4;lemma:C.1;certified")
dpsi_add_test(score_network_checks_test SOURCES relu/score_network_checks_test.cc LABELS "lemma:C.4;lemma:C.1;statistical")
dpsi_add_test(well_modeled_table_test SOURCES relu/well_modeled_table_test.cc LABELS "lemma:C.8;statistical")
