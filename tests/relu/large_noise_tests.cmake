# Tests of the large-noise score network (spec C.7) and of the certified double evaluation of
# ReLU networks it relies on.
dpsi_add_test(network_error_bound_test SOURCES relu/network_error_bound_test.cc LABELS "lemma:C.7;certified")
dpsi_add_test(large_noise_network_test SOURCES relu/large_noise_network_test.cc LABELS "lemma:C.7;certified")
dpsi_add_test(large_noise_network_checks_test SOURCES relu/large_noise_network_checks_test.cc
              LABELS "lemma:C.7;certified;statistical")
