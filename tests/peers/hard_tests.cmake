# Tests of the hard-instance experiment of spec E.P (dpsi/peers/hard_*) and its check.
dpsi_add_test(hard_experiment_test SOURCES peers/hard_experiment_test.cc LABELS "lemma:E.P;statistical")
dpsi_add_test(peer_checks_test SOURCES peers/peer_checks_test.cc LABELS "lemma:E.P;statistical")
